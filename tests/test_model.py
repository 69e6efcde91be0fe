"""The model against the contract (``shared/journey-map-format.md``), the handbook's
cross-references, and a round-trip of every example map in ``maps/``."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError
from support import CONTRACT_MAP

from cjm_plugin.core.checks.inputs import FileInput
from cjm_plugin.core.checks.lane_keys import check_lanes
from cjm_plugin.core.model.model import JourneyMap, Persona, Stage, Step
from cjm_plugin.core.publishing.exports import map_json
from cjm_plugin.core.reading.loader import find_files, load_handbook
from cjm_plugin.core.reading.source import parse_text

REPO = Path(__file__).resolve().parent.parent
ON = dt.date(2026, 11, 23)

# Copied verbatim from the contract, "A journey map" (in support.py) and "A persona".
CONTRACT_PERSONA = """\
---
name: Dina, the busy professional
role: Office worker, 29, Jakarta
goals: [Eat healthy on a tight schedule]
motivations: [Energy for work]
frustrations: [Fast food is the only quick option]
channels: [Instagram, Google, WhatsApp]
quote: "I don't have time to cook."
---

Free Markdown about the persona.
"""

EXPECTED_MAP = {
    "id": None,
    "title": "Healthy catering — current state",
    "type": "current-state",
    "persona": "dina",
    "personas": [],
    "goal": "Learn why visitors hesitate before subscribing",
    "owner": "Growth team",
    "status": "published",
    "updated": dt.date(2026, 10, 1),
    "review_every": 90,
    "tags": ["catering", "web"],
    "compares": "catering-future",
    "lanes": {"priorities": "What is the customer's top priority?"},
    "stages": [{
        "name": "Awareness",
        "description": "Wants to change her eating habits",
        "steps": [{
            "name": "Searches Google for healthy catering",
            "score": 2,
            "actors": ["dina"],
            # the lanes, where the file writes them
            "thinking": ["I want a healthier lifestyle"],
            "touchpoints": ["Google search"],
            "pain_points": ["The brand is not on the first page"],
            "opportunities": ["Search ads", "SEO"],
            "owner": ["Marketing"],
            "priorities": ["Breakfast"],
        }],
    }],
}


def test_contract_map_parses_to_the_expected_model() -> None:
    src = parse_text(CONTRACT_MAP, "maps/catering-current.md")
    assert src.problems == []
    assert check_lanes(FileInput(src)) == []
    meta = JourneyMap.model_validate(src.data)
    assert meta.model_dump() == EXPECTED_MAP
    assert list(meta.stages[0].steps[0].lanes) == [  # in the order written
        "thinking", "touchpoints", "pain_points", "opportunities", "owner", "priorities"]
    assert meta.persona_ids == ["dina"]
    assert src.body == ("\nFree Markdown: context, research sources, notes. It is shown on "
                        "the map's page\nafter the generated diagram and table.\n")
    assert src.body_line == 28
    # where things are written, for error messages
    assert src.position(("stages", 0, "steps", 0, "score")).line == 19
    assert src.position(("lanes", "priorities"), of_key=True).line == 13


def test_contract_persona_parses_to_the_expected_model() -> None:
    src = parse_text(CONTRACT_PERSONA, "maps/personas/dina.md")
    assert src.problems == []
    meta = Persona.model_validate(src.data)
    assert meta.model_dump() == {
        "id": None,
        "name": "Dina, the busy professional",
        "role": "Office worker, 29, Jakarta",
        "goals": ["Eat healthy on a tight schedule"],
        "motivations": ["Energy for work"],
        "frustrations": ["Fast food is the only quick option"],
        "channels": ["Instagram", "Google", "WhatsApp"],
        "quote": "I don't have time to cook.",
        "tags": [],
    }
    assert src.body == "\nFree Markdown about the persona.\n"


def minimal(**extra: object) -> dict:
    return {"title": "T", "stages": [{"name": "A"}], **extra}


def test_defaults() -> None:
    meta = JourneyMap.model_validate(minimal())
    assert meta.status == "draft"
    assert meta.type == "current-state"
    assert (meta.persona, meta.personas, meta.persona_ids) == (None, [], [])
    assert (meta.updated, meta.review_every, meta.compares, meta.id) == (None, None, None, None)
    assert (meta.tags, meta.lanes) == ([], {})
    assert meta.stages == [Stage(name="A", description=None, steps=[])]
    assert meta.stages[0].lanes == {}


def test_persona_and_personas() -> None:
    assert JourneyMap.model_validate(minimal(persona="dina")).persona_ids == ["dina"]
    both = JourneyMap.model_validate(minimal(personas=["dina", "budi"]))
    assert (both.persona, both.personas, both.persona_ids) == (None, ["dina", "budi"], ["dina", "budi"])
    one_text = JourneyMap.model_validate(minimal(personas="budi"))
    assert one_text.personas == ["budi"]
    mixed = JourneyMap.model_validate(minimal(persona="budi", personas=["dina", "budi"]))
    assert mixed.persona_ids == ["budi", "dina"]  # in order, without repeats


@pytest.mark.parametrize("written, days", [
    ("quarterly", 90), ("Quarterly ", 90), ("weekly", 7), ("monthly", 30), ("yearly", 365),
    (90, 90), ("45", 45), (1, 1)])
def test_review_every(written: object, days: int) -> None:
    assert JourneyMap.model_validate(minimal(review_every=written)).review_every == days


@pytest.mark.parametrize("written", [0, -5, "fortnightly", 2.5])
def test_review_every_refused(written: object) -> None:
    with pytest.raises(ValidationError):
        JourneyMap.model_validate(minimal(review_every=written))


def test_lanes_are_kept_per_stage_and_step() -> None:
    stage = Stage.model_validate({
        "name": "Order", "description": "Pays", "owner": "Sales", "metrics": 42,
        "notes": None, "steps": [{"name": "Pays", "score": "4", "feeling": "Relieved",
                                  "channels": ["Web", "App"], "evidence": dt.date(2026, 1, 2)}]})
    assert stage.lanes == {"owner": ["Sales"], "metrics": ["42"]}  # an empty lane is dropped
    assert stage.steps[0] == Step(name="Pays", score=4, actors=None, feeling=["Relieved"],
                                  channels=["Web", "App"], evidence=["2026-01-02"])
    assert stage.steps[0].lanes == {
        "feeling": ["Relieved"], "channels": ["Web", "App"], "evidence": ["2026-01-02"]}
    assert Stage.model_validate({"name": "A", "steps": None}).steps == []
    with pytest.raises(TypeError):  # read-only: the lanes are the stage's extra fields
        stage.lanes["notes"] = ["x"]  # type: ignore[index]


ONE_SHAPE = """\
---
title: T
lanes: {priorities: Priorities}
stages:
  - name: A
    notes: [Stage note]
    steps:
      - name: S
        score: 2
        pain_points: [Slow, {text: Six screens, status: done, link: "ftp://tracker/1"}]
        priorities: [Breakfast]
