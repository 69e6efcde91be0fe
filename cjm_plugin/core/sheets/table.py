"""A map laid out as the table a workshop draws: what ``cjm export`` writes.

Row by row: the stages (one cell merged over each stage's steps), their descriptions,
the steps (one column each), the scores, the steps' actors and zooms, one row per lane
on the steps, one row per lane written on whole stages ("Owner (whole stage)"), then
after an empty row the map's details (``title``, ``goal``…), so that ``cjm import``
of the sheet gives the same map. Labels are in the handbook's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..i18n import Labels
from ..lanes import allowed_lanes
from .cells import join_items
from .importer import DETAIL_FIELDS

_STEP_FIELDS = ("name", "score", "persona_scores", "actors", "zoom")
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
    stages: list[dict[str, Any]] = record["stages"]
    spans: list[list[int]] = []  # each stage's columns (1-based: column 0 is the labels)
    col = 1
    for stage in stages:
        width = max(1, len(stage.get("steps", [])))
        spans.append(list(range(col, col + width)))
        col += width
    width = col
    steps: list[tuple[int, dict[str, Any]]] = [
        (spans[si][ti], step) for si, stage in enumerate(stages)
        for ti, step in enumerate(stage.get("steps", []))]
    table = SheetTable()

    def stage_row(kind: str, label: str, values: list[str]) -> None:
        row: list[Cell] = [label, *([""] * (width - 1))]
        for cols, value in zip(spans, values, strict=True):
            row[cols[0]] = value
        r = table.add(kind, row)
        table.merges.extend((r, cols[0], cols[-1]) for cols in spans if len(cols) > 1)

    def step_row(kind: str, label: str, value: Any) -> None:
        row: list[Cell] = [label, *([""] * (width - 1))]
        for c, step in steps:
            row[c] = value(step)
        table.add(kind, row)

    stage_row("stage", labels("stage"), [s["name"] for s in stages])
    if any(s.get("description") for s in stages):
        stage_row("description", labels("sheet.stage_description"),
                  [s.get("description", "") for s in stages])
    step_row("step", labels("step"), lambda s: s["name"])
    table.header_rows = len(table.rows)
    step_row("score", labels("sheet.score"), _score)
    if any(s.get("actors") for _, s in steps):
        step_row("lane", labels("sheet.actors"), lambda s: join_items(s.get("actors") or []))
    if any(s.get("zoom") for _, s in steps):
        step_row("lane", labels("sheet.zoom"), lambda s: s.get("zoom", ""))

    declared: dict[str, str] = record.get("lanes") or {}
    order = allowed_lanes(record.get("type", "current-state"), declared)

    def label_of(key: str) -> str:
        if key in declared:
            return declared[key]
        return labels(f"lane.{key}") if labels.has(f"lane.{key}") else key

    step_lanes = _used([s for _, s in steps], _STEP_FIELDS, order)
    for key in step_lanes:
        step_row("lane", label_of(key), lambda s, key=key: join_items(s.get(key) or []))
    for key in _used(stages, _STAGE_FIELDS, order):
        stage_row("stage-lane", labels("sheet.whole_stage", label=label_of(key)),
                  [join_items(s.get(key) or []) for s in stages])

    table.add("blank", [""])
    table.add("details-title", [labels("sheet.details")])
    details = {**record, "id": record.get("id")}
    for key in DETAIL_FIELDS:
        value = details.get(key)
        if value in (None, "", []):
            continue
        text = join_items(value) if isinstance(value, list) else str(value)
        table.add("details", [key, text])
    for key, label in declared.items():
        table.add("details", [f"lanes.{key}", label])
    return table


def _score(step: dict[str, Any]) -> Cell:
    per_persona = step.get("persona_scores") or {}
    if per_persona:
        return "; ".join(f"{name}: {score}" for name, score in per_persona.items())
    return int(step["score"])


def _used(places: list[dict[str, Any]], own: tuple[str, ...], order: list[str]) -> list[str]:
    """The lane keys written in ``places``, in the stage table's order (then any other)."""
    keys = [k for place in places for k in place if k not in own]
    return [k for k in dict.fromkeys([*order, *keys]) if k in keys]
