"""The preview of a handbook whose index pages run over several parts (issue 22): a new,
retitled or removed map rebuilds the part that shows it, not every later part, and
every part the preview serves equals a fresh build's.

The parts are cut where the rows' keys say (``paging.stable_cuts``): a map added in the
first part leaves the rows of the second as they were. Cut every 250 rows instead, the
new map pushed one row into every later part, and each was rebuilt.

A real ``mkdocs serve --dirty -v``; what was rebuilt is read from its log.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

from bs4 import BeautifulSoup
from support import MAP, PERSONA, make_project, run_build, serving

from cjm_plugin.core.publishing.paging import PAGE_ROWS
from cjm_plugin.core.publishing.plan import plan_handbook
from cjm_plugin.core.reading.project import load_project

#: With Material's ``navigation.prune``: a page shows its own navigation group, so a new
#: map does not rebuild every page for its navigation.
YML = """\
site_name: Test handbook
site_url: http://127.0.0.1/
theme:
  name: material
  features: [navigation.instant, navigation.sections, navigation.prune]
plugins:
  - search
  - cjm
"""

#: Enough maps for two parts of the maps index, the reviews and the touchpoints.
COUNT = PAGE_ROWS + 60


def _rebuilt_since(log: str, mark: int) -> set[str]:
    pages: set[str] = set()
    for found in re.findall(r"preview build \d+ rebuilds: (.*)", log[mark:]):
        pages.update(p for p in found.strip().split(", ") if p)
    return pages


def _rows(html: str) -> list[str]:
    doc = BeautifulSoup(html, "html.parser")
    return [a.get_text() for a in doc.select("table.cjm-maps tbody tr td:first-child a")]


def _article(html: str) -> str:
    return str(BeautifulSoup(html, "html.parser").select_one("article"))


def test_a_new_map_rebuilds_its_own_part_of_each_list(tmp_path: Path) -> None:
    files = {f"maps/m{i:04d}.md": MAP.format(title=f"Map {i:04d}", persona="dina") for i in range(COUNT)}
    files["maps/personas/dina.md"] = PERSONA.format(name="Dina")
    project = make_project(tmp_path / "p", files, yml=YML)
    with serving(project, "--dirty", "-v") as server:
        assert server.wait_for("maps/m0000/", "Body of Map 0000.")
        first, second = _rows(server.fetch("maps/")), _rows(server.fetch("maps/index/2/"))
        assert first and second and first + second == [f"Map {i:04d}" for i in range(COUNT)]
        time.sleep(1)

        # A map sorted among the first part's rows, and one retitled in the second.
        mark = len(server.log)
        (project / "maps/early.md").write_text(MAP.format(title="Map 0003 again", persona="dina"),
                                               encoding="utf-8")
        assert server.wait_for("maps/", "Map 0003 again")
        time.sleep(1.5)
        rebuilt = _rebuilt_since(server.log, mark)
        assert {"maps/early.md", "maps/index.md", "reviews/index.md"} <= rebuilt
        assert not {"maps/index/2.md", "reviews/index/2.md"} & rebuilt, sorted(rebuilt)
        assert _rows(server.fetch("maps/index/2/")) == second

        mark = len(server.log)
        late = project / f"maps/m{COUNT - 5:04d}.md"
        late.write_text(late.read_text(encoding="utf-8").replace(f"title: Map {COUNT - 5:04d}",
                                                                 f"title: Map {COUNT - 5:04d} renamed"),
                        encoding="utf-8")
        assert server.wait_for("maps/index/2/", "renamed")
        time.sleep(1.5)
        rebuilt = _rebuilt_since(server.log, mark)
        assert "maps/index/2.md" in rebuilt and "maps/index/3.md" not in rebuilt

        (project / "maps/m0001.md").unlink()  # and one removed
        time.sleep(3)
        assert server.wait_for("maps/", "Map 0002")

        # Every part served equals a fresh build's.
        built = run_build(project)
        assert built.returncode == 0, built.log
        parts = sorted(p.relative_to(built.site).parent.as_posix() + "/"
                       for p in built.site.rglob("index.html")
                       if p.parent.name.isdigit() or p.parent.parent == built.site)
        assert {"maps/index/2/", "reviews/index/2/", "touchpoints/index/2/", "insights/index/2/"} <= set(parts)
        for url in parts:
            assert _article(server.fetch(url)) == _article(built.page(url)), url


def _plan_pages(project: Path) -> dict[str, tuple[bytes, str]]:
    """Each generated page's digest and what it shows (its HTML before and after the body)."""
    plan = plan_handbook(load_project(project), preview=True, as_of=dt.date(2026, 11, 23))
    return {uri: (page.inputs, page.before + page.after) for uri, page in plan.pages.items()}


def _lanes(title: str, touchpoint: str, owner: str) -> str:
    return (MAP.format(title=title, persona="dina").replace("touchpoints: [Google]", f"touchpoints: [{touchpoint}]")
            .replace("status: published", f"status: published\nowner: {owner}"))


def test_equal_digests_mean_equal_parts_whatever_the_save(tmp_path: Path) -> None:
    """The digests of the parts after the first miss nothing a part shows: after each kind
    of save, every page whose digest is unchanged shows exactly what it showed (the
    preview serves it as it was). A touchpoint or owner added before a part renumbers
    the anchors of the groups it shows; a map added or removed moves no other row."""
    files = {f"maps/m{i:04d}.md": _lanes(f"Map {i:04d}", f"Channel {i % 40:02d}", f"Owner {i % 7}")
             for i in range(COUNT)}
    files["maps/personas/dina.md"] = PERSONA.format(name="Dina")
    project = make_project(tmp_path / "p", files)
    before = _plan_pages(project)
    assert {"touchpoints/index/2.md", "reviews/index/2.md", "maps/index/2.md", "insights/index/2.md"} <= set(before)
    saves = [
        ("maps/aaa.md", _lanes("Map 0000 too", "Aardvark kiosk", "Aaron")),    # new touchpoint and owner, first
        ("maps/m0010.md", _lanes("Map 0010 renamed", "Channel 10", "Owner 3")),  # a title
        ("maps/m0200.md", None),                                                # a map removed
    ]
    for path, text in saves:
        if text is None:
            (project / path).unlink()
        else:
            (project / path).write_text(text, encoding="utf-8")
        after = _plan_pages(project)
        kept = [uri for uri in before.keys() & after.keys() if before[uri][0] == after[uri][0]]
        for uri in kept:
            assert before[uri][1] == after[uri][1], (path, uri)
        if path == "maps/m0010.md":  # a title in the first parts: the others are kept
            assert {"maps/index/2.md", "reviews/index/2.md"} <= set(kept), sorted(kept)
        before = after
