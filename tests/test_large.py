"""Large inputs stay sane: a map of 50 stages and 500 steps, a 1 MB body, 2,000 personas.

What a reader gets when a diagram would be too large: above
``views.MAX_DIAGRAM_STEPS`` (60) steps, the Mermaid diagram shows one task per stage
(named "stage (n)", scored with the stage's average) and a note says so; the map
grid below it still lists every step. A journey diagram of hundreds of tasks is wider
than any screen and unreadable, and may exceed Mermaid's 50 000-character limit.
"""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup
from support import MAP, PERSONA, make_project, run_build

from cjm_plugin.core.views import MAX_DIAGRAM_STEPS
from cjm_plugin.core.views.mermaid import escape_label


def big_map(stages: int, steps: int) -> str:
    lines = ["---", "title: Big map", "persona: dina", "status: published", "updated: 2026-11-01", "stages:"]
    for s in range(stages):
        lines += [f"  - name: Stage {s:02}", f"    description: What happens in stage {s}",
                  "    steps:"]
        for t in range(steps):
            lines += [f"      - name: Step {s:02}.{t:02} does something, then more",
                      f"        score: {1 + (s + t) % 5}",
                      f"        touchpoints: [Channel {t}]",
                      f"        pain_points: [Pain {s}.{t}]"]
    return "\n".join(lines) + "\n---\nNotes.\n"


def test_500_steps_are_summarised_in_the_diagram_and_all_in_the_table(tmp_path: Path) -> None:
    text = big_map(50, 10)
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"), "maps/big.md": text})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    page = BeautifulSoup(build.page("maps/big/"), "html.parser")
    note = page.select_one("div.cjm-map p.cjm-note").get_text()
    assert note == ("This map has 500 steps; the diagram shows each stage's average instead of "
                    "every step. The grid below lists every step.")
    assert 500 > MAX_DIAGRAM_STEPS
    for layout in ("wide", "narrow"):
        sources = [pre.get_text() for pre in page.select(f".cjm-diagram__rows--{layout} pre.mermaid")]
        tasks = [line for source in sources for line in source.splitlines() if line.startswith("    ")]
        # One task per stage, scored with its average: each stage's ten steps score 1..5 twice.
        assert tasks == [f"    {escape_label(f'Stage {s:02} (10)')}: 3" for s in range(50)], layout
        assert max(len(source) for source in sources) < 50_000  # Mermaid's maxTextSize
    table = page.select_one("div.cjm-grid")
    assert len(table.select("h3.cjm-stage__name")) == 50
    steps = table.select("ol.cjm-stage__steps > li")
    assert len(steps) == 500
    assert steps[-1].select_one(".cjm-step__name").get_text() == "Step 49.09 does something, then more"
    backlog = BeautifulSoup(build.page("backlog/"), "html.parser")
    # The page holds its first 100 rows; the script's data holds all 500.
    assert len(backlog.select("div.cjm tbody tr")) == 100
    data = json.loads((build.site / "backlog/entries.json").read_text(encoding="utf-8"))
    assert sum(len(rows) for *_, rows in data["maps"]) == 500


def test_60_steps_are_drawn_in_full(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/edge.md": big_map(6, MAX_DIAGRAM_STEPS // 6)})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    page = BeautifulSoup(build.page("maps/edge/"), "html.parser")
    assert page.select_one("div.cjm-map p.cjm-note") is None
    for layout in ("wide", "narrow"):
        tasks = [line for pre in page.select(f".cjm-diagram__rows--{layout} pre.mermaid")
                 for line in pre.get_text().splitlines() if line.startswith("    ")]
        assert len(tasks) == MAX_DIAGRAM_STEPS, layout


def test_a_1_mb_body_builds(tmp_path: Path) -> None:
    paragraph = "A long research note about the customer's journey, with *some* emphasis. " * 10
    body = "\n\n".join(f"## Note {i}\n\n{paragraph}" for i in range(1400))
    assert len(body.encode()) > 1_000_000
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/long.md": MAP.format(title="Long notes", persona="dina") + body + "\n\nTHE END\n"})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    page = BeautifulSoup(build.page("maps/long/"), "html.parser")
    article = page.select_one("article")
    assert article.select_one("div.cjm-map div.cjm-grid") is not None
    assert article.get_text().rstrip().endswith("THE END")
    headings = [h.get_text(strip=True) for h in article.select("h2")]
    assert headings[-1400:] == [f"Note {i}" for i in range(1400)]
    assert page.select_one("pre.mermaid") is not None


def test_many_personas_build_with_a_grouped_pruned_nav(tmp_path: Path) -> None:
    """400 personas in groups of 20 prove what 2,000 in groups of 50 did (20 groups; a
    page's nav holds its own group only), at a fraction of the cost."""
    files = {f"maps/personas/p{i:04}.md": PERSONA.format(name=f"Persona {i:04}") for i in range(400)}
    files["maps/one.md"] = MAP.format(title="One", persona="p0007")
    files["maps/two.md"] = MAP.format(title="Two", persona="p0008").replace(
        "persona: p0008", "personas: [p0008, p0007]")
    # navigation.prune, as docs/adopting.md recommends: without it Material renders the
    # whole nav (every persona's link) into each persona's page.
    yml = ("site_name: T\nsite_url: http://127.0.0.1/\ntheme:\n  name: material\n"
           "  features: [navigation.prune]\nplugins:\n  - search\n  - cjm:\n"
           "      nav_group_size: 20\n")
    project = make_project(tmp_path / "p", files, yml=yml)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    index = BeautifulSoup(build.page("personas/"), "html.parser")
    rows = index.select("div.cjm tbody tr")
    assert len(rows) == 400
    assert [td.get_text() for td in rows[7].select("td")] == ["Persona 0007", "Tester", "2 maps"]
    assert [td.get_text() for td in rows[8].select("td")] == ["Persona 0008", "Tester", "1 map"]
    assert [td.get_text() for td in rows[9].select("td")] == ["Persona 0009", "Tester", "0 maps"]
    page = BeautifulSoup(build.page("personas/p0399/"), "html.parser")
    nav = page.select_one("nav.md-nav--primary")
    groups = [label.get_text(" ", strip=True) for label in nav.select("label.md-nav__link")]
    # The page's own group is open (the last label is the page itself, for its table of
    # contents). Groups of at most 20, cut where the personas' addresses say (paging.stable_cuts).
    assert groups[0] == "Personas" and groups[-1] == "Persona 0399" and len(groups) == 3
    first, last = groups[1].split(" – ")
    own = int(first.split()[1])
    assert last == "Persona 0399" and 0 < 400 - own <= 20
    # Pruned: a page's nav holds its own group's links and one link per other group, not 400.
    persona_links = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")
                     if "Persona " in a.get_text()]
    assert persona_links[-(400 - own):] == [f"Persona {i:04}" for i in range(own, 400)]
    others = [label.split(" – ") for label in persona_links[:-(400 - own)]]
    starts = [int(a.split()[1]) for a, _ in others]
    ends = [int(b.split()[1]) for _, b in others]
    assert starts[0] == 0 and ends[-1] == own - 1 and all(e + 1 == s for e, s in zip(ends[:-1], starts[1:], strict=True))
    assert all(0 < e - s + 1 <= 20 for s, e in zip(starts, ends, strict=True)) and 19 <= len(others) <= 30
    assert len(build.page("personas/p0399/")) < 200_000
