"""Fast, in-process tests of the views, the renderer, the nav builder and the exports.

No MkDocs build and no subprocess: a small handbook is loaded from files written to a
temporary folder, and each layer is asked for its output directly. A change to a view
is checked in well under a second here; the real builds in the other modules check
that MkDocs puts these outputs on the right pages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from pathlib import Path
from typing import get_args

import pytest
from bs4 import BeautifulSoup
from markupsafe import escape

from cjm_plugin.core import views
from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.model.handbook import Handbook
from cjm_plugin.core.publishing import exports
from cjm_plugin.core.publishing.kept import KeptParts
from cjm_plugin.core.publishing.navigation import NavBuilder
from cjm_plugin.core.publishing.pages import INDEX_KINDS, PAGE_KINDS, PageKindName
from cjm_plugin.core.publishing.site import PageSpec, plan_pages
from cjm_plugin.core.reading.loader import load_handbook
from cjm_plugin.core.rendering.render import Renderer, make_environment
from cjm_plugin.core.views.contexts import Section
from cjm_plugin.core.views.mermaid import LAYOUTS, JourneySection, JourneyTask, journey_rows

ON = dt.date(2026, 11, 23)
LABELS = Labels("en")

FILES = {
    "maps/personas/dina.md": """\
        ---
        name: Dina, office worker
        role: Office worker
        ---
        About Dina.
        """,
    "maps/personas/budi.md": """\
        ---
        name: Budi Santoso
        role: Manager
        ---
        """,
    "maps/lunch-current.md": """\
        ---
        title: Lunch — current
        type: current-state
        personas: [dina, budi]
        owner: Ops
        status: published
        updated: 2026-06-01
        compares: lunch-future
        stages:
          - name: Order
            description: Picks a meal
            touchpoints: [App]
            steps:
              - name: Opens app
                score: 2
                pain_points: [Slow login]
              - name: Pays
                score: {dina: 1, budi: 5}
                actors: [dina, budi, Cashier]
                pain_points: ["=No invoice"]
          - name: Eat
            steps:
              - name: Eats
                score: 4
                thinking: Tasty
        ---
        Body.
        """,
    "maps/lunch-future.md": """\
        ---
        title: Lunch — future
        type: future-state
        persona: dina
        owner: Ops
        status: published
        updated: 2026-11-01
        compares: lunch-current
        stages:
          - name: Order
            steps:
              - name: Taps once
                score: 4
                answers: [Slow login]
                opportunities: [One-tap pay]
          - name: eat
            steps:
              - name: Eats
                score: 5
        ---
        """,
}


#: A map with the least a map needs: a title and one stage.
ONE_STAGE_END = "stages:\n  - name: Only\n---\n"
ONE_STAGE = "---\ntitle: {title}\n" + ONE_STAGE_END


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root / "maps"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Handbook:
    root = tmp_path_factory.mktemp("views")
    loaded = load_handbook(write(root, FILES), root=root, as_of=ON)
    assert loaded.errors == []
    return loaded


def href(target: str) -> str:
    return "#" + target


# -- views ------------------------------------------------------------------------

def test_stage_table_rows_are_the_heads_then_the_used_lanes_in_contract_order(book: Handbook) -> None:
    table = views.stage_table(book.maps["lunch-current"], LABELS, book)
    assert [(h.key, h.label, h.row, h.kind) for h in table.heads] == [
        ("overview", "Overview", 2, "head"),
        ("steps", "Steps", 3, "head"),
        ("emotion", "Emotion", 4, "head"),
        ("thinking", "Thinking", 5, "lane"),
        ("touchpoints", "Touchpoints", 6, "lane"),
        ("pain_points", "Pain points", 7, "lane"),
    ]
    assert [h.key for h in table.lanes] == ["thinking", "touchpoints", "pain_points"]
    assert (table.rows, table.layout, table.wide, table.blueprint) == (7, "grid", False, False)
    assert (table.overview_row, table.steps_row, table.curve_row) == (2, 3, 4)


def test_stage_table_cells_hold_stage_values_and_numbered_step_values(book: Handbook) -> None:
    table = views.stage_table(book.maps["lunch-current"], LABELS, book)
    order, eat = table.stages
    assert (order.name, order.description, order.column) == ("Order", "Picks a meal", 2)
    assert (eat.name, eat.description, eat.column) == ("Eat", None, 3)
    assert [(c.key, c.row, c.stage_values, [(s.number, s.name, s.values) for s in c.steps])
            for c in order.items] == [
        ("touchpoints", 6, ["App"], []),
        ("pain_points", 7, [], [(1, "Opens app", ["Slow login"]), (2, "Pays", ["=No invoice"])]),
    ]
    assert [(c.key, c.row, c.stage_values, [(s.number, s.name, s.values) for s in c.steps])
            for c in eat.items] == [("thinking", 5, [], [(3, "Eats", ["Tasty"])])]


def test_stage_table_steps_are_numbered_across_stages_and_placed_on_the_curve(book: Handbook) -> None:
    table = views.stage_table(book.maps["lunch-current"], LABELS, book)
    order, eat = table.stages
    # Pays is scored per persona: its own score is the average, (1 + 5) / 2.
    assert [(s.number, s.name, s.score, s.x, s.y, s.persona_scores) for s in order.steps] == [
        (1, "Opens app", 2, 25.0, 69.0, []),
        (2, "Pays", 3, 75.0, 50.0, [("Dina", 1), ("Budi Santoso", 5)]),
    ]
    assert [(s.number, s.x, s.y) for s in eat.steps] == [(3, 50.0, 31.0)]
    # Each stage's curve is joined half-way to its neighbour's first/last point.
    assert (order.curve, eat.curve) == ("25,69 75,50 100,40.5", "0,40.5 50,31")


def test_stage_table_draws_one_curve_per_persona_when_a_step_is_scored_per_persona(book: Handbook) -> None:
    table = views.stage_table(book.maps["lunch-current"], LABELS, book)
    assert table.personas == ["Dina, office worker", "Budi Santoso"]
    order, eat = table.stages
    assert [(c.index, c.name, c.points, [d.score for d in c.dots]) for c in order.persona_curves] == [
        (1, "Dina, office worker", "25,69 75,88 100,59.5", [2, 1]),
        (2, "Budi Santoso", "25,69 75,12 100,21.5", [2, 5]),
    ]
    assert [(c.index, c.points) for c in eat.persona_curves] == [(1, "0,59.5 50,31"), (2, "0,21.5 50,31")]


def test_stage_table_of_a_map_without_per_persona_scores_has_no_persona_curves(book: Handbook) -> None:
    table = views.stage_table(book.maps["lunch-future"], LABELS, book)
    assert table.personas == []
    assert [s.persona_curves for s in table.stages] == [[], []]
    assert [(h.key, h.row) for h in table.heads] == [
        ("steps", 2), ("emotion", 3), ("opportunities", 4), ("answers", 5)]
    assert table.overview_row is None


def test_stage_table_of_a_service_blueprint_puts_each_layer_below_its_line(tmp_path: Path) -> None:
    maps = write(tmp_path, {"maps/bp.md": """\
        ---
        title: Blueprint
        type: service-blueprint
        stages:
          - name: Order
            steps:
              - name: Orders
                score: 3
                backstage: [Kitchen prints ticket]
                touchpoints: [Counter]
                frontstage: [Cashier greets]
        ---
        """})
    book = load_handbook(maps, root=tmp_path, as_of=ON)
    table = views.stage_table(book.maps["bp"], LABELS, book)
    assert [(h.key, h.kind) for h in table.heads] == [
        ("steps", "head"), ("emotion", "head"), ("touchpoints", "lane"),
        ("interaction", "line"), ("frontstage", "lane"), ("visibility", "line"),
        ("backstage", "lane"), ("internal", "line")]
    assert table.blueprint is True
    assert [(type(i).__name__, i.key, i.row) for i in table.stages[0].items] == [
        ("GridCell", "touchpoints", 4), ("GridLine", "interaction", 5), ("GridCell", "frontstage", 6),
        ("GridLine", "visibility", 7), ("GridCell", "backstage", 8), ("GridLine", "internal", 9)]


def test_stage_table_past_the_grid_limits_is_stacked_and_wide(tmp_path: Path) -> None:
    stages = "".join(f"  - name: S{i}\n    steps:\n      - name: T{i}\n        score: 3\n"
                     for i in range(views.GRID_MAX_STAGES + 1))
    maps = write(tmp_path, {"maps/big.md": f"---\ntitle: Big\nstages:\n{stages}---\n"})
    book = load_handbook(maps, root=tmp_path, as_of=ON)
    table = views.stage_table(book.maps["big"], LABELS, book)
    assert (table.layout, table.wide) == ("stacked", True)
    assert [s.steps[0].number for s in table.stages] == list(range(1, views.GRID_MAX_STAGES + 2))


def test_diagram_plan_lists_each_step_and_splits_a_step_scored_per_persona(book: Handbook) -> None:
    plan = views.diagram_plan(book.maps["lunch-current"], book)
    assert (plan.summarised, plan.step_count) == (False, 3)
    assert plan.sections == [
        JourneySection("Order", (JourneyTask("Opens app", 2, ("Dina, office worker", "Budi Santoso")),
                                 JourneyTask("Pays (Dina)", 1, ("Dina, office worker",)),
                                 JourneyTask("Pays (Budi Santoso)", 5, ("Budi Santoso",)),
                                 JourneyTask("Pays", 3, ("Cashier",)))),
        JourneySection("Eat", (JourneyTask("Eats", 4, ("Dina, office worker", "Budi Santoso")),)),
    ]
    # The rows' Mermaid text is made from the same sections, once, for each layout.
    assert plan.rows == {layout.name: journey_rows(plan.sections, layout) for layout in LAYOUTS}


def test_diagram_plan_summarised_has_one_task_per_stage_with_its_rounded_average(book: Handbook) -> None:
    plan = views.diagram_plan(book.maps["lunch-current"], book, summarise=True)
    # Order: steps scored 2 and 3 (the average of 1 and 5): 2.5 rounds half up to 3, as
    # the heat map's cell for the same stage does (one rounding for every view).
    assert plan.sections == [JourneySection("Order", (JourneyTask("Order (2)", 3),)),
                             JourneySection("Eat", (JourneyTask("Eat (1)", 4),))]
    assert (plan.summarised, plan.step_count) == (True, 3)


def test_a_stage_averaging_two_and_a_half_is_three_in_the_diagram_and_the_heat_map(book: Handbook) -> None:
    from cjm_plugin.core.views.insights import heat_maps
    face = views.diagram_plan(book.maps["lunch-current"], book, summarise=True).sections[0].tasks[0].score
    row = next(r for h in heat_maps(book) for r in h.rows if r.map.id == "lunch-current")
    cell = next(c for c in row.cells if c.average == 2.5)
    assert (face, cell.level) == (3, 3)


def test_diagram_plan_is_summarised_past_max_diagram_steps(tmp_path: Path) -> None:
    steps = "".join(f"      - name: T{i}\n        score: {1 + i % 5}\n" for i in range(views.MAX_DIAGRAM_STEPS + 1))
    maps = write(tmp_path, {"maps/long.md": f"---\ntitle: Long\nstages:\n  - name: S\n    steps:\n{steps}---\n"})
    book = load_handbook(maps, root=tmp_path, as_of=ON)
    plan = views.diagram_plan(book.maps["long"], book)
    assert (plan.summarised, plan.step_count) == (True, views.MAX_DIAGRAM_STEPS + 1)
    assert plan.sections == [JourneySection("S", (JourneyTask(f"S ({views.MAX_DIAGRAM_STEPS + 1})", 3),))]


def test_diagram_plan_is_summarised_when_a_rows_mermaid_text_is_too_long(tmp_path: Path) -> None:
    """Few steps with many long actors: under MAX_DIAGRAM_STEPS, yet a row's text would pass
    what Mermaid accepts; the view summarises it (the renderer decides nothing)."""
    actors = ", ".join(f'"{i}{"#" * 900}"' for i in range(15))  # "#" is 4 characters in Mermaid
    steps = "".join(f"      - name: T{i}\n        score: 3\n        actors: [{actors}]\n" for i in range(2))
    maps = write(tmp_path, {"maps/wordy.md": f"---\ntitle: Wordy\nstages:\n  - name: S\n    steps:\n{steps}---\n"})
    book = load_handbook(maps, root=tmp_path, as_of=ON)
    assert not book.errors
    plan = views.diagram_plan(book.maps["wordy"], book)
    assert (plan.summarised, plan.step_count) == (True, 2)
    assert plan.sections == [JourneySection("S", (JourneyTask("S (2)", 3),))]
    assert max(len(text) for texts in plan.rows.values() for text in texts) < views.MAX_DIAGRAM_CHARS


def test_comparison_pairs_stages_by_name_and_matches_answers_case_insensitively(book: Handbook) -> None:
    for mid in ("lunch-current", "lunch-future"):  # the same comparison from either side
        result = views.comparison(book.maps[mid], book)
        assert result is not None
        assert (result.current.id, result.future.id) == ("lunch-current", "lunch-future")
        assert [(p.name, p.current, p.future, p.change, p.trend) for p in result.stages] == [
            ("Order", 2.5, 4, 1.5, "up"), ("Eat", 4, 5, 1, "up")]
        assert (result.overall.current, result.overall.future, result.overall.change) == (3, 4.5, 1.5)
        assert result.answered == [views.Answered("Slow login", "Order", ["Taps once"], done=False)]
        assert result.open == [views.OpenPain("=No invoice", "Order")]


def test_stage_pair_trend_says_which_way_the_score_moves() -> None:
    assert [views.StagePair("s", now, then).trend for now, then in ((2, 4), (4, 2), (3, 3), (None, 2), (2, None))] \
        == ["up", "down", "", "", ""]


def test_comparison_of_a_map_that_compares_with_nothing_is_none(tmp_path: Path) -> None:
    maps = write(tmp_path, {"maps/solo.md": ONE_STAGE.format(title="Solo")})
    book = load_handbook(maps, root=tmp_path, as_of=ON)
    assert views.comparison(book.maps["solo"], book) is None


def test_reviews_by_owner_groups_unarchived_maps_most_urgent_first(tmp_path: Path) -> None:
    def map_file(title: str, owner: str | None, updated: str, status: str = "published") -> str:
        owner_line = f"owner: {owner}\n" if owner else ""
        return f"---\ntitle: {title}\n{owner_line}status: {status}\nupdated: {updated}\n" + ONE_STAGE_END

    maps = write(tmp_path, {
        "maps/a.md": map_file("A fresh", "ops", "2026-11-01"),
        "maps/b.md": map_file("B overdue", "ops", "2026-01-01"),
        "maps/c.md": map_file("C soon", "ops", "2026-08-30"),
        "maps/d.md": map_file("D nobody", None, "2026-01-02"),
        "maps/e.md": map_file("E archived", "ops", "2020-01-01", "archived"),
        "maps/f.md": map_file("F other", "Design", "2026-10-01"),
    })
    book = load_handbook(maps, root=tmp_path, as_of=ON)
    groups = views.reviews_by_owner(book)
    assert {owner: [(d.id, r.status) for d, r in items] for owner, items in groups.items()} == {
        "Design": [("f", "ok")],
        "ops": [("b", "overdue"), ("c", "due-soon"), ("a", "ok")],
        "": [("d", "overdue")],
    }
    # Named owners case-insensitively, the maps without an owner last.
    assert list(groups) == ["Design", "ops", ""]
    assert [(d.id, r.due) for d, r in views.overdue_across_owners(groups)] == [
        ("b", dt.date(2026, 4, 1)), ("d", dt.date(2026, 4, 2))]
    assert views.review_counts(groups) == {"overdue": 2, "due-soon": 1, "ok": 2, "unknown": 0}


def test_the_handbook_carries_the_build_date_and_each_review_state_once(book: Handbook) -> None:
    """The loader judged reviews on ``as_of``; the published handbook (drafts left out)
    keeps that date and the same states, not new ones, and the pages read them there."""
    assert (book.as_of, book.review_every) == (ON, 90)
    assert book.reviews["lunch-current"].status == "overdue"
    published = book.without_drafts()
    assert published.as_of == ON
    assert all(published.reviews[mid] is book.reviews[mid] for mid in published.maps)


def test_stage_averages_and_journey_average(book: Handbook) -> None:
    assert views.stage_averages(book.maps["lunch-current"]) == {"order": 2.5, "eat": 4}
    assert views.journey_average(book.maps["lunch-current"]) == 3
    assert views.lane_label("pain_points", book.maps["lunch-current"], LABELS) == "Pain points"
    assert views.lane_label("my_lane", book.maps["lunch-current"], LABELS) == "My lane"


# -- renderer ---------------------------------------------------------------------

def render(book: Handbook, uri: str) -> BeautifulSoup:
    pages = {p.uri: p for p in plan_pages(book, LABELS)}
    return BeautifulSoup(Renderer(book, LABELS).render(pages[uri], href), "html.parser")


def links(page: BeautifulSoup) -> list[tuple[str, str]]:
    return [(a.get_text(" ", strip=True), a["href"]) for a in page.find_all("a")]


def table_rows(table: BeautifulSoup) -> list[list[str]]:
    return [[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])] for tr in table.find_all("tr")]


def test_plan_pages_lists_the_index_pages_then_maps_then_personas(book: Handbook) -> None:
    assert [(p.uri, p.kind, p.key, p.title) for p in plan_pages(book, LABELS)] == [
        ("maps/index.md", "maps", None, "All maps"),
        ("personas/index.md", "personas", None, "Personas"),
        ("touchpoints/index.md", "touchpoints", None, "Touchpoints and channels"),
        ("backlog/index.md", "backlog", None, "Pain points and opportunities"),
        ("insights/index.md", "insights", None, "Insights"),
        ("reviews/index.md", "reviews", None, "Reviews"),
        ("maps/lunch-current.md", "map", "lunch-current", "Lunch — current"),
        ("maps/lunch-future.md", "map", "lunch-future", "Lunch — future"),
        ("personas/budi.md", "persona", "budi", "Budi Santoso"),
        ("personas/dina.md", "persona", "dina", "Dina, office worker"),
    ]


def test_render_map_page(book: Handbook) -> None:
    page = render(book, "maps/lunch-current.md")
    assert links(page) == [
        ("Dina, office worker", "#persona:dina"), ("Budi Santoso", "#persona:budi"),
        ("Lunch — future", "#map:lunch-future"), ("Lunch — current", "#map:lunch-current"),
        ("Lunch — future", "#map:lunch-future"), ("This map as JSON", "#file:maps/lunch-current.json")]
    assert [h.get_text(strip=True) for h in page.find_all(["h2", "h3"])] == [
        "The journey", "Stages", "Order", "Eat", "Current and future state",
        "Pain points the future state answers"]


def test_render_persona_page_lists_the_maps_and_the_steps_it_acts_in(book: Handbook) -> None:
    page = render(book, "personas/dina.md")
    items = [li.get_text(" ", strip=True) for li in page.select("ul.cjm-appearances > li")]
    assert items == [
        "Lunch — current (Current state, persona of the map) Actor in: Order — Pays",
        "Lunch — future (Future state, persona of the map)"]
    assert links(page) == [("Lunch — current", "#map:lunch-current"), ("Lunch — future", "#map:lunch-future")]


def test_render_maps_index(book: Handbook) -> None:
    page = render(book, "maps/index.md")
    assert links(page) == [
        ("Lunch — current", "#map:lunch-current"), ("Dina, office worker", "#persona:dina"),
        ("Budi Santoso", "#persona:budi"), ("Lunch — future", "#map:lunch-future"),
        ("Dina, office worker", "#persona:dina")]


def test_render_personas_index_counts_maps_with_plural_forms(book: Handbook) -> None:
    page = render(book, "personas/index.md")
    assert table_rows(page.find("table")) == [
        ["Persona", "Role", "Journey maps"],
        ["Budi Santoso", "Manager", "1 map"],
        ["Dina, office worker", "Office worker", "2 maps"]]


def test_render_touchpoints_index(book: Handbook) -> None:
    page = render(book, "touchpoints/index.md")
    assert table_rows(page.find("table")) == [
        ["Touchpoints and channels", "Used in"], ["App", "Lunch — current — Order (Touchpoint)"]]
    assert links(page) == [("Lunch — current", "#map:lunch-current")]


def test_render_backlog_links_its_exports_and_every_entry(book: Handbook) -> None:
    page = render(book, "backlog/index.md")
    assert links(page) == [
        ("CSV", "#file:backlog/backlog.csv"), ("JSON", "#file:backlog/backlog.json"),
        ("Lunch — current", "#map:lunch-current"), ("Lunch — current", "#map:lunch-current"),
        ("Lunch — future", "#map:lunch-future")]


def test_render_insights_sections(book: Handbook) -> None:
    page = render(book, "insights/index.md")
    assert [h.get_text(strip=True) for h in page.find_all("h2")] == [
        "Emotion by stage", "Lowest moments", "Metrics that miss their target",
        "Pain points and opportunities by progress", "Recurring pain points", "Touchpoint coverage"]


def test_render_reviews_summary_and_tables(book: Handbook) -> None:
    page = render(book, "reviews/index.md")
    assert page.select_one(".cjm-reviews-summary").get_text(strip=True) == (
        "1 map overdue, 0 maps due within 14 days, 1 map up to date.")
    overdue, ops = page.find_all("table")
    assert table_rows(overdue) == [
        ["Map", "Owner", "Next review", "Status"],
        ["Lunch — current", "Ops", "2026-08-30", "Overdue by 85 days"]]
    assert table_rows(ops) == [
        ["Map", "Last review", "Next review", "Status"],
        ["Lunch — current", "2026-06-01", "2026-08-30", "Overdue by 85 days"],
        ["Lunch — future", "2026-11-01", "2027-01-30", "Up to date"]]
    assert [h.get_text(strip=True) for h in page.find_all("h2")] == ["Overdue", "Ops"]


def test_render_escapes_contributors_text(tmp_path: Path) -> None:
    maps = write(tmp_path, {"maps/x.md": """\
        ---
        title: "<b>Bold</b>"
        stages:
          - name: "<i>S</i>"
            steps:
              - name: "<script>alert(1)</script>"
                score: 3
        ---
        """})
    book = load_handbook(maps, root=tmp_path, as_of=ON)
    pages = {p.uri: p for p in plan_pages(book, LABELS)}
    html = Renderer(book, LABELS).render(pages["maps/x.md"], href)
    page = BeautifulSoup(html, "html.parser")
    assert page.find("script") is None and page.find("i") is None and page.find("b") is None
    assert [h.get_text(strip=True) for h in page.find_all("h3")] == ["<i>S</i>"]


# -- page kinds and tables of contents -------------------------------------------

def test_every_page_kind_is_in_the_registry_once_with_a_template_that_exists() -> None:
    assert set(get_args(PageKindName)) == set(PAGE_KINDS)
    env = make_environment()
    for name, kind in PAGE_KINDS.items():
        assert kind.name == name
        env.get_template(kind.template)  # raises when the file is missing
    assert [k.name for k in INDEX_KINDS] == ["maps", "personas", "touchpoints", "backlog", "insights",
                                            "reviews"]
    # The maps and personas indexes head their sections; the others are entries of their own.
    assert {k.name: k.nav for k in INDEX_KINDS} == {
        "maps": "maps", "personas": "personas", "touchpoints": "own", "backlog": "own",
        "insights": "own", "reviews": "own"}


def toc(book: Handbook, uri: str) -> tuple[BeautifulSoup, list[Section]]:
    pages = {p.uri: p for p in plan_pages(book, LABELS)}
    html, sections = Renderer(book, LABELS).render_with_toc(pages[uri], href)
    return BeautifulSoup(html, "html.parser"), sections


def test_toc_of_a_map_page_is_its_sections_with_their_anchors(book: Handbook) -> None:
    _, sections = toc(book, "maps/lunch-current.md")
    assert sections == [Section("cjm-journey", "The journey"), Section("cjm-stages", "Stages"),
                        Section("cjm-comparison", "Current and future state")]


def test_toc_of_a_persona_page_follows_the_persona_s_own_markdown(book: Handbook) -> None:
    _, sections = toc(book, "personas/dina.md")
    assert sections == [Section("cjm-appears-in", "Appears in", after_body=True)]


def test_toc_of_an_index_page_names_its_sections_and_each_owner(book: Handbook) -> None:
    _, sections = toc(book, "reviews/index.md")
    assert sections == [Section("cjm-overdue", "Overdue"), Section("cjm-owner-ops", "Ops")]
    _, sections = toc(book, "insights/index.md")
    assert [(s.anchor, s.title) for s in sections] == [
        ("cjm-heat-map", "Emotion by stage"), ("cjm-lowest", "Lowest moments"),
        ("cjm-metrics-missed", "Metrics that miss their target"),
        ("cjm-progress", "Pain points and opportunities by progress"),
        ("cjm-recurring", "Recurring pain points"), ("cjm-coverage", "Touchpoint coverage")]
    assert toc(book, "backlog/index.md")[1] == []


def test_toc_lists_exactly_the_h2_headings_each_page_renders(book: Handbook) -> None:
    """The table of contents is made from the data, the headings by the templates: on
    every page of the handbook they agree, anchor for anchor and title for title."""
    for page in plan_pages(book, LABELS):
        html, sections = toc(book, page.uri)
        assert [(h["id"], h.get_text()) for h in html.find_all("h2")] == [
            (s.anchor, s.title) for s in sections], page.uri


def test_a_site_s_touchpoints_row_block_still_sees_name_and_uses(book: Handbook, tmp_path: Path) -> None:
    """The rows are records now; the scoped ``row`` block keeps the names the docs give it."""
    (tmp_path / "touchpoints.html").write_text(
        '{% extends "cjm/touchpoints.html" %}{% block row %}<tr><td>{{ name }}: '
        '{{ uses|map(attribute="entry.map.id")|join(",") }}</td></tr>{% endblock %}', encoding="utf-8")
    pages = {p.uri: p for p in plan_pages(book, LABELS)}
    html = Renderer(book, LABELS, templates_dir=tmp_path).render(pages["touchpoints/index.md"], href)
    assert table_rows(BeautifulSoup(html, "html.parser").find("table")) == [
        ["Touchpoints and channels", "Used in"], ["App: lunch-current"]]


def test_a_site_s_backlog_row_block_overrides_every_row(book: Handbook, tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials/backlog_rows.html").write_text(
        '{% extends "cjm/partials/backlog_rows.html" %}{% block row %}<tr><td>{{ row.entry.map.id }}: '
        '{{ row.entry.text }}</td></tr>{% endblock %}', encoding="utf-8")
    pages = {p.uri: p for p in plan_pages(book, LABELS)}
    html = Renderer(book, LABELS, templates_dir=tmp_path).render(pages["backlog/index.md"], href)
    rows = table_rows(BeautifulSoup(html, "html.parser").find("table"))[1:]
    assert rows == [[f"{e.map.id}: {e.text}"] for e in sorted(book.backlog, key=lambda e: e.lane != "pain_points")]


def test_the_preview_renders_again_only_the_backlog_rows_of_the_saved_map(tmp_path: Path) -> None:
    """Kept rows give the page a full render gives; a save makes only the changed map's."""
    files = {**FILES, "maps/other.md": ONE_STAGE.format(title="Other").replace(
        "  - name: Only\n", "  - name: Only\n    pain_points: [Slow, Dear]\n")}
    kept = KeptParts()

    def backlog(root: Path, files: dict[str, str]) -> tuple[str, str]:
        book = load_handbook(write(root, files), root=root, as_of=ON)
        page = {p.uri: p for p in plan_pages(book, LABELS)}["backlog/index.md"]
        previewed = Renderer(book, LABELS, kept_rows=kept)
        if env is not None:  # the preview keeps its environment from save to save
            env.globals.update(previewed.env.globals)
            previewed.env = env
        return previewed.render(page, href), Renderer(book, LABELS).render(page, href)

    env = None
    first, whole = backlog(tmp_path / "a", files)
    assert first == whole and kept.made == 3  # lunch-current's pain points, other's, opportunities
    env = Renderer(load_handbook(write(tmp_path / "a", files), root=tmp_path / "a", as_of=ON), LABELS).env
    backlog(tmp_path / "b", files)  # the same handbook, the kept environment: all made once more
    changed = {**files, "maps/other.md": files["maps/other.md"].replace("Dear", "Costly")}
    second, whole = backlog(tmp_path / "c", changed)
    assert second == whole and "Costly" in second and "Dear" not in second
    assert kept.made == 1


