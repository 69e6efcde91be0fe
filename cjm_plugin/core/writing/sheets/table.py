"""A map laid out as the table a workshop draws: what ``cjm export`` writes.

Row by row: the stages (one cell merged over each stage's steps), their descriptions,
the steps (one column each), the scores, the steps' actors, zooms, basis and sources, one row per lane
on the steps, one row per lane written on whole stages ("Owner (whole stage)"), then
after an empty row the map's details (``title``, ``goal``…), so that ``cjm import``
of the sheet gives the same map. Labels are in the handbook's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.model.lanes import allowed_lanes
from cjm_plugin.core.writing.sheets.cells import join_items
from cjm_plugin.core.writing.sheets.importer import DETAIL_FIELDS

_STEP_FIELDS = ("name", "score", "persona_scores", "actors", "zoom", "basis", "source")
_STAGE_FIELDS = ("name", "description", "steps")

Cell = str | int


@dataclass
class SheetTable:
    """The rows (first cell: the label), the cells merged over a stage (row, first and
    last column, 0-based), how many rows head the table (repeated on every printed
    page), and each row's kind (for its style)."""

    rows: list[list[Cell]] = field(default_factory=list)
    merges: list[tuple[int, int, int]] = field(default_factory=list)
    header_rows: int = 0
    kinds: list[str] = field(default_factory=list)

    def add(self, kind: str, row: list[Cell]) -> int:
        self.rows.append(row)
        self.kinds.append(kind)
        return len(self.rows) - 1


def map_table(record: dict[str, Any], labels: Labels) -> SheetTable:
    """The table of a map given as its JSON record (:func:`~..exports.map_record`)."""
    layout = _Layout.of(record["stages"])
    _add_stages_and_steps(layout, labels)
    _add_lanes(layout, record, labels)
    _add_details(layout.table, record, labels)
    return layout.table


@dataclass
class _Layout:
    """The table being written, and the columns of each stage and step."""

    stages: list[dict[str, Any]]
    spans: list[list[int]]  # each stage's columns (1-based: column 0 is the labels)
    steps: list[tuple[int, dict[str, Any]]]  # each step with its column
    width: int
    table: SheetTable = field(default_factory=SheetTable)

    @classmethod
    def of(cls, stages: list[dict[str, Any]]) -> _Layout:
        spans: list[list[int]] = []
        col = 1
        for stage in stages:
            width = max(1, len(stage.get("steps", [])))
            spans.append(list(range(col, col + width)))
            col += width
        steps = [(spans[si][ti], step) for si, stage in enumerate(stages)
                 for ti, step in enumerate(stage.get("steps", []))]
        return cls(stages, spans, steps, col)

    def stage_row(self, kind: str, label: str, values: list[str]) -> None:
        """A row with one cell per stage, merged over the stage's steps."""
        row: list[Cell] = [label, *([""] * (self.width - 1))]
        for cols, value in zip(self.spans, values, strict=True):
            row[cols[0]] = value
        r = self.table.add(kind, row)
        self.table.merges.extend((r, cols[0], cols[-1]) for cols in self.spans if len(cols) > 1)

    def step_row(self, kind: str, label: str, value: Callable[[dict[str, Any]], Cell]) -> None:
        """A row with one cell per step."""
        row: list[Cell] = [label, *([""] * (self.width - 1))]
        for c, step in self.steps:
            row[c] = value(step)
        self.table.add(kind, row)


def _add_stages_and_steps(layout: _Layout, labels: Labels) -> None:
    """The rows that head the table (stages, their descriptions, steps), the scores and
    the steps' own fields that some step has."""
    stages, steps = layout.stages, [s for _, s in layout.steps]
    layout.stage_row("stage", labels("stage"), [s["name"] for s in stages])
    if any(s.get("description") for s in stages):
        layout.stage_row("description", labels("sheet.stage_description"),
                         [s.get("description", "") for s in stages])
    layout.step_row("step", labels("step"), lambda s: s["name"])
    layout.table.header_rows = len(layout.table.rows)
    layout.step_row("score", labels("sheet.score"), _score)
    if any(s.get("actors") for s in steps):
        layout.step_row("lane", labels("sheet.actors"), _entries_of("actors"))
    if any(s.get("zoom") for s in steps):
        layout.step_row("lane", labels("sheet.zoom"), lambda s: s.get("zoom", ""))
    if any(s.get("basis") for s in steps):
        layout.step_row("lane", labels("sheet.basis"), lambda s: s.get("basis", ""))
    if any(s.get("source") for s in steps):
        layout.step_row("lane", labels("sheet.source"), lambda s: s.get("source", ""))


def _add_lanes(layout: _Layout, record: dict[str, Any], labels: Labels) -> None:
    """A row per lane written on steps, then one per lane written on whole stages."""
    declared: dict[str, str] = record.get("lanes") or {}
    order = allowed_lanes(record.get("type", "current-state"), declared)

    def label_of(key: str) -> str:
        if key in declared:
            return declared[key]
        return labels(f"lane.{key}") if labels.has(f"lane.{key}") else key

    for key in _used([s for _, s in layout.steps], _STEP_FIELDS, order):
        layout.step_row("lane", label_of(key), _entries_of(key))
    for key in _used(layout.stages, _STAGE_FIELDS, order):
        layout.stage_row("stage-lane", labels("sheet.whole_stage", label=label_of(key)),
                         [join_items(s.get(key) or []) for s in layout.stages])


def _add_details(table: SheetTable, record: dict[str, Any], labels: Labels) -> None:
    """After an empty row, the map's details, one per row, and the custom lanes' labels."""
    table.add("blank", [""])
    table.add("details-title", [labels("sheet.details")])
    details = {**record, "id": record.get("id")}
    for key in DETAIL_FIELDS:
        value = details.get(key)
        if value in (None, "", []):
            continue
        text = join_items(value) if isinstance(value, list) else str(value)
        table.add("details", [key, text])
    declared: dict[str, str] = record.get("lanes") or {}
    for key, label in declared.items():
        table.add("details", [f"lanes.{key}", label])


def _entries_of(key: str) -> Callable[[dict[str, Any]], Cell]:
    """A step's cell of the list ``key`` (a lane, the actors): its entries in one text."""
    return lambda step: join_items(step.get(key) or [])


def _score(step: dict[str, Any]) -> Cell:
    per_persona = step.get("persona_scores") or {}
    if per_persona:
        return "; ".join(f"{name}: {score}" for name, score in per_persona.items())
    return int(step["score"])


def _used(places: list[dict[str, Any]], own: tuple[str, ...], order: list[str]) -> list[str]:
    """The lane keys written in ``places``, in the stage table's order (then any other)."""
    keys = [k for place in places for k in place if k not in own]
    return [k for k in dict.fromkeys([*order, *keys]) if k in keys]