---
"""


def test_lanes_keep_the_files_shape_in_the_model_its_dump_and_the_export(tmp_path: Path) -> None:
    """A lane is a key of its stage or step in the file, in the model's dump and in the
    map's JSON export: nothing gathers lanes elsewhere, so nothing has to undo it."""
    written = yaml.safe_load(ONE_SHAPE.split("---")[1])
    written["stages"][0]["steps"][0]["pain_points"][1]["link"] = "https://tracker.example/1"
    meta = JourneyMap.model_validate(written)
    assert meta.model_dump(mode="json", exclude_none=True)["stages"] == written["stages"]
    assert meta.model_dump(mode="json", exclude_unset=True) == written
    write(tmp_path, "m.md", ONE_SHAPE.replace("ftp://tracker/1", "https://tracker.example/1"))
    book = load_handbook(tmp_path, root=tmp_path, as_of=ON)
    assert book.errors == []
    assert json.loads(map_json(book.maps["m"])) == {**written, "id": "m", "source": "m.md",
                                                    "type": "current-state", "status": "draft",
                                                    "personas": [], "tags": []}


def test_a_lane_values_error_is_located_where_the_file_writes_it(tmp_path: Path) -> None:
    """pydantic's location of an error in a lane is a path in the file's data as it is
    (only the tag of the entry's kind is not written): no lane is moved to reach it."""
    data = yaml.safe_load(ONE_SHAPE.split("---")[1])
    with pytest.raises(ValidationError) as caught:
        JourneyMap.model_validate(data)
    [error] = caught.value.errors()
    assert error["loc"] == ("stages", 0, "steps", 0, "pain_points", 1, "(tracked)", "link")
    node = data
    for part in error["loc"]:
        node = node if part == "(tracked)" else node[part]
    assert node == "ftp://tracker/1"
    write(tmp_path, "m.md", ONE_SHAPE)
    [problem] = load_handbook(tmp_path, as_of=ON).problems
    [(line, text)] = [(n, t) for n, t in enumerate(ONE_SHAPE.splitlines(), 1) if "ftp:" in t]
    assert (problem.line, problem.col) == (line, text.index('"ftp:') + 1)


