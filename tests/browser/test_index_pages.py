"""Every generated page stays light as the handbook grows (issue 22), and nothing
becomes unreachable: a real build of 700 small maps, the pages opened in Chromium.

700 maps is about the smallest handbook of this shape where every page this test covers
was over a limit before the long lists were cut into parts (``core/publishing/paging.py``). With the
commit before, as written (elements of the HTML; Chromium adds Material's own): the maps
index 8,560 elements, the reviews page 11,504, the touchpoints page 16,987, the insights
9,748, the page of the persona in every map 5,773 (the last to cross 5,000). The backlog
is left to its own test.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from support import MKDOCS_YML, make_project, resolve, run_build

pytestmark = pytest.mark.browser

MAPS = 700
TYPES = ("current-state", "future-state", "day-in-the-life", "service-blueprint")
OWNERS = ("Growth team", "CX team", "Operations")
#: Each map has two of these stages: the heat map of a type has a column for each.
STAGES = ("Awareness", "Consideration", "Purchase", "Support")
LIMIT_BYTES = 1_000_000
LIMIT_ELEMENTS = 5_000
#: The folders of the index pages this test covers, and the pages continuing them.
INDEXES = ("maps/", "personas/", "touchpoints/", "insights/", "reviews/")


def pain(i: int, s: int, t: int) -> str:
    """A pain point of its own: no two alike (the insights group near-same ones)."""
    return f"Pain {hashlib.sha256(f'{i}-{s}-{t}'.encode()).hexdigest()[:12]} with the order form"


def small_map(i: int) -> str:
    """A map of two stages of two steps: each step uses two touchpoints, has a pain point
    and an opportunity of its own, and Dina as its actor (her page names the steps)."""
    lines = ["---", f"title: Journey {i:04d}", f"type: {TYPES[i % 4]}", "persona: dina",
             f"owner: {OWNERS[i % 3]}", "status: published", f"updated: 2026-0{1 + i % 9}-01",
             "stages:"]
    for s, name in enumerate((STAGES[i // 4 % 2], STAGES[2 + i // 8 % 2])):
        lines += [f"  - name: {name}", "    steps:"]
        for t in range(2):
            lines += [f"      - name: Step {s}.{t} of journey {i}",
                      f"        score: {1 + (i + s + t) % 5}",
                      "        actors: [dina]",
                      f"        touchpoints: [Website, Channel {(i + t) % 7}]",
                      f"        pain_points: [{pain(i, s, t)}]",
                      f"        opportunities: [Idea {i}-{s}-{t}]"]
    return "\n".join(lines) + "\n---\nNotes.\n"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Any:
    files = {f"maps/m{i:04d}.md": small_map(i) for i in range(MAPS)}
    files["maps/personas/dina.md"] = "---\nname: Dina\nrole: Office worker\n---\nAbout Dina.\n"
    files["maps/personas/budi.md"] = "---\nname: Budi\nrole: Manager\n---\nAbout Budi.\n"
    # As the reference recommends for a large handbook: Material renders only the
    # navigation's branch of the page (otherwise every page lists every map).
    yml = MKDOCS_YML.format(language="en", options="").replace(
        "features: [navigation.instant]", "features: [navigation.sections, navigation.prune]"
    ).replace("  name: material\n", "  name: material\n  font: false\n")
    project = make_project(tmp_path_factory.mktemp("big") / "p", files, yml=yml)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def url_of(site: Path, html: Path) -> str:
    rel = html.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def generated_pages(site: Path) -> dict[str, int]:
    """Every page cjm generates but the backlog, with its HTML bytes."""
    pages = {}
    for html in site.rglob("index.html"):
        url = url_of(site, html)
        if url.startswith(("maps/", "personas/", "touchpoints/", "insights/", "reviews/")):
            pages[url] = html.stat().st_size
    return pages


def links(build: Any, url: str) -> list[str]:
    """The site paths the page's content links to."""
    article = BeautifulSoup(build.page(url), "html.parser").select_one("article")
    return [resolve(url, a["href"]).split("#")[0] for a in article.select("a[href]")
            if not a["href"].startswith(("http:", "https:"))]


def reach(build: Any, start: str) -> tuple[set[str], set[str]]:
    """Follow the links of ``start`` to the pages that continue its list (same folder,
    ``.../index/N/`` or ``persona/N/``): the parts reached, and the map pages they link."""
    stem = start.rstrip("/")
    seen, todo, found = {start}, [start], set()
    while todo:
        url = todo.pop()
        for target in links(build, url):
            if target.startswith(("maps/m", )) and target.count("/") == 2:
                found.add(target)
            elif target.startswith(f"{stem}/") and target not in seen and target.rstrip("/").split("/")[-1].isdigit():
                seen.add(target)
                todo.append(target)
    return seen, found


