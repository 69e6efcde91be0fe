"""The plugin in real MkDocs builds: pages, links both ways, search, strictness."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup
from support import (
    FIXED_EPOCH,
    MAP,
    PERSONA,
    REPO,
    Build,
    make_project,
    resolve,
    run_build,
    serving,
    soup,
    tree_digest,
)

from cjm_plugin.core.publishing.exports import BACKLOG_FIELDS
from cjm_plugin.core.reading.loader import load_handbook

EXAMPLE_MAPS = ["catering-current", "catering-future", "dina-day", "catering-blueprint",
                "office-lunch-current", "toys-current", "toys-future"]
EXAMPLE_PERSONAS = ["dina", "budi", "sari", "rina"]


def article(build: Build, url: str) -> BeautifulSoup:
    return soup(build, url).select_one("article.md-content__inner")


def links_from(build: Build, url: str) -> set[str]:
    """The site pages and files linked from ``url``'s content (not external links)."""
    return {resolve(url, a["href"]) for a in article(build, url).select("a[href]")
            if not urlparse(a["href"]).scheme}


# -- the example handbook ------------------------------------------------------------
def test_every_contract_url_is_published(example_build: Build) -> None:
    for url in ["maps/", "personas/", "touchpoints/", "backlog/", "reviews/"]:
        assert (example_build.site / url / "index.html").is_file(), url
    for mid in EXAMPLE_MAPS:
        assert (example_build.site / "maps" / mid / "index.html").is_file(), mid
    for pid in EXAMPLE_PERSONAS:
        assert (example_build.site / "personas" / pid / "index.html").is_file(), pid


def test_map_page_shows_facts_diagram_table_and_body(example_build: Build) -> None:
    page = soup(example_build, "maps/catering-current/")
    assert page.select_one("h1").get_text(strip=True) == "Healthy catering — current state"
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
             for dt in page.select(".cjm-facts dt")}
    assert facts["Type"] == "Current state"
    assert facts["Status"] == "Published"
    assert facts["Owner"] == "Growth team"
    assert facts["Last review"] == "2026-10-01"
    assert facts["Next review"] == "2026-12-30 (every 90 days) Up to date"
    assert facts["Persona"] == "Dina, the busy professional"
    assert list(facts) == ["Type", "Status", "Persona", "Owner", "Goal", "Last review", "Next review",
                           "Compared with", "Sub-journeys", "Tags"]
    assert facts["Tags"] == "catering web acquisition jakarta"
    code = [line for line in page.select_one("pre.mermaid code").get_text().splitlines()
            if not line.startswith("%% ")]  # cjm's comment lines (the row's width)
    # After the theme's init line: the diagram type, then the first stage and its step.
    assert code[1:4] == ["journey", "section Awareness",
                         "    Searches Google for healthy catering: 2: Dina#44; the busy professional"]
    table = page.select_one("div.cjm-grid")
    stages = [h.get_text(strip=True) for h in table.select("h3.cjm-stage__name")]
    assert stages == ["Awareness", "Consideration", "Decision", "Purchase", "Post-purchase"]
    rows = [h.get_text(strip=True) for h in table.select(".cjm-grid__head")]
    assert rows == ["Overview", "Steps", "Emotion", "Thinking", "Feeling", "Touchpoints", "Channels",
                    "Pain points", "Opportunities", "Owner", "Metrics", "Notes"]
    steps = [[s.find(string=True).strip() for s in stage.select(".cjm-step__name")]
             for stage in table.select(".cjm-stage")]
    assert steps[:2] == [["Searches Google for healthy catering"],
                         ["Clicks first-page results", "Explores the website (philosophy, menus, offers)"]]
    # The map's own Markdown follows the generated part.
    body = page.select_one("article").get_text()
    assert body.index("Stages") < body.index("Research sources")