# -- nav builder ------------------------------------------------------------------

def nav_builder(book: Handbook, group_size: int = 50) -> NavBuilder:
    pages = plan_pages(book, LABELS)
    return NavBuilder(pages, {p.uri: p.title for p in pages}, LABELS,
                      {mid: doc.meta.type for mid, doc in book.maps.items()}, group_size)


def test_nav_maps_section_groups_maps_by_type(book: Handbook) -> None:
    assert nav_builder(book).maps() == [
        {"All maps": "maps/index.md"},
        {"Current state": [{"Lunch — current": "maps/lunch-current.md"}]},
        {"Future state": [{"Lunch — future": "maps/lunch-future.md"}]},
    ]


def test_nav_personas_section_is_sorted_by_name(book: Handbook) -> None:
    assert nav_builder(book).personas() == [
        {"Personas": "personas/index.md"},
        {"Budi Santoso": "personas/budi.md"},
        {"Dina, office worker": "personas/dina.md"},
    ]


def test_nav_fill_replaces_only_the_placeholder_sections(book: Handbook) -> None:
    nav = [
        {"Home": "index.md"},
        {"Journeys": ["maps/index.md"]},
        {"People": [{"Team": "team.md"}, {"Nested": ["personas/index.md"]}]},
        {"Two entries": ["maps/index.md", "other.md"]},
    ]
    assert nav_builder(book).fill(nav) == [
        {"Home": "index.md"},
        {"Journeys": nav_builder(book).maps()},
        {"People": [{"Team": "team.md"}, {"Nested": nav_builder(book).personas()}]},
        {"Two entries": ["maps/index.md", "other.md"]},
    ]


