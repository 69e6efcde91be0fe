"""A map's grid (the stage table): a column per stage, a row per lane it uses.

Every decision about the grid (which rows it has and in what order, where the emotion
curve runs, when a large map is laid out stage by stage) is made here, as plain data
for ``partials/stage_table.html``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.model.handbook import Handbook, MapDoc
from cjm_plugin.core.model.lanes import BLUEPRINT_LINES, CUSTOMER_LANES, allowed_lanes
from cjm_plugin.core.model.model import Stage

#: A drawn face per score (SVG path of the mouth in a 20x20 box; eyes and head are
#: the same for every score). Drawn, not emoji: emoji need a colour-emoji font,
#: which Linux desktops and PDF printers often lack (they show empty boxes).
FACE_MOUTHS = {
    1: "M6 15.2Q10 10.6 14 15.2",
    2: "M6.6 14.4Q10 12.2 13.4 14.4",
    3: "M6.6 13.4H13.4",
    4: "M6.4 12.4Q10 15.4 13.6 12.4",
    5: "M5.8 11.6Q10 18 14.2 11.6Z",
}

#: Up to this many stages a map's grid fits a desktop content column (about
#: 900 px) without sideways scrolling; a wider map scrolls inside its grid.
FIT_STAGES = 6

#: Past this many stages, or this many grid positions (stages x rows), the map
#: is laid out stage by stage at every width: a grid of hundreds of columns is
#: unreadable, and the browser's grid layout grows with its area, not its content.
GRID_MAX_STAGES = 40
GRID_MAX_AREA = 2_000


def _curve_y(score: int) -> float:
    """The height of a score in the emotion row, in % from the top (5 high, 1 low)."""
    return 12.0 + (5 - score) * 19.0


@dataclass
class GridStep:
    """A step in its stage's header and on the emotion curve."""

    number: int             # 1-based, counted across the whole journey
    name: str
    score: int
    x: float                # the curve point, in % of the stage's width / the row's height
    y: float
    #: ``score: {dina: 2, budi: 4}``: (persona's name, score), in the order written.
    persona_scores: list[tuple[str, int]] = field(default_factory=list)
    #: The id of the map that zooms into this step.
    zoom: str | None = None
    #: What the step rests on (research | assumption) and which research.
    basis: str | None = None
    source: str | None = None


@dataclass
class PersonaCurve:
    """One persona's part of the emotion curve in a stage (maps scored per persona):
    ``index`` picks its line's colour and dash pattern, the same in every stage."""

    index: int
    name: str
    points: str
    dots: list[GridStep] = field(default_factory=list)


@dataclass
class StepValues:
    """One step's values in a lane cell, marked with the step's number."""

    number: int
    name: str
    values: list[str]


@dataclass
class GridCell:
    """A lane's values in one stage; only made where the stage has some."""

    key: str
    label: str
    row: int
    stage_values: list[str] = field(default_factory=list)
    steps: list[StepValues] = field(default_factory=list)
    kind: str = "cell"


@dataclass
class GridLine:
    """A service blueprint's line between two layers (interaction, visibility,
    internal interaction): a row of its own, drawn across every stage."""

    key: str
    label: str
    row: int
    kind: str = "line"


@dataclass
class GridRowHead:
    """A row's label in the grid's first column."""

    key: str
    label: str
    row: int
    kind: str = "lane"      # "head" (overview, steps, emotion), "lane" or "line"


@dataclass
class GridStage:
    name: str
    description: str | None
    column: int
    steps: list[GridStep]
    curve: str               # polyline points in a 100 x 100 box, with the joins to its neighbours
    items: list[GridCell | GridLine]   # in row order: the stage's cells and the blueprint's lines
    #: Maps scored per persona: one line per persona instead of ``curve``.
    persona_curves: list[PersonaCurve] = field(default_factory=list)


