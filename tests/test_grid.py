"""The journey-map grid (``views.stage_table`` and ``partials/stage_table.html``).

In-process: which columns, rows, cells and lines a map gets; that values are placed
once, by step number; that a huge map costs what its file holds. Built: the markup of
the example handbook's maps, drawn faces instead of emoji, and a map of 300 lanes x
100 stages (the most a map may have).
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

from bs4 import BeautifulSoup
from grid_support import lanes_by_stages, realistic_map
from support import PERSONA, Build, make_project, run_build, soup

from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.reading.loader import load_handbook
from cjm_plugin.core.views import FIT_STAGES, GRID_MAX_STAGES, GridCell, GridLine, stage_table

LABELS = Labels("en")

SMALL = """\
---
title: Small
persona: dina
updated: 2026-11-01
lanes:
  budget: Budget
stages:
  - name: Search
    description: Looks around
    metrics: [Visits]
    steps:
      - name: Searches Google
        score: 2
        thinking: [Where do I start?]
        pain_points: [Not found, Ads everywhere]
      - name: Reads reviews
        score: 4
        thinking: Sounds good
        budget: 100k
  - name: Buy
    steps:
      - name: Pays
        score: 5
        touchpoints: [Checkout]
---
"""

BLUEPRINT = """\
---
title: Blueprint
type: service-blueprint
persona: dina
updated: 2026-11-01
stages:
  - name: Order
    steps:
      - name: Orders
        score: 3
        touchpoints: [Form]
        frontstage: Form shows the menu
        backstage: Kitchen sheet
        support: [ERP]
        evidence: [Receipt]
        pain_points: [Slow]
  - name: Deliver
    steps:
      - name: Receives
        score: 4
        backstage: Courier route