def test_nav_fill_keeps_a_section_of_one_titled_page_or_one_subsection(book: Handbook) -> None:
    """``- Guides: [{Intro: intro.md}]`` is a section of one entry that is not a
    placeholder: it is kept as written (it once stopped the build: a dict is unhashable)."""
    nav = [{"Guides": [{"Intro": "intro.md"}]}, {"Deep": [["maps/index.md"]]}, "about.md"]
    assert nav_builder(book).fill(nav) == nav


def test_nav_groups_alphabetically_past_group_size() -> None:
    titles = ["Alpha", "bravo", "Charlie", "A very long persona name indeed", "Echo"]
    pages = [PageSpec(f"personas/p{i}.md", "persona", f"p{i}", t) for i, t in enumerate(titles)]
    builder = NavBuilder(pages, {p.uri: p.title for p in pages}, LABELS, {}, 2)
    assert builder.personas() == [
        {"Personas": "personas/index.md"},
        {"A very long perso… – Alpha": [
            {"A very long persona name indeed": "personas/p3.md"}, {"Alpha": "personas/p0.md"}]},
        {"bravo – Charlie": [{"bravo": "personas/p1.md"}, {"Charlie": "personas/p2.md"}]},
        {"Echo – Echo": [{"Echo": "personas/p4.md"}]},
    ]
    # A group size below one is taken as one.
    assert NavBuilder(pages[:1], {pages[0].uri: "Alpha"}, LABELS, {}, 0).group_size == 1