def test_custom_lanes_use_their_labels(example_build: Build) -> None:
    rows = [h.get_text(strip=True) for h in
            soup(example_build, "maps/dina-day/").select("div.cjm-grid .cjm-grid__head")]
    # The custom lanes follow the built-in ones, in the order the map declares them.
    assert rows[-3:] == ["What is her top priority?", "How she uses the product today",
                         "How we could serve her better"]
    future = [h.get_text(strip=True) for h in
              soup(example_build, "maps/catering-future/").select("div.cjm-grid .cjm-grid__head")]
    assert future[-2:] == ["Answers pain point", "How is this different from today?"]


def test_blueprint_layers_are_rows(example_build: Build) -> None:
    rows = [h.get_text(strip=True) for h in
            soup(example_build, "maps/catering-blueprint/").select("div.cjm-grid .cjm-grid__head")]
    assert rows == ["Overview", "Steps", "Emotion", "Thinking", "Evidence", "Touchpoints", "Channels",
                    "Line of interaction", "Frontstage", "Line of visibility", "Backstage",
                    "Line of internal interaction", "Support processes", "Pain points", "Opportunities",
                    "Owner", "Metrics"]


def test_map_and_persona_link_both_ways(example_build: Build) -> None:
    assert "personas/dina/" in links_from(example_build, "maps/catering-current/")
    assert "maps/catering-current/" in links_from(example_build, "personas/dina/")
    # A persona named only as a step's actor lists those steps.
    budi = [li.get_text(" ", strip=True) for li in
            article(example_build, "personas/budi/").select("ul.cjm-appearances > li")]
    assert budi == [
        "Subscription checkout — service blueprint (Service blueprint, persona of the map) Actor in: "
        "Choose a plan — Chooses a plan and a start date ; Checkout — Pays",
        "Office lunch deals — current state (B2B pilot) (Current state, persona of the map) Actor in: "
        "Awareness — Searches for corporate catering and asks peers ; "
        "Consideration — Requests quotations from three caterers ; "
        "Consideration — Organises a tasting for the team ; "
        "Decision — Gets approval from the finance director ; Usage — Updates the headcount every morning"]


def test_compared_maps_link_both_ways(example_build: Build) -> None:
    assert "maps/catering-future/" in links_from(example_build, "maps/catering-current/")
    assert "maps/catering-current/" in links_from(example_build, "maps/catering-future/")


def test_every_generated_link_resolves(example_build: Build) -> None:
    pages = ["maps/", "personas/", "touchpoints/", "backlog/", "reviews/"]
    pages += [f"maps/{m}/" for m in EXAMPLE_MAPS] + [f"personas/{p}/" for p in EXAMPLE_PERSONAS]
    for url in pages:
        for target in links_from(example_build, url):
            if target.startswith(("http", "#")) or not target:
                continue
            path = example_build.site / target
            assert path.is_file() or (path / "index.html").is_file(), f"{url} -> {target}"


def test_indexes_list_everything(example_build: Build) -> None:
    maps = article(example_build, "maps/")
    # One table for every map, its type a column (the columns line up), by type then title.
    assert len(maps.select("table")) == 1
    assert [th.get_text(strip=True) for th in maps.select("thead th")] == [
        "Title", "Type", "Personas", "Owner", "Status", "Last review", "Next review"]
    rows = maps.select("table.cjm-index-table tbody tr")
    assert len(rows) == len(EXAMPLE_MAPS)
    types = [tr.select("td")[1].get_text(strip=True) for tr in rows]
    assert list(dict.fromkeys(types)) == [
        "Current state", "Future state", "Day in the life", "Service blueprint"]
    people = article(example_build, "personas/")
    assert len(people.select("tbody tr")) == len(EXAMPLE_PERSONAS)
    touch = article(example_build, "touchpoints/").select("tbody tr")
    book = load_handbook(REPO / "maps", root=REPO)
    # A row per touchpoint or channel, each listing every use: (map, stage, step, lane).
    assert [tr.select_one("td").get_text(strip=True) for tr in touch] == list(book.touchpoints)
    assert [len(tr.select("li")) for tr in touch] == [len(uses) for uses in book.touchpoints.values()]
    backlog = article(example_build, "backlog/")
    # One table (sortable and filterable by its script), pain points first.
    assert len(backlog.select("table")) == 1
    assert [th.get_text(strip=True) for th in backlog.select("thead th")] == [
        "Kind", "Entry", "Map", "Stage", "Step", "Owner", "Progress", "Priority", "Impact",
        "Effort", "Basis"]
    kinds = [tr.select_one("td").get_text(strip=True) for tr in backlog.select("tbody tr")]
    assert len(kinds) > 10 and list(dict.fromkeys(kinds)) == ["Pain point", "Opportunity"]
    # Without JavaScript the table is complete and the filter form stays hidden.
    assert backlog.select_one("form.cjm-filters").has_attr("hidden")


