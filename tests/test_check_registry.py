"""Checks are listed once, in ``checks.registry``, each with one of two signatures (a
file in, problems out; the handbook in, problems by map out); the loader iterates the
list, and a file valid on its own keeps every position a check points at."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import replace
from pathlib import Path

from support import REPO

from cjm_plugin.core.checks.ids import check_id
from cjm_plugin.core.checks.inputs import FileInput, HandbookInput
from cjm_plugin.core.checks.registry import FILE_CHECKS, HANDBOOK_CHECKS, kept_position
from cjm_plugin.core.model.handbook import Handbook, MapDoc, PersonaDoc
from cjm_plugin.core.model.model import JourneyMap, Persona
from cjm_plugin.core.reading.loader import validate_model
from cjm_plugin.core.reading.source import SourceFile, parse_text

CHECKS = REPO / "cjm_plugin" / "core" / "checks"
ON = dt.date(2026, 11, 23)

#: Maps in which every check across files finds something, deep in the file where it can.
MAPS = {
    "a": """\
        title: A
        type: current-state
        persona: dinaa
        personas: [dina, budi]
        compares: b
        updated: 2020-01-01
        stages:
          - name: Find
            pain_points: [Slow, "Costly"]
            steps:
              - name: Looks
                score: {dina: 2, sarii: 4}
                actors: [dinna, Bob]
                zoom: c
          - name: Pay
            steps:
              - name: Pays
                score: 3
                zoom: nowhere
                actors: budii
        """,
    "b": """\
        title: B
        type: future-state
        persona: dina
        compares: a
        updated: 2026-11-01
        stages:
          - name: find
            steps:
              - name: Looks fast
                score: 4
                answers: [Slow,
                          Slowish]
          - name: Pay
            answers: Costlyy
            steps:
              - name: Pays
                score: 5
                zoom: b
        """,
    "c": "title: C\ntype: current-state\npersona: dina\nupdated: 2026-11-01\n"
         "stages:\n  - name: Sub\n    steps:\n      - name: Deep\n        score: 3\n        zoom: d\n",
    "d": "title: D\ntype: current-state\npersona: dina\ncompares: c\nupdated: 2026-11-01\n"
         "stages:\n  - name: Sub\n    steps:\n      - name: Deep\n        score: 3\n        zoom: c\n",
}
PERSONAS = {"dina": "name: Dina", "budi": "name: Budi"}


def read() -> tuple[Handbook, dict[str, SourceFile]]:
    """The maps and personas read whole (every position kept), as a handbook."""
    book = Handbook(as_of=ON)
    sources: dict[str, SourceFile] = {}
    for ident, front in PERSONAS.items():
        src = parse_text(f"---\n{front}\n---\n", f"maps/personas/{ident}.md")
        meta = validate_model(src, Persona)
        assert meta is not None, src.problems
        book.personas[ident] = PersonaDoc(ident, src.path, meta, src.body, src.body_line)
    for ident, front in MAPS.items():
        src = parse_text(f"---\n{textwrap.dedent(front)}---\n", f"maps/{ident}.md")
        meta = validate_model(src, JourneyMap)
        assert meta is not None, src.problems
        book.maps[ident] = MapDoc(ident, src.path, meta, src.body, src.body_line)
        sources[ident] = src
    return book, sources


def kept_small(src: SourceFile) -> SourceFile:
    """The source as the loader keeps a valid file: only the positions checks ask for."""
    return replace(src, key_positions={k: v for k, v in src.key_positions.items() if kept_position(k)},
                   value_positions={k: v for k, v in src.value_positions.items() if kept_position(k)})


def test_a_file_kept_small_still_locates_every_check_across_files() -> None:
    for check in HANDBOOK_CHECKS:
        book, whole = read()
        found = check.run(HandbookInput(book, whole, personas_dir="maps/personas"))
        book, whole = read()
        small = {mid: kept_small(src) for mid, src in whole.items()}
        assert sum(len(src.value_positions) for src in small.values()) < \
            sum(len(src.value_positions) for src in whole.values())
        assert check.run(HandbookInput(book, small, personas_dir="maps/personas")) == found, check.name
        assert any(found.values()), f"{check.name} finds nothing in these maps"


def test_check_id_returns_its_problems_and_leaves_the_file_alone() -> None:
    src = parse_text("---\nid: index\ntitle: x\n---\n", "maps/x.md")
    assert [p.code for p in check_id(FileInput(src, "map", Path("maps/x.md"), ident="index"))] == \
        ["id.address"]
    assert src.problems == []


def test_every_check_module_is_registered_and_the_loader_runs_only_the_registry() -> None:
    modules = {p.stem for p in CHECKS.glob("*.py")} - {"__init__", "inputs", "registry"}
    registered = {check.run.__module__.rsplit(".", 1)[1] for check in (*FILE_CHECKS, *HANDBOOK_CHECKS)}
    assert registered == modules
    loader = (REPO / "cjm_plugin" / "core" / "reading" / "loader.py").read_text(encoding="utf-8")
    assert [m for m in modules - {"ids"} if f"checks.{m} " in loader] == []