def kind_of(url: str) -> str:
    """Which list a page belongs to: an index (with the pages continuing it), the persona
    in every map (with its parts), a map, another persona."""
    top = url.split("/")[0] + "/"
    if url == top or url.startswith(f"{top}index/"):
        return top
    if url.startswith("personas/dina/"):
        return "dina"
    return "map" if top == "maps/" else "persona"


def test_every_generated_page_is_light(big: Any, new_page: Any, serve_dir: Any) -> None:
    pages = generated_pages(big.site)
    maps = [u for u in pages if u.startswith("maps/m")]
    assert len(maps) == MAPS
    assert {"maps/index/2/", "touchpoints/index/2/", "insights/index/2/", "reviews/index/2/",
            "personas/dina/2/"} <= set(pages)
    assert {u: b for u, b in pages.items() if b > LIMIT_BYTES} == {}
    # The elements of every page as written (the HTML parsed), then in Chromium, once the
    # page has loaded and its scripts ran, for the heaviest page of each kind and the
    # first two of each list.
    written = {u: len(BeautifulSoup(big.page(u), "html.parser").find_all(True)) for u in pages}
    assert {u: n for u, n in written.items() if n > LIMIT_ELEMENTS} == {}
    heaviest: dict[str, str] = {}
    for url, count in written.items():
        kind = kind_of(url)
        if kind not in heaviest or count > written[heaviest[kind]]:
            heaviest[kind] = url
    opened = sorted({*heaviest.values(), *INDEXES, "maps/index/2/", "touchpoints/index/2/",
                     "insights/index/2/", "reviews/index/2/", "personas/dina/", "personas/dina/2/"})
    base = serve_dir(big.site)
    page = new_page(base, viewport={"width": 1400, "height": 900})
    counts = {}
    for url in opened:
        page.goto(f"/{url}", wait_until="load")
        counts[url] = page.evaluate("() => document.getElementsByTagName('*').length")
    assert {u: n for u, n in counts.items() if n > LIMIT_ELEMENTS} == {}, counts
    assert page.cjm_page_errors == [] and page.cjm_external_requests == []


def test_every_map_is_reachable_from_each_index(big: Any) -> None:
    every = {f"maps/m{i:04d}/" for i in range(MAPS)}
    parts, found = reach(big, "maps/")
    assert found == every and len(parts) > 1
    # Each part links the others: the first part lists where each type starts.
    first = BeautifulSoup(big.page("maps/"), "html.parser")
    assert first.select_one("nav.cjm-pager a[rel=next]")["href"] == "index/2/"
    assert [a.get_text() for a in first.select(".cjm-pager__starts a")] == [
        "Current state", "Future state", "Day in the life", "Service blueprint"]
    for start in ("touchpoints/", "insights/", "reviews/", "personas/dina/"):
        parts, found = reach(big, start)
        assert found == every, start
        assert len(parts) > 1, start
    # A touchpoint's uses run over several parts: each part says whose they are.
    second = BeautifulSoup(big.page("touchpoints/index/2/"), "html.parser")
    assert second.select_one("tbody td").get_text(strip=True).endswith("(continued)")
    # Parts of at most 250 rows, cut where the rows' keys say (paging.stable_cuts).
    assert re.fullmatch(rf"Dina \(2 of [{-(-MAPS // 250)}-{MAPS // 166}]\)", BeautifulSoup(
        big.page("personas/dina/2/"), "html.parser").select_one("h1").get_text(strip=True))


def test_search_keeps_the_repeats_out_and_finds_a_pain_point(big: Any) -> None:
    index = json.loads((big.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    # A map's own pain point is found, on its map's page (its stage), and nowhere else.
    found = [d["location"] for d in docs if pain(345, 1, 0) in d["text"]]
    assert found == ["maps/m0345/#cjm-stage-2"]
    # The lists of the index pages and of the pages continuing them repeat the map pages:
    # no map title in their text.
    lists = [d for d in docs if d["location"].split("#")[0] in ("maps/", "personas/")
             or d["location"].startswith(("maps/index/", "reviews/", "touchpoints/", "insights/index/",
                                          "insights/#cjm-heat", "personas/dina/2/"))]
    assert {d["location"].split("#")[0] for d in lists} >= {
        "maps/", "maps/index/2/", "reviews/", "reviews/index/2/", "touchpoints/",
        "touchpoints/index/2/", "insights/", "insights/index/2/", "personas/dina/2/"}
    for doc in lists:
        assert "Journey 0" not in doc["text"] and "Journey 1" not in doc["text"], doc["location"]
    # The grid's repeats: a touchpoint's name is found on the touchpoints page, not on
    # each map's; the score's words and the step numbers are not indexed.
    stage = next(d for d in docs if d["location"] == "maps/m0345/#cjm-stage-2")
    assert "Channel" not in stage["text"] and "Website" not in stage["text"]
    assert "of 5" not in stage["text"]
    touch = [d["location"] for d in docs if "Channel 3" in d["text"]]
    assert touch and all(loc.startswith("touchpoints/") for loc in touch)