def test_reviews_page_lists_overdue_first_by_owner(example_build: Build) -> None:
    page = article(example_build, "reviews/")
    title = soup(example_build, "maps/dina-day/").select_one("h1").get_text(strip=True)
    # First in the "Overdue" list across owners, then in its owner's own list.
    first, *by_owner = page.select("table")
    overdue = first.select("tr.cjm-review--overdue")
    assert [row.select_one("a").get_text(strip=True) for row in overdue] == [title]
    assert [td.get_text(strip=True) for td in overdue[0].select("td")][2:] == ["2026-09-13", "Overdue by 71 days"]
    assert [row.select_one("a").get_text(strip=True)
            for table in by_owner for row in table.select("tr.cjm-review--overdue")] == [title]


def test_search_index_has_generated_pages(example_build: Build) -> None:
    index = json.loads((example_build.site / "search" / "search_index.json").read_text())
    by_location = {doc["location"]: doc for doc in index["docs"]}
    assert by_location["personas/dina/"]["title"] == "Dina, the busy professional"
    assert by_location["maps/catering-current/"]["title"] == "Healthy catering — current state"
    text = " ".join(doc["text"] for doc in index["docs"])
    # Generated sections are search sections of their own.
    assert "maps/catering-current/#cjm-stages" in by_location
    # The diagram's source and the curve repeat the table in pictures: not indexed,
    # so a search never matches Mermaid syntax or the diagram's theme.
    assert "themeCSS" not in text and "%%{init" not in text and "#58;" not in text
    # Each stage of the grid is a section: a hit on a step leads to its stage.
    stage = by_location["maps/catering-current/#cjm-stage-1"]
    assert stage["title"] == "Awareness"
    assert "Searches Google for healthy catering" in stage["text"]
    # A stage's pain points are searchable, each as written, under their lane's name.
    label = BeautifulSoup(stage["text"], "html.parser").find(string=re.compile(r"\bPain points\b"))
    assert [li.get_text() for li in label.find_next("ul").select("li")] == [
        'Our brand is not in the top 10 results for "catering sehat jakarta"',
        "Competitors run search ads on our brand name"]
    # The grid's row labels (for the eye; every cell names its lane) are not indexed.
    assert by_location["maps/catering-current/#cjm-stages"]["text"] == ""


def test_parts_search_never_reads_are_kept_from_it_and_put_back(example_build: Build) -> None:
    """The diagram, the faces, the curve, the grid's frame and its step markers skip the
    search plugin's parse (core/rendering/deferred.py) and are all in the finished page."""
    for page in example_build.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<!--cjm-later" not in html and "<!--/cjm-later" not in html, page
    page = soup(example_build, "maps/catering-current/")
    stages = page.select(".cjm-grid section.cjm-stage")
    steps = page.select(".cjm-stage__steps > li")
    assert (len(stages), len(steps)) == (5, 6)
    assert len(page.select("figure.cjm-diagram")) == 1
    assert len(page.select("figure.cjm-diagram pre.mermaid")) > 0
    assert len(page.select(".cjm-stage__steps > li svg.cjm-face")) == len(steps)
    assert len(page.select(".cjm-stage__curve svg")) == len(stages)
    assert len(page.select(".cjm-grid__corner")) == 1
    marked = page.select(".cjm-step-values")
    assert marked and [len(v.select(":scope > .cjm-step-no")) for v in marked] == [1] * len(marked)
    # The step markers name their step for a screen reader; a search finds the values.
    index = json.loads((example_build.site / "search" / "search_index.json").read_text())
    stage = next(doc for doc in index["docs"] if doc["location"] == "maps/catering-current/#cjm-stage-1")
    assert "Step 1," not in stage["text"] and "Competitors run search ads" in stage["text"]


