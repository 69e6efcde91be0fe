"""The preview with Material's ``navigation.prune``: a retitled, new or removed map
rebuilds the pages that show it (its navigation group's pages, the footer's
neighbours, the pages that name it, the index pages), and no other; without prune,
every page, since every page shows the whole navigation.

Real ``mkdocs serve --dirty -v`` processes: what was rebuilt is read from the serve's
own log (the plugin names the pages of each preview build), what readers see from the
served pages, compared at the end with a fresh ``mkdocs build`` of the same files.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import MAP, PERSONA, make_project, run_build, serving

YML = """\
site_name: Test handbook
site_url: http://127.0.0.1/
theme:
  name: material
  features: [navigation.instant, navigation.sections, navigation.footer{prune}]
plugins:
  - search
  - cjm:
      nav_group_size: 4
"""

#: Current-state maps in two navigation groups of at most 4: Alpha – Delta, Echo – Foxtrot.
CURRENT = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot")


def _map(title: str, persona: str = "budi", extra: str = "") -> str:
    return MAP.format(title=title, persona=persona).replace("status: published",
                                                             "status: published" + extra)


def _project(tmp_path: Path, *, prune: bool = True) -> Path:
    files = {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/personas/budi.md": PERSONA.format(name="Budi"),
        **{f"maps/{mid}.md": _map(mid.capitalize()) for mid in CURRENT},
        # Bravo's persona is Dina; Echo's step zooms into Bravo; Zulu compares with it.
        "maps/bravo.md": _map("Bravo", "dina"),
        "maps/zulu.md": _map("Zulu future", extra="\ntype: future-state\ncompares: bravo"),
        "maps/yankee.md": _map("Yankee future", extra="\ntype: future-state"),
    }
    files["maps/echo.md"] = files["maps/echo.md"].replace("score: 2\n", "score: 2\n        zoom: bravo\n")
    # Links to a map not written yet: MkDocs makes them addresses once it exists.
    files["maps/alpha.md"] += "\nSee [the golf map](golf.md).\n"
    # Names the new map's id, but links to no page by it: not rebuilt when Golf comes.
    files["docs/about.md"] = "# About\n\nHand-written, about golf and the golf map.\n"
    project = make_project(tmp_path / "p", files,
                           yml=YML.format(prune=", navigation.prune" if prune else ""))
    (project / "docs/index.md").write_text("# Home\n\nStart at [Golf](maps/golf.md).\n", encoding="utf-8")
    return project


def _rebuilt_since(log: str, mark: int) -> set[str]:
    pages: set[str] = set()
    for found in re.findall(r"preview build \d+ rebuilds: (.*)", log[mark:]):
        pages.update(p for p in found.strip().split(", ") if p)
    return pages


def _built_pages(log: str, mark: int) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in
            re.findall(r"preview build \d+: (\d+) of (\d+) pages to rebuild", log[mark:])]


def _stops_showing(server, url: str, text: str, seconds: float = 120) -> bool:
    """Whether the page at ``url`` stops showing ``text`` within ``seconds`` (a request
    waits while the serve rebuilds, and may time out on a busy machine: asked again)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if text not in server.fetch(url):
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def _settle(seconds: float = 0.8) -> None:
    time.sleep(seconds)


def _nav(html: str) -> list[str]:
    nav = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--primary")
    assert nav is not None
    return [a.get_text(" ", strip=True) for a in nav.select("a, label")]


def _footer(html: str) -> list[str]:
    doc = BeautifulSoup(html, "html.parser")
    return [a.get_text(" ", strip=True) for a in doc.select("a.md-footer__link")]


def _shown(html: str) -> tuple[object, ...]:
    """What a reader sees of a page: the article, the navigation and the footer's links."""
    doc = BeautifulSoup(html, "html.parser")
    article = doc.select_one("article")
    nav = doc.select_one("nav.md-nav--primary")
    return (str(article), str(nav), [(a.get("href"), a.get_text(" ", strip=True))
                                     for a in doc.select("a.md-footer__link")])


def _same_as_a_fresh_build(server, project: Path) -> None:
    built = run_build(project)
    assert built.returncode == 0, built.log
    pages = sorted(p.relative_to(built.site).parent.as_posix() + "/"
                   for p in built.site.rglob("index.html") if "search" not in p.parts)
    assert len(pages) >= 12
    for url in pages:
        url = "" if url == "./" else url
        assert _shown(server.fetch(url)) == _shown(built.page(url or "index.html")), url