def test_nav_group_labels_shorten_the_title_a_reader_sees_not_its_escaped_html() -> None:
    """The nav's titles are escaped HTML; a group label cut inside "&amp;" showed "B&am…"."""
    titles = ["AT&T and B&B shops offer", "Zed"]
    pages = [PageSpec(f"personas/p{i}.md", "persona", f"p{i}", t) for i, t in enumerate(titles)]
    builder = NavBuilder(pages, {p.uri: str(escape(p.title)) for p in pages}, LABELS, {}, 1)
    assert builder.personas()[1:] == [
        {"AT&amp;T and B&amp;B shop… – AT&amp;T and B&amp;B shop…": [
            {"AT&amp;T and B&amp;B shops offer": "personas/p0.md"}]},
        {"Zed – Zed": [{"Zed": "personas/p1.md"}]},
    ]


# -- exports ----------------------------------------------------------------------

#: The columns of issue 23 (impact, effort, basis, source), empty for an entry that says none.
NO_SCORES = {"impact": "", "effort": "", "basis": "", "source": ""}
BACKLOG = [
    {"kind": "pain_point", "text": "Slow login", "map_id": "lunch-current", "map_title": "Lunch — current",
     "stage": "Order", "step": "Opens app", "owner": "Ops", "map_type": "current-state",
     "status": "published", "progress": "", "priority": "", "item_owner": "", "link": "",
     **NO_SCORES},
    {"kind": "pain_point", "text": "=No invoice", "map_id": "lunch-current", "map_title": "Lunch — current",
     "stage": "Order", "step": "Pays", "owner": "Ops", "map_type": "current-state",
     "status": "published", "progress": "", "priority": "", "item_owner": "", "link": "",
     **NO_SCORES},
    {"kind": "opportunity", "text": "One-tap pay", "map_id": "lunch-future", "map_title": "Lunch — future",
     "stage": "Order", "step": "Taps once", "owner": "Ops", "map_type": "future-state",
     "status": "published", "progress": "", "priority": "", "item_owner": "", "link": "",
     **NO_SCORES},
]