@dataclass
class StageTable:
    """A map as a journey-map grid: a column per stage, a row per lane it uses.

    Rows are numbered as CSS grid lines (row 1: stage names); ``layout`` is
    "grid" or, for very large maps, "stacked" (stage by stage at every width);
    ``wide`` says the grid is wider than a desktop column and scrolls inside.
    """

    stages: list[GridStage]
    heads: list[GridRowHead]
    rows: int
    layout: str
    wide: bool
    blueprint: bool
    overview_row: int | None
    steps_row: int | None
    curve_row: int | None
    #: The personas of a map scored per persona, in the order of their curves.
    personas: list[str] = field(default_factory=list)

    @property
    def lanes(self) -> list[GridRowHead]:
        return [h for h in self.heads if h.kind == "lane"]


def lane_label(key: str, doc: MapDoc, labels: Labels) -> str:
    """A custom lane's own label; a built-in lane's label in the site's language."""
    if key in doc.meta.lanes:
        return doc.meta.lanes[key]
    return labels(f"lane.{key}") if labels.has(f"lane.{key}") else key.replace("_", " ").capitalize()


def _row_order(doc: MapDoc, used: set[str]) -> list[tuple[str, str]]:
    """("lane", key) and ("line", key) rows top to bottom. A service blueprint
    groups its layers: the customer's lanes, then frontstage, backstage and
    support, each below its line; its other lanes follow."""
    order = [k for k in allowed_lanes(doc.meta.type, doc.meta.lanes) if k in used]
    if doc.meta.type != "service-blueprint":
        return [("lane", k) for k in order]
    layers = {layer for _, layer in BLUEPRINT_LINES}
    rows = [("lane", k) for k in order if k in CUSTOMER_LANES]
    for line, layer in BLUEPRINT_LINES:
        rows.append(("line", line))
        if layer in used:
            rows.append(("lane", layer))
    rows += [("lane", k) for k in order if k not in CUSTOMER_LANES and k not in layers]
    return rows


def _curve_points(prev: GridStep | None, steps: list[GridStep], nxt: GridStep | None) -> str:
    """The stage's part of the emotion curve: its points, joined half-way to the
    neighbouring stages' points at the column edges, so the parts meet."""
    if not steps:
        return ""
    points = [(0.0, (prev.y + steps[0].y) / 2)] if prev else []
    points += [(s.x, s.y) for s in steps]
    if nxt:
        points.append((100.0, (steps[-1].y + nxt.y) / 2))
    return " ".join(f"{x:g},{y:g}" for x, y in points)


def _persona_curves(stages: list[Stage], grid_steps: list[list[GridStep]],
                    personas: list[str], names: list[str]) -> list[list[PersonaCurve]]:
    """Per stage, a curve per persona: a step scored per persona gives each its own
    point; a step with one score gives every persona that score."""
    out: list[list[PersonaCurve]] = [[] for _ in stages]
    for j, pid in enumerate(personas):
        points = [[GridStep(g.number, g.name, score, g.x, _curve_y(score))
                   for step, g in zip(stage.steps, own, strict=True)
                   for score in (step.persona_scores.get(pid, step.score),)]
                  for stage, own in zip(stages, grid_steps, strict=True)]
        for i, own in enumerate(points):
            prev = points[i - 1][-1] if i and points[i - 1] else None
            nxt = points[i + 1][0] if i + 1 < len(points) and points[i + 1] else None
            out[i].append(PersonaCurve(j + 1, names[j], _curve_points(prev, own, nxt), own))
    return out


@dataclass
class _Rows:
    """The grid's rows: their heads, which row each lane and head is on, the
    blueprint's lines, and the next free row."""

    heads: list[GridRowHead] = field(default_factory=list)
    lanes: dict[str, int] = field(default_factory=dict)
    lines: list[GridLine] = field(default_factory=list)
    overview: int | None = None
    steps: int | None = None
    curve: int | None = None
    next: int = 2   # row 1 holds the stage names