def _write(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_retitled_map_rebuilds_the_pages_that_show_its_title(tmp_path: Path) -> None:
    project = _project(tmp_path)
    with serving(project, "--dirty", "-v") as server:
        assert server.wait_for("maps/bravo/", "Body of Bravo.")
        _settle()
        mark = len(server.log)
        _write(project / "maps/bravo.md", "title: Bravo", "title: Bravissimo")
        assert server.wait_for("maps/bravo/", ">Bravissimo</h1>")
        assert server.wait_for("maps/", "Bravissimo")
        _settle()
        # Every page that shows the title shows the new one.
        for url in ("maps/alpha/", "maps/charlie/", "maps/delta/"):  # its group's navigation
            assert "Bravissimo" in _nav(server.fetch(url)), url
        assert any("Bravissimo" in text for text in _footer(server.fetch("maps/alpha/")))    # next
        assert any("Bravissimo" in text for text in _footer(server.fetch("maps/charlie/")))  # previous
        for url in ("maps/", "reviews/", "backlog/", "touchpoints/", "insights/",
                    "personas/dina/", "maps/zulu/", "maps/echo/"):  # lists, persona, compared, zoom
            assert "Bravissimo" in server.fetch(url), url
        assert "Bravissimo" not in server.fetch("maps/foxtrot/")  # another group: pruned
        rebuilt = _rebuilt_since(server.log, mark)
        assert {"maps/alpha.md", "maps/bravo.md", "maps/charlie.md", "maps/delta.md",
                "maps/echo.md", "maps/zulu.md", "personas/dina.md", "maps/index.md",
                "reviews/index.md", "backlog/index.md", "touchpoints/index.md",
                "insights/index.md"} <= rebuilt
        # Search still finds the pages rebuilt for their navigation alone, once each.
        docs = json.loads(server.fetch("search/search_index.json"))["docs"]
        locations = [d["location"] for d in docs]
        assert len(locations) == len(set(locations))
        assert any("Body of Delta." in d["text"] for d in docs if d["location"].startswith("maps/delta/"))
        assert any("Bravissimo" in d["title"] for d in docs if d["location"].startswith("maps/bravo/"))
        # A page outside its group that does not name it is not rebuilt.
        assert not {"maps/foxtrot.md", "maps/yankee.md", "index.md", "about.md",
                    "personas/budi.md", "personas/index.md"} & rebuilt
        _same_as_a_fresh_build(server, project)


def test_a_new_and_a_removed_map_rebuild_their_section_and_neighbours(tmp_path: Path) -> None:
    project = _project(tmp_path)
    golf = project / "maps/golf.md"
    with serving(project, "--dirty", "-v") as server:
        assert server.wait_for("maps/echo/", "Body of Echo.")
        _settle()
        # Golf joins the second group: its label changes (Echo – Golf), so the whole
        # current-state section is rebuilt; the future-state maps only see the section's
        # title and first page, which are the same.
        mark = len(server.log)
        golf.write_text(_map("Golf"), encoding="utf-8")
        assert server.wait_for("maps/golf/", "Body of Golf.")
        assert server.wait_for("maps/", "Golf")
        _settle()
        assert "Golf" in _nav(server.fetch("maps/echo/"))
        assert any("Echo – Golf" in text for text in _nav(server.fetch("maps/alpha/")))
        assert any("Golf" in text for text in _footer(server.fetch("maps/foxtrot/")))  # next
        assert any("Golf" in text for text in _footer(server.fetch("maps/yankee/")))   # previous
        assert "Golf" in server.fetch("backlog/") and "Golf" in server.fetch("personas/budi/")
        # The pages that link to it by its file now link to its page.
        assert 'href="../golf/"' in server.fetch("maps/alpha/")
        assert 'href="maps/golf/"' in server.fetch("index.html")
        rebuilt = _rebuilt_since(server.log, mark)
        assert {*(f"maps/{m}.md" for m in CURRENT), "maps/golf.md", "maps/yankee.md",
                "maps/index.md", "backlog/index.md", "personas/budi.md", "index.md"} <= rebuilt
        assert not {"maps/zulu.md", "about.md", "personas/dina.md"} & rebuilt
        _same_as_a_fresh_build(server, project)

        # Removed: gone from every page that showed it, the others untouched.
        mark = len(server.log)
        golf.unlink()
        assert _stops_showing(server, "maps/", "Golf")
        _settle(1.5)
        for url in ("maps/echo/", "maps/alpha/", "maps/foxtrot/", "maps/yankee/", "backlog/",
                    "personas/budi/"):
            assert "Golf" not in server.fetch(url), url
        with pytest.raises(urllib.error.HTTPError):
            server.fetch("maps/golf/")
        assert 'href="maps/golf/"' not in server.fetch("index.html")
        rebuilt = _rebuilt_since(server.log, mark)
        assert {"maps/foxtrot.md", "maps/yankee.md", "maps/alpha.md", "maps/index.md",
                "index.md"} <= rebuilt
        assert not {"maps/zulu.md", "about.md", "personas/dina.md"} & rebuilt
        _same_as_a_fresh_build(server, project)


def test_without_prune_a_retitled_map_rebuilds_every_page(tmp_path: Path) -> None:
    project = _project(tmp_path, prune=False)
    with serving(project, "--dirty", "-v") as server:
        assert server.wait_for("maps/bravo/", "Body of Bravo.")
        _settle()
        mark = len(server.log)
        _write(project / "maps/bravo.md", "title: Bravo", "title: Bravissimo")
        assert server.wait_for("maps/bravo/", ">Bravissimo</h1>")
        _settle(1.5)
        assert "Bravissimo" in _nav(server.fetch("maps/foxtrot/"))
        assert "Bravissimo" in _nav(server.fetch("index.html"))
        counts = _built_pages(server.log, mark)
        assert counts and all(changed == total for changed, total in counts), counts