def test_backlog_json_has_every_pain_point_and_opportunity(book: Handbook) -> None:
    assert json.loads(exports.backlog_json(book)) == {"backlog": BACKLOG}


def test_backlog_csv_has_a_bom_quotes_every_cell_and_defuses_formulas(book: Handbook) -> None:
    text = exports.backlog_csv(book)
    assert text.startswith("\ufeff\"kind\",\"text\",")
    assert text.splitlines()[2] == (
        '"pain_point","\'=No invoice","lunch-current","Lunch — current","Order","Pays","Ops",'
        '"current-state","published","","","","","","","",""')
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [list(r) for r in rows] == [list(exports.BACKLOG_FIELDS)] * 3
    assert rows == [{**r, "text": "'" + r["text"] if r["text"].startswith("=") else r["text"]} for r in BACKLOG]


def test_map_json_keeps_the_files_shape(book: Handbook) -> None:
    assert json.loads(exports.map_json(book.maps["lunch-future"])) == {
        "title": "Lunch — future", "type": "future-state", "persona": "dina", "personas": [],
        "owner": "Ops", "status": "published", "updated": "2026-11-01", "tags": [],
        "compares": "lunch-current", "lanes": {},
        "stages": [
            {"name": "Order", "steps": [{"name": "Taps once", "score": 4, "answers": ["Slow login"],
                                         "opportunities": ["One-tap pay"]}]},
            {"name": "eat", "steps": [{"name": "Eats", "score": 5}]},
        ],
        "id": "lunch-future", "source": "maps/lunch-future.md",
    }


