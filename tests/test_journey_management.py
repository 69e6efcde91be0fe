"""Issue 15, journey management: tracked pain points and opportunities, metrics with
targets, per-persona scores, linked journeys (``zoom``) and the insights page.

In-process tests of the model and the views first (fast), then `cjm check`'s messages
pinned exactly, then one real ``mkdocs build`` read as HTML and exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from support import make_project, run_build

from cjm_plugin.cli import main
from cjm_plugin.core import views
from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.model.items import LaneValue, Metric, metric, tracked
from cjm_plugin.core.model.model import JourneyMap
from cjm_plugin.core.model.texts import loose_text_key
from cjm_plugin.core.reading.loader import load_handbook
from cjm_plugin.core.views import insights
from cjm_plugin.core.views.mermaid import JourneySection, JourneyTask

ON = dt.date(2026, 11, 23)


def front(text: str, body: str = "Body.\n") -> str:
    return "---\n" + textwrap.dedent(text) + "---\n" + body


def write(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


PERSONAS = {
    "personas/dina.md": "---\nname: Dina\n---\n",
    "personas/budi.md": "---\nname: Budi\n---\n",
}


def parse(text: str) -> JourneyMap:
    return JourneyMap.model_validate(yaml.safe_load(textwrap.dedent(text)))


# -- the model: objects read as texts ---------------------------------------------------

def test_objects_in_lanes_read_as_their_text_and_keep_their_fields() -> None:
    meta = parse("""\
        title: T
        stages:
          - name: Purchase
            metrics:
              - {name: Checkout conversion, value: 62, target: 75, unit: "%", kind: conversion}
              - Payment failures
            steps:
              - name: Pays
                score: 2
                pain_points:
                  - Slow
                  - {text: Six screens, status: In-Progress, priority: HIGH, owner: Web,
                     link: "https://tracker.example.com/WEB-1"}
                opportunities: {text: E-wallets, priority: 2}
        """)
    stage = meta.stages[0]
    pains = stage.steps[0].lanes["pain_points"]
    assert pains == ["Slow", "Six screens"]                  # texts, as every view reads them
    assert type(pains[0]) is str and isinstance(pains[1], LaneValue)
    item = tracked(pains[1])
    assert item is not None and (item.status, item.priority, item.owner) == ("in-progress", "high", "Web")
    assert tracked(stage.steps[0].lanes["opportunities"][0]).priority == 2   # one object, no list
    conversion = metric(stage.lanes["metrics"][0])
    assert conversion is not None and conversion.kind == "conversion"
    assert stage.lanes["metrics"][0] == "Checkout conversion: 62 % (target 75 %)"
    assert metric(stage.lanes["metrics"][1]) is None
    # A dump read back gives the same model (the preview and the exports rely on it).
    again = JourneyMap.model_validate(meta.model_dump())
    assert tracked(again.stages[0].steps[0].lanes["pain_points"][1]) == item
    assert again.model_dump() == meta.model_dump()


def test_a_step_without_the_additions_dumps_as_before() -> None:
    dumped = parse("title: T\nstages:\n  - name: A\n    steps:\n      - name: S\n        score: 3\n"
                   ).model_dump()["stages"][0]["steps"][0]
    assert dumped == {"name": "S", "score": 3, "actors": None}


def test_a_score_per_persona_keeps_each_and_averages_them_half_up() -> None:
    step = parse("""\
        title: T
        personas: [dina, budi]
        stages:
          - name: A
            steps:
              - {name: S, score: {dina: 2, budi: 3}, zoom: sub}
        """).stages[0].steps[0]
    assert step.persona_scores == {"dina": 2, "budi": 3}
    assert step.score == 3 and step.zoom == "sub"


@pytest.mark.parametrize(("fields", "on_target"), [
    ({"value": 80, "target": 75}, True),
    ({"value": 70, "target": 75}, False),
    ({"value": 4, "target": 2, "kind": "time"}, False),         # time: lower is better
    ({"value": 1, "target": 2, "kind": "time"}, True),
    ({"value": 4, "target": 2, "better": "lower"}, False),
    ({"value": 40, "target": 30, "kind": "NPS"}, True),
    ({"value": 40}, None),                                      # no target: no mark
])
def test_which_way_is_good(fields: dict, on_target: bool | None) -> None:
    assert Metric(name="m", **fields).on_target is on_target


def test_a_metric_is_stale_past_its_map_review_period() -> None:
    m = Metric(name="m", as_of=dt.date(2026, 8, 1))
    assert m.stale(ON, 90) is True and m.stale(ON, 365) is False
    assert Metric(name="m").stale(ON, 1) is False              # no date: never stale


# -- the insights, as data --------------------------------------------------------------

def step(name: str, score: object, **lanes: object) -> dict:
    return {"name": name, "score": score, **lanes}


def map_file(title: str, stages: list[dict], **fields: object) -> str:
    data = {"title": title, "status": "published", "updated": "2026-11-01", **fields,
            "stages": stages}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n"


@pytest.fixture
def book(tmp_path: Path):
    folder = write(tmp_path / "maps", {**PERSONAS,
        "a.md": map_file("Alpha", [
            {"name": "Awareness", "steps": [step("Searches", 2, touchpoints=["Google"],
                                                 pain_points=["Delivery is late!"])]},
            {"name": "Purchase", "steps": [step("Pays", 4, touchpoints=["Website"]),
                                           step("Waits", 1, pain_points=["Only bank transfer"])]},
        ], persona="dina"),
        "b.md": map_file("Beta", [
            {"name": "awareness", "steps": [step("Hears", 3, touchpoints=["google"],
                                                 pain_points=["delivery  is late"])]},
            {"name": "Decision", "steps": [step("Compares", {"dina": 1, "budi": 4},
                                                pain_points=["The delivery is late"])]},
            {"name": "Purchase", "steps": [step("Buys", 5, zoom="c")]},
        ], personas=["dina", "budi"]),
        "c.md": map_file("Gamma checkout", [
            {"name": "Checkout", "steps": [step("Enters address", 3,
                                                pain_points=["Only bank transfer"])]},
        ], type="service-blueprint", persona="dina"),
    })
    loaded = load_handbook(folder, as_of=ON)
    assert loaded.errors == []
    return loaded


def test_heat_map_lines_up_stages_of_one_type_and_averages_them(book) -> None:
    heat = {h.map_type: h for h in insights.heat_maps(book)}
    current = heat["current-state"]
    # Same name in any case is one column; "Decision" (only in Beta) sits where Beta has it.
    assert current.stages == ["Awareness", "Decision", "Purchase"]
    cells = {row.map.title: [c.average for c in row.cells] for row in current.rows}
    assert cells == {"Alpha": [2, None, 2.5], "Beta": [3, 2.5, 5]}
    assert [c.level for c in current.rows[0].cells] == [2, None, 3]   # 2.5 rounds half up
    assert heat["service-blueprint"].stages == ["Checkout"]


def test_lowest_moments_count_a_persona_score_and_name_who_feels_it(book) -> None:
    low = insights.lowest_moments(book)
    assert [(m.step.name, m.score, m.personas) for m in low] == [
        ("Waits", 1, ["Dina"]), ("Compares", 1, ["Dina"]), ("Searches", 2, ["Dina"])]
    assert low[0].pain_points == ["Only bank transfer"]


def test_recurring_pain_points_ignore_case_spacing_punctuation_and_small_words(book) -> None:
    found = {r.text: ([d.title for d in r.maps], r.count) for r in insights.recurring_pain_points(book)}
    assert found == {
        "Delivery is late!": (["Alpha", "Beta"], 3),
        "Only bank transfer": (["Alpha", "Gamma checkout"], 2),
    }
    assert loose_text_key("  Delivery — is LATE!! ") == "delivery is late"


def test_a_longer_text_containing_a_pain_point_is_not_the_same_pain_point() -> None:
    assert loose_text_key("No e-wallets; 38% abandon") != loose_text_key("38% abandon")
    from rapidfuzz import fuzz
    assert fuzz.token_sort_ratio("no e wallets 38 abandon", "38 abandon") < insights.SAME_TEXT


def test_touchpoint_coverage_counts_uses_and_averages_per_stage(book) -> None:
    current = {c.map_type: c for c in insights.coverage(book)}["current-state"]
    assert current.stages == ["Awareness", "Purchase"]
    assert {row.touchpoint: [(c.count, c.average) for c in row.cells] for row in current.rows} == {
        "Google": [(2, 2.5), (0, None)], "Website": [(0, None), (1, 4)]}


def test_zoom_links_go_both_ways(book) -> None:
    from cjm_plugin.core.model.links import zoomed_from
    parents = zoomed_from(book)
    assert [(d.id, stage, name) for d, stage, name in parents["c"]] == [("b", "Purchase", "Buys")]


def test_grid_draws_a_curve_per_persona_and_the_diagram_a_task_per_persona(book) -> None:
    doc = book.maps["b"]
    table = views.stage_table(doc, Labels("en"), book)
    assert table.personas == ["Dina", "Budi"]
    decision = table.stages[1]
    assert decision.steps[0].persona_scores == [("Dina", 1), ("Budi", 4)]
    assert [(c.index, c.name) for c in decision.persona_curves] == [(1, "Dina"), (2, "Budi")]
    assert [d.score for c in decision.persona_curves for d in c.dots] == [1, 4]
    # A step with one score gives every persona that score.
    assert [d.score for c in table.stages[0].persona_curves for d in c.dots] == [3, 3]
    plan = views.diagram_plan(doc, book)
    assert plan.sections[1] == JourneySection("Decision", (JourneyTask("Compares (Dina)", 1, ("Dina",)),
                                                           JourneyTask("Compares (Budi)", 4, ("Budi",))))
    # A map scored once per step has no persona curves.
    assert views.stage_table(book.maps["a"], Labels("en"), book).personas == []


# -- cjm check's messages, pinned ----------------------------------------------------------

CHECKS: dict[str, tuple[dict[str, str], list[str]]] = {
    "metric-with-a-unit-in-its-value": ({"m.md": front("""\
        title: T
        persona: dina
        stages:
          - name: Registration
            steps:
              - name: Pays
                score: 3
                metrics:
                  - name: Conversion
                    value: 62%
                    kind: nsp
        """)}, [
        "maps/m.md:11:20: error: stage 1 'Registration', step 1 'Pays', metrics item 1.value: "
        "the value must be a number, not '62%'; write the unit under 'unit:' (e.g. unit: '%')",
        "maps/m.md:12:19: error: stage 1 'Registration', step 1 'Pays', metrics item 1.kind: "
        "'nsp' is not a valid kind; use one of: NPS, CSAT, CES, conversion, time, other"]),
    "metric-without-a-name": ({"m.md": front("""\
        title: T
        persona: dina
        stages:
          - name: Registration
            metrics:
              - {value: 3, targte: 4}
        """)}, [
        "maps/m.md:7:9: error: stage 1 'Registration', metrics item 1.name: a metric needs "
        "'name:' (what is measured, e.g. name: Checkout conversion)",
        "maps/m.md:7:20: error: stage 1 'Registration', metrics item 1.targte: unknown field "
        "'targte' in a metric; did you mean 'target'?; use name, value, target, unit, kind, "
        "better, source, as_of"]),
    "tracked-item-with-a-wrong-status-priority-and-link": ({"m.md": front("""\
        title: T
        persona: dina
        stages:
          - name: Registration
            steps:
              - name: Pays
                score: 3
                opportunities:
                  - text: Faster checkout
                    status: doing
                    priority: urgent
                    link: "javascript:alert(1)"
        """)}, [
        "maps/m.md:11:21: error: stage 1 'Registration', step 1 'Pays', opportunities item "
        "1.status: 'doing' is not a valid status; use one of: idea, planned, in-progress, done, "
        "dropped; did you mean 'done'?",
        "maps/m.md:12:23: error: stage 1 'Registration', step 1 'Pays', opportunities item "
        "1.priority: 'urgent' is not a priority; use high, medium or low, or a number from 1 "
        "(the most urgent)",
        "maps/m.md:13:19: error: stage 1 'Registration', step 1 'Pays', opportunities item "
        "1.link: only web links starting with http:// or https:// can be published; paste the "
        "issue's or ticket's full address"]),
    "tracked-item-without-text": ({"m.md": front("""\
        title: T
        persona: dina
        stages:
          - name: Registration
            pain_points:
              - status: done
        """)}, [
        "maps/m.md:7:9: error: stage 1 'Registration', pain_points item 1.text: a pain point or "
        "opportunity written as an object needs 'text:' (the text of the pain point or "
        "opportunity)"]),
    "object-in-a-lane-of-texts": ({"m.md": front("""\
        title: T
        persona: dina
        stages:
          - name: Registration
            notes: [{text: x}]
        """)}, [
        "maps/m.md:6:13: error: stage 1 'Registration', notes item 1: must be a text, "
        "not a mapping"]),
    "score-per-persona-out-of-range": ({"m.md": front("""\
        title: T
        personas: [dina, budi]
        stages:
          - name: Registration
            steps:
              - name: Pays
                score: {dina: 2, budi: 9}
        """)}, [
        "maps/m.md:8:32: error: stage 1 'Registration', step 1 'Pays', score.budi: the emotion "
        "score must be a whole number from 1 (very negative) to 5 (very positive), not 9"]),
    "score-for-a-persona-not-in-the-step": ({"m.md": front("""\
        title: T
        personas: [dina, budi]
        stages:
          - name: Registration
            steps:
              - name: Pays
                score: 3
              - name: Waits
                score: {dina: 2, bdi: 4}
        """)}, [
        "maps/m.md:10:26: error: stage 1 'Registration', step 2 'Waits', score.bdi: 'bdi' is "
        "not one of this step's personas (dina, budi); a score per persona names them by id; "
        "did you mean 'budi'?"]),
    "zoom-into-an-unknown-map": ({"m.md": front("""\
        title: T
        persona: dina
        stages:
          - name: Purchase
            steps:
              - name: Pays
                score: 3
                zoom: chekout
        """), "checkout.md": front("title: C\npersona: dina\nstages:\n  - name: A\n")}, [
        "maps/m.md:9:15: error: stage 1 'Purchase', step 1 'Pays', zoom: no map has the id "
        "'chekout'; did you mean 'checkout'?"]),
    "zooms-in-a-circle": ({
        "a.md": front("title: A\npersona: dina\nstages:\n  - name: S\n    steps:\n"
                      "      - {name: T, score: 3, zoom: b}\n"),
        "b.md": front("title: B\npersona: dina\nstages:\n  - name: S\n    steps:\n"
                      "      - {name: T, score: 3}\n      - {name: U, score: 3, zoom: a}\n"),
    }, [
        "maps/a.md:7:35: error: stage 1 'S', step 1 'T', zoom: the zooms go round in a circle "
        "(a → b → a); a map cannot zoom into a map that zooms back into it: remove one of "
        "these zooms",
        "maps/b.md:8:35: error: stage 1 'S', step 2 'U', zoom: the zooms go round in a circle "
        "(b → a → b); a map cannot zoom into a map that zooms back into it: remove one of "
        "these zooms"]),
    "zoom-into-its-own-map": ({"m.md": front(
        "title: M\npersona: dina\nstages:\n  - name: S\n    steps:\n"
        "      - {name: T, score: 3, zoom: m}\n")}, [
        "maps/m.md:7:35: error: stage 1 'S', step 1 'T', zoom: a step cannot zoom into its "
        "own map; name the map of the sub-journey"]),
}


@pytest.mark.parametrize("name", list(CHECKS))
def test_check_messages(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    files, expected = CHECKS[name]
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "maps", {**PERSONAS, **files})
    code = main(["check", "--today", ON.isoformat()])
    lines = [line for line in capsys.readouterr().out.splitlines()
             if ": error: " in line or ": warning: " in line]
    assert (code, lines) == (1, expected)


# -- a real build: pages and exports ------------------------------------------------------

CURRENT = front("""\
    title: Catering now
    personas: [dina, budi]
    status: published
    updated: 2026-11-01
    review_every: 90
    compares: later
    stages:
      - name: Purchase
        metrics:
          - name: Checkout conversion
            value: 62
            target: 75
            unit: "%"
            kind: conversion
            as_of: 2026-10-31
          - name: Reply time
            value: 9
            target: 15
            unit: min
            kind: time
            as_of: 2026-05-01
          - Plain metric
        steps:
          - name: Pays
            score: {dina: 2, budi: 4}
            zoom: checkout
            pain_points:
              - text: Six screens
                status: done
                priority: high
                owner: Web team
                link: https://tracker.example.com/WEB-1
              - Only bank transfer
            opportunities:
              - text: E-wallets
                status: in-progress
                priority: 2