def _rows(doc: MapDoc, labels: Labels) -> _Rows:
    """The overview, steps and emotion rows (where the map has them), then a row per lane
    the map writes and per blueprint line, top to bottom."""
    stages = doc.meta.stages
    rows = _Rows()
    if any(s.description for s in stages):
        rows.overview = rows.next
        rows.heads.append(GridRowHead("overview", labels("overview"), rows.next, "head"))
        rows.next += 1
    if any(s.steps for s in stages):
        rows.steps, rows.curve = rows.next, rows.next + 1
        rows.heads.append(GridRowHead("steps", labels("steps"), rows.next, "head"))
        rows.heads.append(GridRowHead("emotion", labels("emotion"), rows.next + 1, "head"))
        rows.next += 2
    used = {lane.key for lane in doc.meta.written_lanes()}
    for kind, key in _row_order(doc, used):
        if kind == "line":
            label = labels(f"line.{key}")
            rows.lines.append(GridLine(key, label, rows.next))
        else:
            label = lane_label(key, doc, labels)
            rows.lanes[key] = rows.next
        rows.heads.append(GridRowHead(key, label, rows.next, kind))
        rows.next += 1
    return rows


def _grid_steps(stages: list[Stage], book: Handbook | None) -> tuple[list[list[GridStep]], list[str]]:
    """Each stage's steps, numbered across the journey and placed on the curve; and the
    personas the map scores separately, in the order first met."""
    short_of = book.short_name if book is not None else str
    number = 0
    grid_steps: list[list[GridStep]] = []
    personas: list[str] = []
    for stage in stages:
        count = len(stage.steps)
        own = []
        for i, step in enumerate(stage.steps):
            number += 1
            own.append(GridStep(number, step.name, step.score, round((i + 0.5) * 100 / count, 2),
                                _curve_y(step.score),
                                [(short_of(p), v) for p, v in step.persona_scores.items()], step.zoom,
                                step.basis, step.source))
            personas += [p for p in step.persona_scores if p not in personas]
        grid_steps.append(own)
    return grid_steps, personas


def _cells(doc: MapDoc, rows: _Rows, grid_steps: list[list[GridStep]]) -> list[dict[str, GridCell]]:
    """A cell per lane and stage (the stage's own values, then each step's), only where
    the stage has values in the lane."""
    label_of = {h.key: h.label for h in rows.heads if h.kind == "lane"}
    cells_of: list[dict[str, GridCell]] = [{} for _ in doc.meta.stages]
    for lane in doc.meta.written_lanes():
        if not lane.values or lane.key not in rows.lanes:
            continue
        cells = cells_of[lane.stage_index]
        cell = cells.get(lane.key)
        if cell is None:
            cell = cells[lane.key] = GridCell(lane.key, label_of[lane.key], rows.lanes[lane.key])
        if lane.step is None or lane.step_index is None:  # written on the stage itself
            cell.stage_values = list(lane.values)
        else:
            number = grid_steps[lane.stage_index][lane.step_index].number
            cell.steps.append(StepValues(number, lane.step.name, list(lane.values)))
    return cells_of


def stage_table(doc: MapDoc, labels: Labels, book: Handbook | None = None) -> StageTable:
    """The map's grid: a column per stage, a row per lane the map uses.

    Built from what the file holds (a cell only where a lane has values in a
    stage), so its size grows with the file, never with lanes x stages.
    """
    stages = doc.meta.stages
    rows = _rows(doc, labels)
    grid_steps, personas = _grid_steps(stages, book)
    name_of = book.display_name if book is not None else str
    names = [name_of(p) for p in personas]
    curves = _persona_curves(stages, grid_steps, personas, names) if personas else [[] for _ in stages]
    cells_of = _cells(doc, rows, grid_steps)

    out: list[GridStage] = []
    for index, stage in enumerate(stages):
        own = grid_steps[index]
        items: list[GridCell | GridLine] = [*cells_of[index].values(), *rows.lines]
        items.sort(key=lambda item: item.row)
        prev = grid_steps[index - 1][-1] if index and grid_steps[index - 1] else None
        nxt = grid_steps[index + 1][0] if index + 1 < len(stages) and grid_steps[index + 1] else None
        out.append(GridStage(stage.name, stage.description, index + 2, own,
                             _curve_points(prev, own, nxt), items, curves[index]))

    count = rows.next - 1
    fits = len(stages) <= GRID_MAX_STAGES and len(stages) * count <= GRID_MAX_AREA
    return StageTable(out, rows.heads, count, "grid" if fits else "stacked", len(stages) > FIT_STAGES,
                      doc.meta.type == "service-blueprint", rows.overview, rows.steps, rows.curve,
                      names)