def test_written_lanes_walks_each_stage_then_its_steps_in_the_files_order() -> None:
    meta = JourneyMap.model_validate({"title": "T", "stages": [
        {"name": "A", "owner": "Ops", "notes": "n", "steps": [
            {"name": "a1", "score": 3, "notes": "x", "owner": "Web"},
            {"name": "a2", "score": 3}]},
        {"name": "B", "steps": [{"name": "b1", "score": 3, "owner": "Sales"}]}]})
    assert [(lane.stage.name, lane.step.name if lane.step else None, lane.key, lane.values,
             lane.where) for lane in meta.written_lanes()] == [
        ("A", None, "owner", ["Ops"], ("stages", 0)),
        ("A", None, "notes", ["n"], ("stages", 0)),
        ("A", "a1", "notes", ["x"], ("stages", 0, "steps", 0)),
        ("A", "a1", "owner", ["Web"], ("stages", 0, "steps", 0)),
        ("B", "b1", "owner", ["Sales"], ("stages", 1, "steps", 0))]
    # only the lanes asked for, in the order asked for, at each place
    assert [(lane.key, lane.values) for lane in meta.written_lanes(("owner", "notes"))] == [
        ("owner", ["Ops"]), ("notes", ["n"]), ("owner", ["Web"]), ("notes", ["x"]),
        ("owner", ["Sales"])]


def test_actors_default_to_the_maps_personas(tmp_path: Path) -> None:
    write(tmp_path, "personas/dina.md", "---\nname: Dina\n---\n")
    write(tmp_path, "personas/budi.md", "---\nname: Budi\n---\n")
    write(tmp_path, "m.md", """\
        ---
        title: T
        personas: [dina, budi]
        stages:
          - name: A
            steps:
              - {name: both, score: 3}
              - {name: one, score: 3, actors: budi}
              - {name: none, score: 3, actors: []}
              - {name: others, score: 3, actors: [dina, Office manager]}
        ---
        """)
    book = load_handbook(tmp_path, as_of=ON)
    assert book.problems == []
    doc = book.maps["m"]
    steps = [step for _, step in doc.steps()]
    assert [book.actor_ids(doc, s) for s in steps] == [
        ["dina", "budi"], ["budi"], [], ["dina", "Office manager"]]
    assert [book.display_name(a) for a in book.actor_ids(doc, steps[3])] == ["Dina", "Office manager"]


# --- the handbook's cross-references -----------------------------------------------------

def write(folder: Path, rel: str, text: str) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


FUTURE = """\
---
title: Healthy catering — future state
type: future-state
personas: [budi]
owner: Product team
compares: catering-current
stages:
  - name: Awareness
    owner: Sales
    touchpoints: [GOOGLE   search, Instagram]
    pain_points: [Nobody knows us]
    steps:
      - name: Sees an ad
        score: 4
        actors: [dina, Office manager]
        channels: [instagram]
        opportunities: [Retargeting]
      - name: Reads reviews
        score: 3
        owner: [Content, Support]
        pain_points: Few reviews
  - name: Purchase
    steps:
      - name: Pays
        score: 5
        opportunities: [One-click pay]
---
"""


@pytest.fixture
def book(tmp_path: Path):
    write(tmp_path, "personas/dina.md", CONTRACT_PERSONA)
    write(tmp_path, "personas/budi.md", "---\nname: Budi\n---\n")
    write(tmp_path, "personas/sari.md", "---\nname: Sari\n---\n")
    write(tmp_path, "catering/catering-current.md", CONTRACT_MAP)
    write(tmp_path, "catering/catering-future.md", FUTURE)
    return load_handbook(tmp_path, as_of=dt.date(2026, 11, 1))