def test_index_pages_are_found_by_their_titles_and_their_rows_on_the_map_pages(example_build: Build) -> None:
    """An index row repeats a map page's words: search finds them once, where they live."""
    index = json.loads((example_build.site / "search" / "search_index.json").read_text())
    by_location = {doc["location"]: doc for doc in index["docs"]}
    backlog = by_location["backlog/"]
    assert backlog["title"] == "Pain points and opportunities"
    pain = "Competitors run search ads on our brand name"
    found = {doc["location"] for doc in index["docs"] if pain in doc["text"]}
    assert "maps/catering-current/#cjm-stage-1" in found
    assert not found & {"backlog/", "touchpoints/", "maps/", "reviews/", "insights/#cjm-heat-current-state"}
    # The touchpoints page is found by each touchpoint's name, not by its uses.
    names = [td.get_text(strip=True) for td in article(example_build, "touchpoints/").select("tbody tr > td:first-child")]
    assert names and all(name in by_location["touchpoints/"]["text"] for name in names)
    assert "Healthy catering" not in by_location["touchpoints/"]["text"]
    # The maps and reviews pages are found by their titles; each map by its own page.
    for url in ("maps/", "reviews/"):
        assert "Healthy catering" not in by_location[url]["text"], url
        assert article(example_build, url).find(string=re.compile("Healthy catering — current state")), url
    # The rows are all in the pages a reader opens.
    assert article(example_build, "backlog/").find(string=re.compile(re.escape(pain)))
    heat = article(example_build, "insights/").select("table.cjm-heat-map tbody tr")
    assert heat and "Healthy catering — current state" not in by_location["insights/#cjm-heat-current-state"]["text"]


def test_mermaid_is_served_by_the_site(example_build: Build) -> None:
    """Mermaid's ESM build and every chunk it may import are on the site; pages load
    only the small stand-in that imports it when a diagram is rendered."""
    mermaid = example_build.site / "assets/cjm/mermaid"
    entry = (mermaid / "mermaid.esm.min.mjs").read_text(encoding="utf-8")
    imported = set(re.findall(r'"\./(chunks/mermaid\.esm\.min/[^"]+\.mjs)"', entry))
    assert any("journeyDiagram-" in path for path in imported)
    assert all((mermaid / path).is_file() for path in imported), imported
    assert not list(mermaid.rglob("*.map")) and not (mermaid / "mermaid.min.js").exists()
    assert (mermaid / "LICENSE").is_file() and (mermaid / "VERSION").is_file()
    for html in example_build.site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and "jsdelivr" not in text, html
        page = BeautifulSoup(text, "html.parser")
        assert not [s for s in page.select("script[src], link[href]")
                    if "mermaid" in (s.get("src") or s.get("href") or "")], html
    for url in ("maps/catering-current/", ""):
        scripts = [s.get("src", "") for s in soup(example_build, url).select("script[src]")]
        assert any(src.endswith("assets/cjm/diagrams.js") for src in scripts), url


def test_exports_are_published_and_linked(example_build: Build) -> None:
    rows = list(csv.DictReader(io.StringIO(
        (example_build.site / "backlog/backlog.csv").read_text(encoding="utf-8-sig"))))
    data = json.loads((example_build.site / "backlog/backlog.json").read_text(encoding="utf-8"))
    assert len(rows) == len(data["backlog"]) > 10
    assert list(rows[0]) == list(BACKLOG_FIELDS)
    # The same entries in both; the CSV keeps a text that starts a formula as text.
    assert [r["text"] for r in rows] == ["'" + t if t[:1] in ("=", "+", "-", "@", "\t", "\r") else t
                                         for t in (r["text"] for r in data["backlog"])]
    assert {"backlog/backlog.csv", "backlog/backlog.json"} <= links_from(example_build, "backlog/")
    one = json.loads((example_build.site / "maps/catering-current.json").read_text(encoding="utf-8"))
    assert one["id"] == "catering-current" and one["stages"][0]["name"] == "Awareness"
    assert "maps/catering-current.json" in links_from(example_build, "maps/catering-current/")