def test_map_json_of_a_step_scored_per_persona_keeps_the_average_and_the_scores(book: Handbook) -> None:
    record = json.loads(exports.map_json(book.maps["lunch-current"]))
    pays = record["stages"][0]["steps"][1]
    assert pays == {"name": "Pays", "score": 3, "persona_scores": {"dina": 1, "budi": 5},
                    "actors": ["dina", "budi", "Cashier"], "pain_points": ["=No invoice"]}
    assert record["stages"][0]["touchpoints"] == ["App"]


TRACKED = {
    "maps/now.md": """\
        ---
        title: Now
        compares: later
        owner: Growth
        stages:
          - name: Pay
            metrics:
              - {name: Conversion, value: 2.5, target: 4, unit: "%", kind: conversion}
            steps:
              - name: Checks out
                score: 2
                metrics:
                  - {name: Time to pay, value: 90, target: 60, unit: s, kind: time, as_of: 2026-10-01}
                  - Plain metric
                pain_points:
                  - {text: Checkout is long, status: done, priority: 2, owner: Budi,
                     link: "https://example.com/42"}
                  - "+ plain text"
        ---
        """,
    "maps/later.md": """\
        ---
        title: Later
        type: future-state
        compares: now
        stages:
          - name: Pay
            steps:
              - name: Pays in one tap
                score: 5
                answers: [checkout is long]
        ---
        """,
}