---
"""


def table_of(tmp_path: Path, text: str):
    (tmp_path / "personas").mkdir(parents=True, exist_ok=True)
    (tmp_path / "personas" / "dina.md").write_text(PERSONA.format(name="Dina"), encoding="utf-8")
    (tmp_path / "m.md").write_text(textwrap.dedent(text), encoding="utf-8")
    book = load_handbook(tmp_path, as_of=dt.date(2026, 11, 23))
    assert not book.errors, book.problems
    return stage_table(book.maps["m"], LABELS)


def test_stages_are_columns_and_used_lanes_are_rows(tmp_path: Path) -> None:
    table = table_of(tmp_path, SMALL)
    assert [(s.name, s.column) for s in table.stages] == [("Search", 2), ("Buy", 3)]
    assert [(h.key, h.label, h.row, h.kind) for h in table.heads] == [
        ("overview", "Overview", 2, "head"), ("steps", "Steps", 3, "head"),
        ("emotion", "Emotion", 4, "head"),
        ("thinking", "Thinking", 5, "lane"), ("touchpoints", "Touchpoints", 6, "lane"),
        ("pain_points", "Pain points", 7, "lane"), ("metrics", "Metrics", 8, "lane"),
        ("budget", "Budget", 9, "lane")]
    assert table.rows == 9
    assert (table.layout, table.wide, table.blueprint) == ("grid", False, False)
    assert (table.overview_row, table.steps_row, table.curve_row) == (2, 3, 4)


def test_steps_are_numbered_across_the_journey_and_values_placed_once(tmp_path: Path) -> None:
    table = table_of(tmp_path, SMALL)
    search, buy = table.stages
    assert [(s.number, s.name, s.score) for s in search.steps] == [
        (1, "Searches Google", 2), (2, "Reads reviews", 4)]
    assert [(s.number, s.name) for s in buy.steps] == [(3, "Pays")]
    cells = {c.key: c for c in search.items if isinstance(c, GridCell)}
    # Sparse: no cell for touchpoints in "Search", which has none.
    assert list(cells) == ["thinking", "pain_points", "metrics", "budget"]
    assert [(v.number, v.values) for v in cells["thinking"].steps] == [
        (1, ["Where do I start?"]), (2, ["Sounds good"])]
    assert cells["pain_points"].steps[0].values == ["Not found", "Ads everywhere"]
    assert cells["metrics"].stage_values == ["Visits"] and cells["metrics"].steps == []
    assert [c.row for c in search.items] == sorted(c.row for c in search.items)
    assert [(c.key, c.row) for c in buy.items] == [("touchpoints", 6)]


def test_the_curve_is_cut_at_stage_edges_half_way_between_neighbours(tmp_path: Path) -> None:
    search, buy = table_of(tmp_path, SMALL).stages
    # Scores 2 and 4 at a quarter and three quarters of "Search", score 5 in the middle of
    # "Buy"; the parts meet at the column edge half-way between the scores 4 and 5.
    assert [(s.x, s.y) for s in search.steps] == [(25.0, 69.0), (75.0, 31.0)]
    assert search.curve == "25,69 75,31 100,21.5"
    assert buy.curve == "0,21.5 50,12"


def test_a_blueprint_draws_its_three_lines_between_its_layers(tmp_path: Path) -> None:
    table = table_of(tmp_path, BLUEPRINT)
    order = [(h.kind, h.key) for h in table.heads if h.kind != "head"]
    assert order == [
        ("lane", "evidence"), ("lane", "touchpoints"),
        ("line", "interaction"), ("lane", "frontstage"),
        ("line", "visibility"), ("lane", "backstage"),
        ("line", "internal"), ("lane", "support"),
        ("lane", "pain_points")]
    labels = {h.key: h.label for h in table.heads if h.kind == "line"}
    assert labels == {"interaction": "Line of interaction", "visibility": "Line of visibility",
                      "internal": "Line of internal interaction"}
    for stage in table.stages:  # every stage has a part of each line, in its row
        lines = [i for i in stage.items if isinstance(i, GridLine)]
        assert [line.key for line in lines] == ["interaction", "visibility", "internal"]
    deliver = table.stages[1]
    assert [i.key for i in deliver.items] == ["interaction", "visibility", "backstage", "internal"]
    assert table.blueprint


def test_wide_maps_scroll_and_huge_maps_go_stage_by_stage(tmp_path: Path) -> None:
    stages = "".join(f"  - name: S{i}\n    steps:\n      - name: T{i}\n        score: 3\n"
                     for i in range(FIT_STAGES + 1))
    text = f"---\ntitle: W\npersona: dina\nupdated: 2026-11-01\nstages:\n{stages}---\n"
    wide = table_of(tmp_path / "w", text)
    assert (wide.layout, wide.wide) == ("grid", True)
    stages = "".join(f"  - name: S{i}\n" for i in range(GRID_MAX_STAGES + 1))
    text = f"---\ntitle: H\npersona: dina\nupdated: 2026-11-01\nstages:\n{stages}---\n"
    assert table_of(tmp_path / "h", text).layout == "stacked"


def test_a_map_of_300_lanes_by_100_stages_is_as_large_as_its_file(tmp_path: Path) -> None:
    """One cell per value the file holds, not one per lane x stage (30,000); 100 stages
    are the most a map may have (core/checks/sizes.py)."""
    table = table_of(tmp_path, lanes_by_stages(300, 100))
    cells = [i for s in table.stages for i in s.items if isinstance(i, GridCell)]
    assert len(cells) == 300
    assert len(table.heads) == 2 + 300  # steps, emotion, then every lane
    assert table.layout == "stacked"


# -- built pages -------------------------------------------------------------------------

def visible_text(node) -> str:
    """The text a sighted reader sees: without visually hidden texts and SVG tooltips."""
    copy = BeautifulSoup(str(node), "html.parser")
    for hidden in copy.select(".cjm-visually-hidden, .cjm-score__text, title, [aria-hidden=true]"):
        hidden.decompose()
    return copy.get_text(" ", strip=True)


def test_map_page_has_the_grid(example_build: Build) -> None:
    page = soup(example_build, "maps/catering-current/")
    grid = page.select_one("div.cjm-map div.cjm-grid.cjm-grid--grid")
    assert grid["style"] == "--cjm-stages: 5; --cjm-rows: 13"
    stages = grid.select("section.cjm-stage")
    assert [s.select_one("h3.cjm-stage__name").get_text() for s in stages] == [
        "Awareness", "Consideration", "Decision", "Purchase", "Post-purchase"]
    heads = [h.get_text() for h in grid.select(".cjm-grid__head")]
    assert heads[:3] == ["Overview", "Steps", "Emotion"]
    assert {"Thinking", "Touchpoints", "Pain points", "Opportunities"} <= set(heads)
    # Each stage: its steps numbered across the journey, its part of the curve, its cells,
    # each cell saying its lane.
    first = stages[0]
    assert [li["value"] for li in first.select("ol.cjm-stage__steps > li")] == ["1"]
    assert first.select_one(".cjm-stage__curve polyline")["points"]
    lanes = [c.select_one("h4.cjm-cell__lane").get_text() for c in first.select(".cjm-cell")]
    assert lanes[0] == "Thinking"
    # A step value is marked with its step's number; the name is there for screen readers.
    mark = first.select_one(".cjm-cell--thinking .cjm-step-no")
    assert mark["title"] == "Searches Google for healthy catering"
    assert mark.get_text() == "1Step 1, Searches Google for healthy catering:"
    # Values once: every step's name is seen once in the grid (its header), not per cell.
    seen = visible_text(grid)
    for name in ("Searches Google for healthy catering", "Clicks first-page results"):
        assert seen.count(name) == 1, name


def test_the_blueprint_page_draws_three_labelled_lines(example_build: Build) -> None:
    grid = soup(example_build, "maps/catering-blueprint/").select_one("div.cjm-grid")
    assert "cjm-grid--blueprint" in grid["class"]
    heads = [h.get_text() for h in grid.select(".cjm-grid__head--line")]
    assert heads == ["Line of interaction", "Line of visibility", "Line of internal interaction"]
    rows = [h.get_text() for h in grid.select(".cjm-grid__head")]
    assert rows.index("Line of interaction") < rows.index("Frontstage") < rows.index(
        "Line of visibility") < rows.index("Backstage") < rows.index(
        "Line of internal interaction") < rows.index("Support processes")
    for stage in grid.select("section.cjm-stage"):
        assert len(stage.select(".cjm-line")) == 3


EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F]")


def test_scores_are_drawn_faces_with_words(example_build: Build) -> None:
    for url in ("maps/catering-current/", "maps/catering-blueprint/", "maps/catering-future/"):
        scores = soup(example_build, url).select(".cjm-score")
        assert scores, url
        for score in scores:
            assert not EMOJI.search(str(score)), url
            assert score.select_one("svg.cjm-face[aria-hidden=true] path.cjm-face__mouth")
            assert re.fullmatch(r"(Very negative|Negative|Neutral|Positive|Very positive), [1-5] of 5",
                                score.select_one(".cjm-score__text").get_text())


def test_a_realistic_map_and_a_huge_one_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/real.md": realistic_map(6, 24),
        "maps/huge.md": lanes_by_stages(300, 100)})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    real = soup(build, "maps/real/").select_one("div.cjm-grid")
    assert "cjm-grid--grid" in real["class"] and "cjm-grid--wide" not in real["class"]
    assert len(real.select("ol.cjm-stage__steps > li")) == 24
    assert len(real.select(".cjm-cell")) == 6 * 5  # four step lanes and the stage metrics
    html = build.page("maps/huge/")
    huge = BeautifulSoup(html, "html.parser").select_one("div.cjm-grid")
    assert "cjm-grid--stacked" in huge["class"]
    assert len(huge.select("section.cjm-stage")) == 100
    assert len(huge.select(".cjm-cell")) == 300
    assert not huge.select(".cjm-grid__band, .cjm-grid__head")  # no frame for a stacked map
    assert len(html) < 1_000_000  # a cell per lane x stage would be 30,000