def test_navigation_groups_maps_by_type(example_build: Build) -> None:
    nav = soup(example_build, "maps/catering-current/").select_one("nav.md-nav--primary")
    entries = [el.get_text(" ", strip=True) for el in nav.select("label.md-nav__link, a.md-nav__link")
               if el.find_parent(class_="md-nav--secondary") is None and el.get_text(strip=True)]
    maps = entries[entries.index("Journey maps"):entries.index("Personas")]
    # The page's own type is open (pruned: the others are labels), its maps by title; the
    # current page twice (a label opening its table of contents, and a link).
    book = load_handbook(REPO / "maps", root=REPO)
    current = sorted((d.title for d in book.maps.values() if d.meta.type == "current-state"), key=str.casefold)
    here = book.maps["catering-current"].title
    assert maps == ["Journey maps", "Current state",
                    *[t for title in current for t in ([title] * (2 if title == here else 1))],
                    "Future state", "Day in the life", "Service blueprint"]


# -- small projects ------------------------------------------------------------------
def test_invalid_map_fails_strict_build_with_check_message(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/good.md": MAP.format(title="Good map", persona="dina"),
        "maps/bad.md": MAP.format(title="Bad map", persona="dina").replace("score: 2", "score: 9"),
    })
    before = tree_digest(project / "maps", project / "docs")
    strict = run_build(project, "--strict")
    assert strict.returncode != 0
    check = subprocess.run([sys.executable, "-m", "cjm_plugin.cli", "check", "maps"],
                           cwd=project, capture_output=True, text=True,
                           env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    first = check.stdout.splitlines()[0]
    assert first == ("maps/bad.md:10:16: error: stage 1 'Awareness', step 1 'Searches', score: the emotion "
                     "score must be a whole number from 1 (very negative) to 5 (very positive), not 9")
    assert strict.plugin_lines == [
        f"WARNING -  cjm: {first}",
        "INFO    -  cjm: 1 error in 1 file; the strict build fails (run `cjm check` for the list)"]
    lenient = run_build(project)
    assert lenient.returncode == 0
    assert lenient.plugin_lines == [
        f"WARNING -  cjm: {first}",
        "INFO    -  cjm: 1 error in 1 file; that file is left out of the site (run `cjm check` for the list)"]
    assert (lenient.site / "maps/good/index.html").is_file()
    assert not (lenient.site / "maps/bad").exists()
    assert tree_digest(project / "maps", project / "docs") == before


def test_hand_written_nav_is_kept(tmp_path: Path) -> None:
    yml = ("site_name: T\ntheme: {name: material}\nplugins: [search, cjm]\n"
           "nav:\n  - Home: index.md\n  - Our maps: maps/index.md\n")
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One", persona="dina"),
    }, yml=yml)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    nav = soup(build, "index.html").select("nav.md-nav--primary a.md-nav__link")
    assert [a.get_text(strip=True) for a in nav] == ["Home", "Our maps"]
    assert (build.site / "maps/one/index.html").is_file()


def test_many_maps_are_grouped_in_the_nav(tmp_path: Path) -> None:
    files = {"maps/personas/dina.md": PERSONA.format(name="Dina")}
    for i in range(23):
        files[f"maps/m{i:03}.md"] = MAP.format(title=f"Map {i:03}", persona="dina")
    project = make_project(tmp_path / "p", files, options={"nav_group_size": 10})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    nav = soup(build, "maps/m000/").select_one("nav.md-nav--primary")
    entries = [el.get_text(" ", strip=True) for el in nav.select("label.md-nav__link, a.md-nav__link")
               if el.find_parent(class_="md-nav--secondary") is None]
    maps = entries[entries.index("Current state") + 1:entries.index("Personas")]
    # Groups of at most ten, named by their first and last titles, every map once in
    # order; "Map 000" (this page) twice: a label opening its table of contents, and a link.
    assert maps[1] == "Map 000"
    del maps[1]
    groups: list[tuple[str, list[str]]] = []
    for entry in maps:
        if " – " in entry:
            groups.append((entry, []))
        else:
            groups[-1][1].append(entry)
    assert len(groups) > 2
    for label, titles in groups:
        assert 0 < len(titles) <= 10 and label == f"{titles[0]} – {titles[-1]}"
    assert [t for _, titles in groups for t in titles] == [f"Map {i:03}" for i in range(23)]


