"""The preview (`mkdocs serve --dirty`, as the docs recommend): a save rebuilds only the
pages that show what changed, the navigation, indexes and search stay right, and a
file with errors keeps its page, which lists its problems.

Real `mkdocs serve` processes; what was rebuilt is read from the serve's own log
(`-v`: the plugin names the pages of each preview build) and from the served pages.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import MAP, PERSONA, make_project, run_build, serving

FUTURE = MAP.replace("status: published", "status: published\ntype: future-state\ncompares: one")


def _project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/personas/budi.md": PERSONA.format(name="Budi"),
        "maps/one.md": MAP.format(title="One", persona="dina").replace(
            "status: published", "status: published\ncompares: three"),
        "maps/two.md": MAP.format(title="Two", persona="budi"),
        "maps/three.md": FUTURE.format(title="Three", persona="dina"),
    })


def _rebuilt_since(log: str, mark: int) -> set[str]:
    """Pages the preview builds after position ``mark`` of the log rebuilt."""
    pages: set[str] = set()
    for found in re.findall(r"preview build \d+ rebuilds: (.*)", log[mark:]):
        pages.update(p for p in found.strip().split(", ") if p)
    return pages


def _search_locations(server) -> list[str]:
    return [doc["location"] for doc in json.loads(server.fetch("search/search_index.json"))["docs"]]


def _settle(server, seconds: float = 0.6) -> None:
    """Let the build that showed the change finish writing (search index, stale files)."""
    time.sleep(seconds)


def test_a_save_rebuilds_only_the_pages_that_show_the_map(tmp_path: Path) -> None:
    project = _project(tmp_path)
    one = project / "maps/one.md"
    with serving(project, "--dirty", "-v") as server:
        assert server.wait_for("maps/one/", "Body of One.")
        _settle(server)
        # The body: only the map's own page shows it.
        mark = len(server.log)
        one.write_text(one.read_text().replace("Body of One.", "Body says Quetzal."), encoding="utf-8")
        assert server.wait_for("maps/one/", "Quetzal")
        _settle(server)
        assert _rebuilt_since(server.log, mark) == {"maps/one.md"}

        # Search finds the new words, and lists each page's sections once.
        locations = _search_locations(server)
        found = [d for d in json.loads(server.fetch("search/search_index.json"))["docs"]
                 if "Quetzal" in d["text"]]
        assert found and all(d["location"].startswith("maps/one/") for d in found)
        assert len(locations) == len(set(locations))
        assert any(loc.startswith("maps/two/") for loc in locations)
        # The index pages are found by their titles, as in a built site.
        assert {"maps/", "personas/", "touchpoints/", "backlog/", "reviews/", "insights/"} <= set(locations)

        # A pain point: its page, its persona's page (which lists its steps), the map it
        # compares with and the backlog; no other index, map or persona.
        mark = len(server.log)
        one.write_text(one.read_text().replace("[Not found]", "[Not found by Zebulon]"), encoding="utf-8")
        assert server.wait_for("backlog/", "Zebulon")
        assert "Zebulon" in server.fetch("maps/one/")
        _settle(server)
        rebuilt = _rebuilt_since(server.log, mark)
        assert {"maps/one.md", "personas/dina.md", "maps/three.md", "backlog/index.md"} <= rebuilt
        assert not {"maps/two.md", "personas/budi.md", "index.md", "maps/index.md",
                    "touchpoints/index.md", "reviews/index.md", "personas/index.md"} & rebuilt
        assert "Zebulon" in server.fetch("backlog/backlog.csv")

        # The date of the last review: every index that shows the map's row.
        mark = len(server.log)
        one.write_text(one.read_text().replace("updated: 2026-11-01", "updated: 2026-11-02"),
                       encoding="utf-8")
        assert server.wait_for("maps/", "2026-11-02")
        assert server.wait_for("reviews/", "2026-11-02")
        _settle(server)
        rebuilt = _rebuilt_since(server.log, mark)
        assert {"maps/one.md", "personas/dina.md", "maps/three.md", "maps/index.md",
                "touchpoints/index.md", "backlog/index.md", "reviews/index.md"} <= rebuilt
        assert not {"maps/two.md", "personas/budi.md", "index.md", "personas/index.md"} & rebuilt


def test_adding_renaming_and_deleting_a_map_updates_nav_indexes_and_search(tmp_path: Path) -> None:
    project = _project(tmp_path)
    four = project / "maps/four.md"
    with serving(project, "--dirty", "-v") as server:
        assert server.wait_for("maps/two/", "Body of Two.")
        _settle(server)
        four.write_text(MAP.format(title="Fourth map", persona="budi"), encoding="utf-8")
        assert server.wait_for("maps/four/", "Body of Fourth map.")
        assert server.wait_for("maps/two/", "Fourth map")  # the navigation, on every page
        assert "Fourth map" in server.fetch("maps/")
        assert "Fourth map" in server.fetch("personas/budi/")
        _settle(server)

        four.write_text(MAP.format(title="Renamed map", persona="budi"), encoding="utf-8")
        assert server.wait_for("maps/two/", "Renamed map")
        assert "Fourth map" not in server.fetch("maps/two/")
        assert "Renamed map" in server.fetch("maps/")
        _settle(server)
        assert any(loc.startswith("maps/four/") for loc in _search_locations(server))

        four.unlink()
        deadline = time.monotonic() + 60
        while "Renamed map" in server.fetch("maps/two/") and time.monotonic() < deadline:
            time.sleep(0.3)
        _settle(server)
        assert "Renamed map" not in server.fetch("maps/")
        assert "Renamed map" not in server.fetch("personas/budi/")
        with pytest.raises(urllib.error.HTTPError):
            server.fetch("maps/four/")
        with pytest.raises(urllib.error.HTTPError):
            server.fetch("maps/four.json")
        assert not any(loc.startswith("maps/four/") for loc in _search_locations(server))


BROKEN_STEP = "      - name: Searches\n        score: 2\n"


@pytest.mark.parametrize("mode", ["--dirty", None])
def test_a_broken_map_shows_its_problems_at_its_address(tmp_path: Path, mode: str | None) -> None:
    project = _project(tmp_path)
    three = project / "maps/three.md"
    good = three.read_text(encoding="utf-8")
    with serving(project, *([mode] if mode else [])) as server:
        assert server.wait_for("maps/three/", "Body of Three.")
        _settle(server)
        three.write_text(good.replace("score: 2", "score: 9"), encoding="utf-8")
        assert server.wait_for("maps/three/", "cjm-problems")
        page = server.fetch("maps/three/")
        # The box names the file, the line and column, and the message.
        row = re.search(r'<tr class="cjm-problem cjm-problem--error"><td><code>(.*?)</code></td>'
                        r"<td>(\d+)</td><td>(\d+)</td><td>(.*?)</td></tr>", page)
        assert row, page
        assert row.group(1) == "maps/three.md"
        line = good.splitlines().index("        score: 2") + 1
        assert (int(row.group(2)), int(row.group(3))) == (line, 16)
        assert "score" in row.group(4)
        assert "This map has errors" in page
        assert '<h1 id="three">Three</h1>' in page or ">Three</h1>" in page  # its title kept
        # The map it compares with and the maps index say so.
        assert server.wait_for("maps/one/", "has errors")
        assert "cjm-badge--errors" in server.fetch("maps/")
        _settle(server)
        # Fixed: the normal page comes back.
        three.write_text(good, encoding="utf-8")
        assert server.wait_for("maps/three/", "Body of Three.")
        assert "cjm-problems" not in server.fetch("maps/three/")
        assert server.wait_for("maps/one/", 'href="../three/"')
        assert "has errors" not in server.fetch("maps/one/")


def test_an_unreadable_map_keeps_its_place_and_title(tmp_path: Path) -> None:
    project = _project(tmp_path)
    two = project / "maps/two.md"
    good = two.read_text(encoding="utf-8")
    with serving(project, "--dirty") as server:
        assert server.wait_for("maps/two/", "Body of Two.")
        _settle(server)
        two.write_text(good.replace("score: 2", "score: [2"), encoding="utf-8")  # YAML error
        assert server.wait_for("maps/two/", "cjm-problems")
        page = server.fetch("maps/two/")
        assert "maps/two.md" in page and "Two" in page


def test_builds_and_check_still_leave_a_broken_map_out(tmp_path: Path) -> None:
    project = _project(tmp_path)
    three = project / "maps/three.md"
    three.write_text(three.read_text().replace("score: 2", "score: 9"), encoding="utf-8")
    lenient = run_build(project)
    assert lenient.returncode == 0, lenient.log
    assert not (lenient.site / "maps/three").exists()
    assert "cjm-problems" not in lenient.page("maps/")
    assert "has errors" not in lenient.page("maps/one/")
    strict = run_build(project, "--strict")
    assert strict.returncode != 0
    check = subprocess.run([sys.executable, "-m", "cjm_plugin.cli", "check"], cwd=project,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "maps/three.md" in check.stdout + check.stderr


def test_a_map_page_follows_the_steps_that_zoom_into_it(tmp_path: Path) -> None:
    project = _project(tmp_path)
    two = project / "maps/two.md"
    two.write_text(two.read_text().replace("score: 2\n", "score: 2\n        zoom: one\n"),
                   encoding="utf-8")
    with serving(project, "--dirty") as server:
        assert server.wait_for("maps/one/", "Searches")
        _settle(server)
        two.write_text(two.read_text().replace("name: Searches", "name: Compares prices"),
                       encoding="utf-8")
        assert server.wait_for("maps/two/", "Compares prices")
        assert server.wait_for("maps/one/", "Compares prices", seconds=10)


def _article(html: str) -> str:
    found = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
    assert found, html[:500]
    return found.group(1)


def _nav(html: str) -> list[tuple[str, str]]:
    """The primary navigation as (text, link) pairs."""
    nav = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--primary")
    assert nav is not None
    return [(a.get_text(" ", strip=True), str(a.get("href"))) for a in nav.select("a")]


def test_after_many_saves_every_preview_page_equals_a_fresh_build(tmp_path: Path) -> None:
    """The digests miss nothing: after edits of every kind, each page the preview serves
    shows what a fresh build of the same files shows."""
    project = _project(tmp_path)
    files = {name: project / "maps" / name for name in ("one.md", "two.md", "three.md")}
    dina = project / "maps/personas/dina.md"
    with serving(project, "--dirty") as server:
        assert server.wait_for("maps/two/", "Body of Two.")
        _settle(server)
        steps = [
            (dina, "role: Tester", "role: Buyer"),                      # a persona's front-matter
            (files["three.md"], "[Not found]", "[Not found, still]"),    # the partner's pain point
            (files["two.md"], "touchpoints: [Google]", "touchpoints: [Google, Kiosk]"),
            (files["one.md"], "score: 2", "score: 4"),                   # the comparison's averages
            (files["two.md"], "persona: budi", "persona: dina"),         # who appears where
            (files["one.md"], "updated: 2026-11-01", "updated: 2025-01-01"),  # overdue now
            (files["two.md"], "title: Two", "title: Second"),            # the navigation
            (project / "docs/index.md", "# Home", "# Welcome home"),     # a hand-written title
        ]
        for path, old, new in steps:
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
            time.sleep(1.5)
        assert server.wait_for("reviews/", "2025-01-01")
        assert server.wait_for("maps/one/", "Welcome home")
        _settle(server, 2)
        built = run_build(project)
        assert built.returncode == 0, built.log
        pages = sorted(p.relative_to(built.site).parent.as_posix() + "/"
                       for p in built.site.rglob("index.html") if "search" not in p.parts)
        assert len(pages) >= 10
        for url in pages:
            url = "" if url == "./" else url
            served, fresh = server.fetch(url), built.page(url or "index.html")
            assert _article(served) == _article(fresh), url
            assert _nav(served) == _nav(fresh), url
        # The exports too (each map's JSON, the backlog and any other CSV or JSON).
        exported = [p for p in built.site.rglob("*") if p.suffix in (".csv", ".json")
                    and p.parts[-2:] != ("search", "search_index.json")]
        assert any(p.name == "backlog.csv" for p in exported)
        for path in exported:
            url = path.relative_to(built.site).as_posix()
            assert server.fetch(url) == path.read_text(encoding="utf-8"), url


def test_a_broken_persona_shows_its_problems_at_its_address(tmp_path: Path) -> None:
    project = _project(tmp_path)
    budi = project / "maps/personas/budi.md"
    with serving(project, "--dirty") as server:
        assert server.wait_for("personas/budi/", "About Budi.")
        _settle(server)
        budi.write_text(budi.read_text().replace("role: Tester", "role: Tester\nage: 40"),
                        encoding="utf-8")
        assert server.wait_for("personas/budi/", "This persona has errors")
        page = server.fetch("personas/budi/")
        assert "maps/personas/budi.md" in page and "age" in page
        assert server.wait_for("maps/two/", "Body of Two.")  # its map is still published
