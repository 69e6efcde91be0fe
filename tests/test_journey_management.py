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

from cjm_plugin.cli import main
from cjm_plugin.core import exports, insights, views
from cjm_plugin.core.i18n import Labels
from cjm_plugin.core.items import LaneValue, Metric, metric, tracked
from cjm_plugin.core.loader import load_handbook
from cjm_plugin.core.model import JourneyMap
from support import make_project, run_build

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
    assert dumped == {"name": "S", "score": 3, "actors": None, "lanes": {}}


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
    loaded = load_handbook(folder, on=ON)
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
    assert insights.normalise("  Delivery — is LATE!! ") == "delivery is late"


def test_a_longer_text_containing_a_pain_point_is_not_the_same_pain_point() -> None:
    assert insights.normalise("No e-wallets; 38% abandon") != insights.normalise("38% abandon")
    from rapidfuzz import fuzz
    assert fuzz.token_sort_ratio("no e wallets 38 abandon", "38 abandon") < insights.SAME_TEXT


def test_touchpoint_coverage_counts_uses_and_averages_per_stage(book) -> None:
    current = {c.map_type: c for c in insights.coverage(book)}["current-state"]
    assert current.stages == ["Awareness", "Purchase"]
    assert dict(current.rows) == {"Google": [(2, 2.5), (0, None)], "Website": [(0, None), (1, 4)]}


def test_zoom_links_go_both_ways(book) -> None:
    from cjm_plugin.core.links import zoomed_from
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
    assert plan.sections[1] == ("Decision", [("Compares (Dina)", 1, ["Dina"]),
                                             ("Compares (Budi)", 4, ["Budi"])])
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