def test_templates_can_be_overridden(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One", persona="dina"),
        "overrides/cjm/persona.html": '<p class="custom">Persona {{ persona.name }}</p>\n',
    }, options={"templates_dir": "overrides/cjm"})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    assert soup(build, "personas/dina/").select_one("p.custom").get_text() == "Persona Dina"
    assert soup(build, "maps/one/").select_one("div.cjm-grid") is not None


def test_labels_follow_the_theme_language(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One", persona="dina"),
    }, language="id")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    facts = [dt.get_text(strip=True) for dt in soup(build, "maps/one/").select(".cjm-facts dt")]
    assert facts[:2] == ["Jenis", "Status"]
    assert soup(build, "backlog/").select_one("h1").get_text(strip=True) == "Masalah dan peluang"


def test_tags_plugin_sees_map_tags(tmp_path: Path) -> None:
    yml = ("site_name: T\nsite_url: http://127.0.0.1/\ntheme: {name: material}\n"
           "plugins: [search, tags, cjm]\n")
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One", persona="dina").replace(
            "updated:", "tags: [catering, web]\nupdated:"),
    }, yml=yml)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    tags = [t.get_text(strip=True) for t in soup(build, "maps/one/").select(".md-tags .md-tag")]
    assert tags == ["catering", "web"]


def test_hand_written_page_wins_over_generated(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One", persona="dina"),
        "docs/backlog/index.md": "# Our backlog\n\nWritten by hand.\n",
    })
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    assert article(build, "backlog/").get_text(" | ", strip=True) == "Our backlog | Written by hand."


def test_front_matter_is_data_not_markup(tmp_path: Path) -> None:
    evil = '<script>window.owned=1</script> **bold** [x](javascript:alert(1)) {{ 7*7 }}'
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One", persona="dina").replace(
            "name: Searches", f"name: '{evil}'"),
    })
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    page = article(build, "maps/one/")
    assert page.select("script") == []
    assert not page.select("a[href^=javascript]")
    assert not page.select("strong")
    assert evil in page.select_one("div.cjm-grid").get_text()


def test_serve_rebuilds_when_a_map_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="First title", persona="dina"),
    })
    with serving(project) as server:
        assert server.wait_for("maps/one/", "First title")
        path = project / "maps/one.md"
        path.write_text(path.read_text().replace("First title", "Second title"), encoding="utf-8")
        assert server.wait_for("maps/one/", "Second title")


def test_hand_written_nav_sections_are_filled(tmp_path: Path) -> None:
    yml = ("site_name: T\ntheme: {name: material}\nplugins: [search, cjm]\n"
           "nav:\n  - Home: index.md\n  - Our journeys: [maps/index.md]\n"
           "  - People: [personas/index.md]\n"
           # A section of one titled page is not a placeholder (it once stopped the build).
           "  - Guides:\n      - Intro: intro.md\n")
    project = make_project(tmp_path / "p", {
        "docs/intro.md": "# Intro\n",
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One", persona="dina"),
        "maps/two.md": MAP.format(title="Two", persona="dina").replace(
            "updated:", "type: future-state\nupdated:"),
    }, yml=yml)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    nav = soup(build, "maps/one/").select_one("nav.md-nav--primary")
    entries = [el.get_text(" ", strip=True) for el in nav.select("a.md-nav__link, label.md-nav__link")
               if el.find_parent(class_="md-nav--secondary") is None]  # not the page's own TOC
    # The placeholders are filled (maps by type, then personas); the rest is kept as written.
    # "One" twice: the current page is a label (opening its TOC) and a link.
    assert entries == ["Home", "Our journeys", "All maps", "Current state", "One", "One", "Future state",
                       "Two", "People", "Personas", "Dina", "Guides", "Intro"]