@pytest.fixture(scope="module")
def tracked_book(tmp_path_factory: pytest.TempPathFactory) -> Handbook:
    root = tmp_path_factory.mktemp("tracked")
    loaded = load_handbook(write(root, TRACKED), root=root, as_of=ON)
    assert loaded.errors == []
    return loaded


def test_backlog_records_carry_a_tracked_items_fields(tracked_book: Handbook) -> None:
    assert json.loads(exports.backlog_json(tracked_book))["backlog"] == [
        {"kind": "pain_point", "text": "Checkout is long", "map_id": "now", "map_title": "Now", "stage": "Pay",
         "step": "Checks out", "owner": "Growth", "map_type": "current-state", "status": "draft",
         "progress": "done", "priority": "2", "item_owner": "Budi", "link": "https://example.com/42",
         **NO_SCORES},
        {"kind": "pain_point", "text": "+ plain text", "map_id": "now", "map_title": "Now", "stage": "Pay",
         "step": "Checks out", "owner": "Growth", "map_type": "current-state", "status": "draft",
         "progress": "", "priority": "", "item_owner": "", "link": "",
     **NO_SCORES},
    ]
    # "+ plain text" would start a formula in a spreadsheet: kept as text.
    assert exports.backlog_csv(tracked_book).splitlines()[2].startswith('"pain_point","\'+ plain text",')