""")
LATER = front("""\
    title: Catering later
    type: future-state
    persona: dina
    status: published
    updated: 2026-11-01
    compares: now
    stages:
      - name: Purchase
        steps:
          - name: Pays with GoPay
            score: 4
            answers: [Six screens, Only bank transfer]
""")
CHECKOUT = front("""\
    title: Checkout blueprint
    type: service-blueprint
    persona: dina
    status: published
    updated: 2026-11-01
    stages:
      - name: Checkout
        steps:
          - name: Enters address
            score: 1
            pain_points: [Only bank transfer]
""")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    project = make_project(tmp_path_factory.mktemp("management"), {
        "maps/personas/dina.md": "---\nname: Dina\n---\n",
        "maps/personas/budi.md": "---\nname: Budi\n---\n",
        "maps/now.md": CURRENT, "maps/later.md": LATER, "maps/checkout.md": CHECKOUT,
    })
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build


def article(build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser").select_one("article")


def test_insights_page_is_in_the_nav_and_reads_without_javascript(site) -> None:
    nav = BeautifulSoup(site.page("maps/now/"), "html.parser").select_one("nav.md-nav--primary")
    assert "Insights" in [a.get_text(strip=True) for a in nav.select("a.md-nav__link")]
    page = article(site, "insights/")
    heat = page.select("table.cjm-heat-map")
    assert len(heat) == 3                                     # one per type of map
    cells = [(td.get("class")[-1], td.get_text(strip=True)) for td in heat[0].select("tbody td")]
    assert cells == [("cjm-heat--3", "3.0")]                  # Dina 2, Budi 4: 3.0, printed
    low = page.select_one("ol.cjm-moments").get_text(" ", strip=True)
    assert low.startswith("Very negative, 1 of 5 Enters address")
    assert "Negative, 2 of 5 Pays" in low and "Dina" in low and "Six screens" in low
    missed = page.select_one("table.cjm-metrics-table").get_text(" ", strip=True)
    assert "Checkout conversion ✗ misses target 62 % 75 % (higher is better)" in missed
    assert "Reply time" not in missed                          # 9 min <= 15 min: on target
    stale = page.select("table.cjm-metrics-table")[1].get_text(" ", strip=True)
    assert "Reply time" in stale and "⚠ stale" in stale       # measured 2026-05-01, period 90 days
    counts = [li.get_text(" ", strip=True) for li in page.select(".cjm-status-counts li")]
    assert counts == ["Idea: 0", "Planned: 0", "In progress: 1", "Done: 1", "Dropped: 0"]
    recurring = page.select_one("table.cjm-recurring").get_text(" ", strip=True)
    assert "Only bank transfer 2 maps: Catering now , Checkout blueprint" in recurring
    assert page.select("script") == []


def test_grid_shows_metric_marks_tracked_items_persona_scores_and_zoom(site) -> None:
    page = article(site, "maps/now/")
    metrics = page.select_one(".cjm-cell--metrics").get_text(" ", strip=True)
    assert "Checkout conversion : 62 % ✗ misses target (Target ≥ 75 %; higher is better)" in metrics
    assert "Reply time : 9 min ✓ on target (Target ≤ 15 min; lower is better)" in metrics
    assert "⚠ stale" in metrics and "Plain metric" in metrics
    pains = page.select_one(".cjm-cell--pain_points").get_text(" ", strip=True)
    assert "Six screens Done Priority: High · Web team · Link" in pains
    link = page.select_one(".cjm-cell--pain_points a")
    assert link["href"] == "https://tracker.example.com/WEB-1" and "noopener" in link["rel"]
    scores = [s.get_text(" ", strip=True) for s in page.select(".cjm-persona-score")]
    assert scores == ["Dina: Negative, 2 of 5", "Budi: Positive, 4 of 5"]
    assert len(page.select("polyline.cjm-curve-row__line--p1")) == 1
    assert len(page.select("polyline.cjm-curve-row__line--p2")) == 1
    assert "Scores per persona: Dina · Budi" in page.select_one(".cjm-grid__legend").get_text(" ", strip=True)
    zoom = page.select_one("a.cjm-zoom")
    assert zoom["href"] == "../checkout/" and "Checkout blueprint" in zoom.get_text()
    # The comparison says which answered pain point is done.
    answered = [li.get_text(" ", strip=True) for li in page.select("li.cjm-answers--yes")]
    assert answered == ["Answered by the future state: Six screens (Purchase → Pays with GoPay) Done",
                        "Answered by the future state: Only bank transfer (Purchase → Pays with GoPay)"]
    # The sub-journey links back, and the maps index shows the hierarchy.
    back = article(site, "maps/checkout/").select_one(".cjm-zoomed-from").get_text(" ", strip=True)
    assert back == "Part of Catering now · Purchase · Pays"
    index = article(site, "maps/").select_one(".cjm-part-of")
    assert index.get_text(" ", strip=True) == "Part of: Catering now"


def test_mermaid_shows_a_task_per_persona(site) -> None:
    text = BeautifulSoup(site.page("maps/now/"), "html.parser").get_text()
    assert "Pays (Dina): 2: Dina" in text and "Pays (Budi): 4: Budi" in text


def test_backlog_shows_progress_and_priority_and_counts(site) -> None:
    page = article(site, "backlog/")
    heads = [th.get_text(strip=True) for th in page.select("thead th")]
    assert heads == ["Kind", "Entry", "Map", "Stage", "Step", "Owner", "Progress", "Priority"]
    rows = {tr.select("td")[1].get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in page.select("tbody tr")}
    assert rows["Six screens Link"][5:] == ["Web team", "Done", "High"]
    assert rows["E-wallets"][6:] == ["In progress", "2"]
    assert rows["Only bank transfer"][6:] == ["", ""]
    selects = [s.parent.get_text(" ", strip=True) for s in page.select("form.cjm-filters select")]
    assert selects[-2:] == ["Progress All In progress Done", "Priority All"]


def test_exports_carry_tracking_metrics_and_persona_scores(site) -> None:
    rows = list(csv.DictReader(io.StringIO(
        (site.site / "backlog/backlog.csv").read_text(encoding="utf-8-sig"))))
    six = next(r for r in rows if r["text"] == "Six screens")
    assert (six["progress"], six["priority"], six["item_owner"], six["link"]) == (
        "done", "high", "Web team", "https://tracker.example.com/WEB-1")
    metrics = json.loads((site.site / "insights/metrics.json").read_text(encoding="utf-8"))["metrics"]
    assert [(m["name"], m["on_target"], m["better"]) for m in metrics] == [
        ("Checkout conversion", "no", "higher"), ("Reply time", "yes", "lower")]
    assert (site.site / "insights/metrics.csv").read_text("utf-8-sig").startswith('"map_id","map_title"')
    one = json.loads((site.site / "maps/now.json").read_text(encoding="utf-8"))
    pays = one["stages"][0]["steps"][0]
    assert (pays["score"], pays["persona_scores"], pays["zoom"]) == (3, {"dina": 2, "budi": 4}, "checkout")
    assert pays["pain_points"][0] == {"text": "Six screens", "status": "done", "priority": "high",
                                      "owner": "Web team", "link": "https://tracker.example.com/WEB-1"}
    assert one["stages"][0]["metrics"][2] == "Plain metric"


def test_a_handbook_without_the_additions_keeps_its_backlog_columns(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": "---\nname: Dina\n---\n", "maps/later.md": CHECKOUT})
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    page = article(build, "backlog/")
    assert [th.get_text(strip=True) for th in page.select("thead th")] == [
        "Kind", "Entry", "Map", "Stage", "Step", "Owner"]
    assert page.select(".cjm-status-counts") == []


def test_contributors_text_in_the_new_fields_stays_text(tmp_path: Path) -> None:
    """Names, owners, units and links are data: escaped in every page, never markup."""
    evil = '<img src=x onerror=alert(1)>'
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": "---\nname: Dina\n---\n",
        "maps/m.md": map_file("M", [{"name": "S", "metrics": [
            {"name": evil, "value": 1, "target": 2, "unit": evil, "source": evil}],
            "steps": [step("T", 2, pain_points=[
                {"text": evil, "status": "planned", "owner": evil,
                 "link": 'https://tracker.example.com/"><script>alert(1)</script>'}])]}],
            persona="dina"),
    })
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    for url in ("maps/m/", "backlog/", "insights/"):
        html = build.page(url)
        assert "<img src=x" not in html and "<script>alert" not in html, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, url
    link = BeautifulSoup(build.page("maps/m/"), "html.parser").select_one(".cjm-tracked a")
    assert link["href"] == 'https://tracker.example.com/"><script>alert(1)</script>'


def test_a_task_per_persona_is_labelled_with_the_persona_short_name(tmp_path: Path) -> None:
    folder = write(tmp_path / "maps", {
        "personas/dina.md": "---\nname: Dina, the busy professional\n---\n",
        "personas/budi.md": "---\nname: Budi\n---\n",
        "m.md": map_file("M", [{"name": "S", "steps": [step("Pays", {"dina": 2, "budi": 4})]}],
                         personas=["dina", "budi"])})
    book = load_handbook(folder, as_of=ON)
    plan = views.diagram_plan(book.maps["m"], book)
    # The label is short; the actor keeps the whole name, as on every other task.
    assert plan.sections[0].tasks == (JourneyTask("Pays (Dina)", 2, ("Dina, the busy professional",)),
                                      JourneyTask("Pays (Budi)", 4, ("Budi",)))
    table = views.stage_table(book.maps["m"], Labels("en"), book)
    assert table.stages[0].steps[0].persona_scores == [("Dina", 2), ("Budi", 4)]
    assert table.personas == ["Dina, the busy professional", "Budi"]