def test_edit_button_opens_the_map_file(example_build: Build) -> None:
    button = soup(example_build, "maps/catering-current/").select_one("a.md-content__button[href*=edit]")
    assert button["href"] == "https://github.com/example/cjm/edit/main/maps/catering/catering-current.md"
    persona = soup(example_build, "personas/dina/").select_one("a.md-content__button[href*=edit]")
    assert persona["href"] == "https://github.com/example/cjm/edit/main/maps/personas/dina.md"
    assert soup(example_build, "backlog/").select_one("a.md-content__button[href*=edit]") is None


def test_persona_story_comes_before_the_maps_it_appears_in(example_build: Build) -> None:
    page = soup(example_build, "personas/dina/")
    text = page.select_one("article").get_text(" ")
    assert text.index("Dina works as a marketing executive") < text.index("Appears in")
    assert text.index("don't have time to cook") < text.index("Dina works as a marketing executive")
    toc = [a["href"] for a in page.select("nav.md-nav--secondary a")]
    toc = list(dict.fromkeys(toc))  # Material prints the table of contents twice
    assert toc.index("#who-she-is") < toc.index("#cjm-appears-in")
    # A map keeps its generated part first, its own Markdown after it.
    toc = list(dict.fromkeys(a["href"] for a in soup(example_build, "maps/catering-current/")
                             .select("nav.md-nav--secondary a")))
    assert toc[:2] == ["#cjm-journey", "#cjm-stages"] and toc.index("#context") > 1


def test_map_pages_hide_the_table_of_contents(example_build: Build, tmp_path: Path) -> None:
    """``wide_maps`` (on by default): a map page gives the journey and its grid the full
    width (Material's ``hide: [toc]``); other pages keep their table of contents, and
    ``wide_maps: false`` keeps it on map pages too."""
    def toc_hidden(page: BeautifulSoup) -> bool:
        return page.select_one(".md-sidebar--secondary").has_attr("hidden")

    assert toc_hidden(soup(example_build, "maps/catering-current/"))
    assert not toc_hidden(soup(example_build, "reference/"))
    assert not toc_hidden(soup(example_build, "personas/dina/"))
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/m.md": MAP.format(title="M", persona="dina"),
    }, options={"wide_maps": False})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    assert not toc_hidden(BeautifulSoup(build.page("maps/m/"), "html.parser"))


def test_pages_not_in_nav_stay_out_of_the_automatic_nav(tmp_path: Path) -> None:
    yml = ("site_name: T\ntheme: {name: material}\nplugins: [search, cjm]\n"
           "not_in_nav: |\n  /unlisted.md\n")
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One", persona="dina"),
        "docs/guide.md": "# Guide\n",
        "docs/unlisted.md": "# Unlisted\n",
    }, yml=yml)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    nav = soup(build, "guide/").select_one("nav.md-nav--primary")
    titles = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")]
    # The site's own pages first (without the unlisted one), then the generated ones.
    assert titles == ["Home", "Guide", "All maps", "One", "Personas", "Dina", "Touchpoints and channels",
                      "Pain points and opportunities", "Insights", "Reviews"]
    assert (build.site / "unlisted/index.html").is_file()


def test_a_persona_page_lists_the_steps_it_acts_in(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/personas/budi.md": PERSONA.format(name="Budi"),
        "maps/team.md": MAP.format(title="Team lunch", persona="budi").replace(
            "        score: 2\n", "        score: 2\n        actors: [budi, dina]\n"),
    })
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    items = [li.get_text(" ", strip=True)
             for li in soup(build, "personas/dina/").select("ul.cjm-appearances li")]
    assert items == ["Team lunch (Current state) Actor in: Awareness — Searches"]
    items = [li.get_text(" ", strip=True)
             for li in soup(build, "personas/budi/").select("ul.cjm-appearances li")]
    assert items == ["Team lunch (Current state, persona of the map) Actor in: Awareness — Searches"]