def test_handbook_loads_the_contract_example(book) -> None:
    assert book.problems == []
    assert list(book.maps) == ["catering-current", "catering-future"]
    assert list(book.personas) == ["budi", "dina", "sari"]
    current = book.maps["catering-current"]
    assert current.path.endswith("catering/catering-current.md")
    assert current.meta.model_dump() == EXPECTED_MAP
    assert book.personas["dina"].meta.quote == "I don't have time to cook."


def test_appearances(book) -> None:
    summary = {
        pid: [(a.map.id, a.is_map_persona, [step.name for _, step in a.steps]) for a in apps]
        for pid, apps in book.appearances.items()}
    assert summary == {
        "dina": [("catering-current", True, ["Searches Google for healthy catering"]),
                 ("catering-future", False, ["Sees an ad"])],
        "budi": [("catering-future", True, [])],
    }
    assert "sari" not in book.appearances  # in no map


def test_touchpoints_are_grouped_case_insensitively(book) -> None:
    summary = {
        name: [(e.lane, e.text, e.map.id, e.stage.name, e.step.name if e.step else None)
               for e in entries]
        for name, entries in book.touchpoints.items()}
    assert summary == {
        "Google search": [
            ("touchpoints", "Google search", "catering-current", "Awareness",
             "Searches Google for healthy catering"),
            ("touchpoints", "GOOGLE   search", "catering-future", "Awareness", None)],
        "Instagram": [
            ("touchpoints", "Instagram", "catering-future", "Awareness", None),
            ("channels", "instagram", "catering-future", "Awareness", "Sees an ad")],
    }
    assert list(book.touchpoints) == ["Google search", "Instagram"]


def test_backlog_and_owner_resolution(book) -> None:
    summary = [(e.lane, e.text, e.map.id, e.stage.name, e.step.name if e.step else None, e.owner)
               for e in book.backlog]
    assert summary == [
        # the step's owner
        ("pain_points", "The brand is not on the first page", "catering-current", "Awareness",
         "Searches Google for healthy catering", "Marketing"),
        ("opportunities", "Search ads", "catering-current", "Awareness",
         "Searches Google for healthy catering", "Marketing"),
        ("opportunities", "SEO", "catering-current", "Awareness",
         "Searches Google for healthy catering", "Marketing"),
        # written on a stage: the stage's owner
        ("pain_points", "Nobody knows us", "catering-future", "Awareness", None, "Sales"),
        # a step without an owner: its stage's
        ("opportunities", "Retargeting", "catering-future", "Awareness", "Sees an ad", "Sales"),
        # a step with several owners
        ("pain_points", "Few reviews", "catering-future", "Awareness", "Reads reviews",
         "Content, Support"),
        # neither step nor stage has one: the map's
        ("opportunities", "One-click pay", "catering-future", "Purchase", "Pays", "Product team"),
    ]


# --- round-trip of the example maps --------------------------------------------------------

_FENCE = re.compile(r"^---[ \t]*$", re.M)
MAP_FILES, PERSONA_FILES = find_files(REPO / "maps")


def front_matter(file: Path) -> str:
    text = file.read_text(encoding="utf-8-sig")
    parts = _FENCE.split(text, maxsplit=2)
    assert parts[0] == "" and len(parts) == 3, file
    return parts[1]


def test_the_example_maps_are_all_valid() -> None:
    assert len(MAP_FILES) >= 5 and len(PERSONA_FILES) >= 2
    book = load_handbook(REPO / "maps", root=REPO, as_of=ON)
    assert book.errors == []
    assert len(book.maps) == len(MAP_FILES)


@pytest.mark.parametrize("file", MAP_FILES, ids=lambda f: f.stem)
def test_round_trip(file: Path) -> None:
    meta = JourneyMap.model_validate(yaml.safe_load(front_matter(file)))
    dumped = meta.model_dump(mode="json")
    again = JourneyMap.model_validate(dumped)
    assert again == meta
    assert again.model_dump(mode="json") == dumped
    # the same model as the loader's own reading (which keeps dates as text)
    assert JourneyMap.model_validate(parse_text(file.read_text("utf-8"), file.name).data) == meta
    assert meta.stages and all(1 <= s.score <= 5 for st in meta.stages for s in st.steps)


@pytest.mark.parametrize("file", PERSONA_FILES, ids=lambda f: f.stem)
def test_persona_round_trip(file: Path) -> None:
    meta = Persona.model_validate(yaml.safe_load(front_matter(file)))
    assert Persona.model_validate(meta.model_dump(mode="json")) == meta