def test_comparison_knows_the_pain_points_tracked_as_done(tracked_book: Handbook) -> None:
    result = views.comparison(tracked_book.maps["now"], tracked_book)
    assert result is not None
    assert (result.answered, result.open) == (
        [views.Answered("Checkout is long", "Pay", ["Pays in one tap"], done=True)],
        [views.OpenPain("+ plain text", "Pay")])


def test_metric_records_list_every_structured_metric_with_its_verdict(tracked_book: Handbook) -> None:
    assert exports.metric_records(tracked_book) == [
        {"map_id": "now", "map_title": "Now", "stage": "Pay", "step": "", "name": "Conversion",
         "value": "2.5", "target": "4", "unit": "%", "kind": "conversion", "better": "higher",
         "on_target": "no", "source": "", "as_of": ""},
        {"map_id": "now", "map_title": "Now", "stage": "Pay", "step": "Checks out", "name": "Time to pay",
         "value": "90", "target": "60", "unit": "s", "kind": "time", "better": "lower",
         "on_target": "no", "source": "", "as_of": "2026-10-01"},
    ]
    assert json.loads(exports.metrics_json(tracked_book)) == {"metrics": exports.metric_records(tracked_book)}
    rows = list(csv.DictReader(io.StringIO(exports.metrics_csv(tracked_book).lstrip("\ufeff"))))
    assert rows == exports.metric_records(tracked_book)