def test_the_table_of_contents_follows_the_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/one.md": MAP.format(title="One", persona="dina") + "\n## Research notes\n\nText.\n",
    }, options={"wide_maps": False})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    toc = soup(build, "maps/one/").select_one("nav.md-nav--secondary")
    entries = [(a.get_text(" ", strip=True), a["href"]) for a in toc.select("a.md-nav__link")]
    assert entries == [("The journey", "#cjm-journey"), ("Stages", "#cjm-stages"),
                       ("Research notes", "#research-notes")]
    # An index page lists its own sections (the reviews page: a table per owner), a persona
    # page its maps after the persona's own Markdown.
    for url, expected in (("reviews/", [("No owner", "#cjm-owner-none")]),
                          ("personas/dina/", [("Appears in", "#cjm-appears-in")])):
        toc = soup(build, url).select_one("nav.md-nav--secondary")
        assert [(a.get_text(" ", strip=True), a["href"]) for a in toc.select("a.md-nav__link")] == expected


def test_a_build_leaves_nothing_frozen_for_the_garbage_collector(tmp_path: Path) -> None:
    """The plugin keeps the handbook out of the collector's full passes during a build
    (gc.freeze) and hands it back at the end: in a serve session, old builds are freed."""
    import gc

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = make_project(tmp_path / "p", {"maps/personas/dina.md": PERSONA.format(name="Dina"),
                                            "maps/one.md": MAP.format(title="One", persona="dina")})
    before = gc.get_freeze_count()
    cwd = os.getcwd()
    try:
        os.chdir(project)
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        build(config)
    finally:
        os.chdir(cwd)
    assert (tmp_path / "site/maps/one/index.html").is_file()
    assert gc.get_freeze_count() == before == 0


def test_touchpoint_and_owner_anchors_are_made_from_their_names(tmp_path: Path) -> None:
    """A link shared to a touchpoint's row or an owner's table (``touchpoints/#cjm-touchpoint-whatsapp``)
    stays right when another touchpoint or owner is added before it: the anchors are the
    names as slugs, not numbers. Names with the same slug, or without Latin letters, get
    anchors of their own."""
    def journey(title: str, owner: str, touchpoints: str) -> str:
        return MAP.format(title=title, persona="dina").replace(
            "status: published\n", f"status: published\nowner: {owner}\n").replace(
            "touchpoints: [Google]", f"touchpoints: [{touchpoints}]")

    files = {"maps/personas/dina.md": PERSONA.format(name="Dina"),
             "maps/one.md": journey("One", "Ops team", "WhatsApp, E-mail, 微信"),
             "maps/two.md": journey("Two", "CX", "Website, E mail")}
    project = make_project(tmp_path / "p", files)

    def anchors(build: Build) -> tuple[dict[str, str], dict[str, str]]:
        touch = {tr.select_one("td").get_text(strip=True): tr["id"]
                 for tr in soup(build, "touchpoints/").select("article tbody tr")}
        owners = {h.get_text(strip=True): h["id"] for h in soup(build, "reviews/").select("article h2[id^=cjm-owner]")}
        return touch, owners

    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    touch, owners = anchors(build)
    assert touch["WhatsApp"] == "cjm-touchpoint-whatsapp"
    assert touch["Website"] == "cjm-touchpoint-website"
    assert sorted([touch["E-mail"], touch["E mail"]]) == ["cjm-touchpoint-e-mail", "cjm-touchpoint-e-mail-2"]
    assert re.fullmatch(r"cjm-touchpoint-[0-9a-f]{8}", touch["微信"])
    assert len(set(touch.values())) == len(touch)
    assert owners == {"CX": "cjm-owner-cx", "Ops team": "cjm-owner-ops-team"}

    # A touchpoint and an owner that sort first leave the others' anchors as they were.
    (project / "maps" / "three.md").write_text(journey("Three", "Agency", "Aplikasi"), encoding="utf-8")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    after_touch, after_owners = anchors(build)
    assert after_touch == {**touch, "Aplikasi": "cjm-touchpoint-aplikasi"}
    assert after_owners == {**owners, "Agency": "cjm-owner-agency"}
    assert list(after_touch)[0] == "Aplikasi" and list(after_owners)[0] == "Agency"
