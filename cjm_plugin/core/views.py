"""What each page shows, computed from the handbook as plain data for templates.

Templates only lay the data out; every decision (which lanes a table has, whose
owner applies, how a diagram is made small) lives here, where it is tested.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean

from .i18n import Labels
from .items import tracked
from .mermaid import LAYOUTS, JourneySection, JourneyTask, journey_actors, journey_rows
from .reviews import ReviewState, is_reviewed
from .model import Stage, Step, score_level
from .handbook import Handbook, MapDoc
from .texts import text_key
from .lanes import allowed_lanes

#: Above this many steps the Mermaid diagram shows one task per stage (its
#: average score) instead of every step: a journey diagram of hundreds of tasks
#: is wider than any screen and unreadable; the grid still lists every step.
MAX_DIAGRAM_STEPS = 60

#: Mermaid refuses a diagram text longer than 50,000 characters (``maxTextSize``,
#: which a diagram cannot raise); past this a map's diagram is summarised too.
MAX_DIAGRAM_CHARS = 45_000

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

#: A service blueprint's layers, top to bottom, and the lines drawn between them
#: (the customer's side is the steps and the lanes in CUSTOMER_LANES).
CUSTOMER_LANES = ("evidence", "touchpoints", "channels", "thinking", "feeling")
BLUEPRINT_LINES = (("interaction", "frontstage"), ("visibility", "backstage"), ("internal", "support"))


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


def stage_table(doc: MapDoc, labels: Labels, book: Handbook | None = None) -> StageTable:
    """The map's grid: a column per stage, a row per lane the map uses.

    Built from what the file holds (a cell only where a lane has values in a
    stage), so its size grows with the file, never with lanes x stages.
    """
    stages = doc.meta.stages
    used = {lane.key for lane in doc.meta.written_lanes()}
    heads: list[GridRowHead] = []
    row = 2
    overview_row = steps_row = curve_row = None
    if any(s.description for s in stages):
        overview_row = row
        heads.append(GridRowHead("overview", labels("overview"), row, "head"))
        row += 1
    if any(s.steps for s in stages):
        steps_row, curve_row = row, row + 1
        heads.append(GridRowHead("steps", labels("steps"), row, "head"))
        heads.append(GridRowHead("emotion", labels("emotion"), row + 1, "head"))
        row += 2
    lane_rows: dict[str, int] = {}
    lines: list[GridLine] = []
    for kind, key in _row_order(doc, used):
        if kind == "line":
            label = labels(f"line.{key}")
            lines.append(GridLine(key, label, row))
        else:
            label = lane_label(key, doc, labels)
            lane_rows[key] = row
        heads.append(GridRowHead(key, label, row, kind))
        row += 1
    label_of = {h.key: h.label for h in heads if h.kind == "lane"}

    number = 0
    grid_steps: list[list[GridStep]] = []
    name_of = book.display_name if book is not None else str
    short_of = book.short_name if book is not None else str
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
    names = [name_of(p) for p in personas]
    curves = _persona_curves(stages, grid_steps, personas, names) if personas else [[] for _ in stages]

    # A cell per lane and stage: the stage's own values, then each step's.
    cells_of: list[dict[str, GridCell]] = [{} for _ in stages]
    for lane in doc.meta.written_lanes():
        if not lane.values or lane.key not in lane_rows:
            continue
        cells = cells_of[lane.stage_index]
        cell = cells.get(lane.key)
        if cell is None:
            cell = cells[lane.key] = GridCell(lane.key, label_of[lane.key], lane_rows[lane.key])
        if lane.step is None or lane.step_index is None:  # written on the stage itself
            cell.stage_values = list(lane.values)
        else:
            number = grid_steps[lane.stage_index][lane.step_index].number
            cell.steps.append(StepValues(number, lane.step.name, list(lane.values)))

    out: list[GridStage] = []
    for index, stage in enumerate(stages):
        own = grid_steps[index]
        items: list[GridCell | GridLine] = [*cells_of[index].values(), *lines]
        items.sort(key=lambda item: item.row)
        prev = grid_steps[index - 1][-1] if index and grid_steps[index - 1] else None
        nxt = grid_steps[index + 1][0] if index + 1 < len(stages) and grid_steps[index + 1] else None
        out.append(GridStage(stage.name, stage.description, index + 2, own,
                             _curve_points(prev, own, nxt), items, curves[index]))

    rows = row - 1
    fits = len(stages) <= GRID_MAX_STAGES and len(stages) * rows <= GRID_MAX_AREA
    return StageTable(out, heads, rows, "grid" if fits else "stacked", len(stages) > FIT_STAGES,
                      doc.meta.type == "service-blueprint", overview_row, steps_row, curve_row,
                      names)


@dataclass
class DiagramPlan:
    """The diagram's sections: every step, or per-stage averages for huge maps, and
    the Mermaid text of its rows for each reading width."""

    sections: list[JourneySection]
    summarised: bool
    step_count: int
    #: The Mermaid journey of each row, by layout name ("wide", "narrow"; see
    #: ``mermaid.RowLayout``); empty lists when the map has no steps.
    rows: dict[str, list[str]] = field(default_factory=dict)
    #: The actors, named once above the rows (the rows draw no legend): each name with
    #: the index of its dots' colour (``mermaid.journey_actors``).
    actors: list[tuple[str, int]] = field(default_factory=list)


def _tasks(doc: MapDoc, step: Step, book: Handbook) -> list[JourneyTask]:
    """A step's tasks in the Mermaid diagram. A Mermaid journey task has one score, drawn
    as one face, so a step scored per persona (``score: {dina: 2, budi: 4}``) becomes one
    task per persona, "Pays (Dina)" with Dina's score and Dina as its actor (the label
    has the persona's short name, the actor the whole one, as on every task); its other
    actors (free names) share a task with the step's average score."""
    actors = book.actor_ids(doc, step)
    if not step.persona_scores:
        return [JourneyTask(step.name, step.score, tuple(book.display_name(a) for a in actors))]
    tasks = [JourneyTask(f"{step.name} ({book.short_name(p)})", score, (book.display_name(p),))
             for p, score in step.persona_scores.items()]
    rest = tuple(book.display_name(a) for a in actors if a not in step.persona_scores)
    if rest:
        tasks.append(JourneyTask(step.name, step.score, rest))
    return tasks


def _sections(doc: MapDoc, book: Handbook, summarised: bool) -> list[JourneySection]:
    sections = []
    for stage in doc.meta.stages:
        if not stage.steps:
            continue
        if summarised:
            score = score_level(mean(t.score for t in stage.steps))
            sections.append(JourneySection(stage.name, (JourneyTask(f"{stage.name} ({len(stage.steps)})", score),)))
            continue
        sections.append(JourneySection(stage.name, tuple(task for t in stage.steps for task in _tasks(doc, t, book))))
    return sections


def _rows(sections: list[JourneySection]) -> dict[str, list[str]]:
    return {layout.name: journey_rows(sections, layout) if sections else [] for layout in LAYOUTS}


def diagram_plan(doc: MapDoc, book: Handbook, *, summarise: bool | None = None) -> DiagramPlan:
    """Every step as a task; per-stage averages when the map is too large to read, when
    a row's Mermaid text would pass ``MAX_DIAGRAM_CHARS``, or when ``summarise`` says so.
    Decided here, once: the renderer only shows the plan."""
    count = sum(len(s.steps) for s in doc.meta.stages)
    summarised = count > MAX_DIAGRAM_STEPS if summarise is None else summarise
    sections = _sections(doc, book, summarised)
    rows = _rows(sections)
    if not summarised and summarise is None \
            and max((len(r) for texts in rows.values() for r in texts), default=0) > MAX_DIAGRAM_CHARS:
        summarised = True
        sections = _sections(doc, book, summarised)
        rows = _rows(sections)
    return DiagramPlan(sections, summarised, count, rows, journey_actors(sections))


def stage_averages(doc: MapDoc) -> dict[str, float]:
    """Each stage's average score, by case-folded name (the first stage of a name
    wins): one pass, not one per stage name."""
    averages: dict[str, float] = {}
    for stage in doc.meta.stages:
        if stage.steps:
            averages.setdefault(stage.name.casefold(), mean(t.score for t in stage.steps))
    return averages


def journey_average(doc: MapDoc) -> float | None:
    scores = [step.score for _, step in doc.steps()]
    return mean(scores) if scores else None


@dataclass
class StagePair:
    """A stage's (or the whole journey's) average score in the current and the future state."""

    name: str
    current: float | None
    future: float | None

    @property
    def change(self) -> float | None:
        if self.current is None or self.future is None:
            return None
        return self.future - self.current

    @property
    def trend(self) -> str:
        """Which way the score moves from the current to the future state: "up", "down",
        or "" (no change, or a state without a score here)."""
        change = self.change
        return "" if not change else "up" if change > 0 else "down"


@dataclass(frozen=True)
class Answered:
    """A current pain point that the future state answers: where it is, which future
    stages or steps answer it, and whether it is tracked as done (``status: done``)."""

    text: str
    stage: str
    by: list[str]
    done: bool = False


@dataclass(frozen=True)
class OpenPain:
    """A current pain point that no future stage or step answers yet."""

    text: str
    stage: str


@dataclass
class Comparison:
    """A current-state map beside its future state (in either direction)."""

    current: MapDoc
    future: MapDoc
    stages: list[StagePair]
    overall: StagePair
    answered: list[Answered]
    open: list[OpenPain]


def comparison(doc: MapDoc, book: Handbook) -> Comparison | None:
    """Pair stages by name; a future step's ``answers`` lane names the current
    pain points it resolves (matched case-insensitively)."""
    other = book.maps.get(doc.meta.compares or "")
    if other is None:
        return None
    current, future = (other, doc) if doc.meta.type == "future-state" else (doc, other)
    names = list(dict.fromkeys([s.name for s in current.meta.stages] + [s.name for s in future.meta.stages]))
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    current_avg, future_avg = stage_averages(current), stage_averages(future)
    pairs = [StagePair(name, current_avg.get(name.casefold()), future_avg.get(name.casefold()))
             for name in seen.values()]
    overall = StagePair("", journey_average(current), journey_average(future))
    answers: dict[str, list[str]] = defaultdict(list)
    for lane in future.meta.written_lanes(("answers",)):
        for text in lane.values:
            answers[text_key(text)].append((lane.step or lane.stage).name)
    answered, still_open = [], []
    for entry in book.lane_entries(("pain_points",), [current]):  # this map's only: linear, not N^2
        by = answers.get(text_key(entry.text))
        if by:
            item = tracked(entry.text)
            done = item is not None and item.status == "done"
            answered.append(Answered(entry.text, entry.stage.name, list(dict.fromkeys(by)), done))
        else:
            still_open.append(OpenPain(entry.text, entry.stage.name))
    return Comparison(current, future, pairs, overall, answered, still_open)


def reviews_by_owner(book: Handbook) -> dict[str, list[tuple[MapDoc, ReviewState]]]:
    """Maps that are not archived, by owner, most urgent first (their review states on
    the handbook's ``as_of`` date)."""
    groups: dict[str, list[tuple[MapDoc, ReviewState]]] = defaultdict(list)
    for doc in book.maps.values():
        if not is_reviewed(doc.meta):
            continue
        groups[doc.meta.owner or ""].append((doc, book.reviews[doc.id]))
    order = {"overdue": 0, "due-soon": 1, "unknown": 2, "ok": 3}
    for items in groups.values():
        items.sort(key=lambda it: (order[it[1].status], it[1].due or dt.date.max, it[0].title))
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold())))


def overdue_across_owners(groups: dict[str, list[tuple[MapDoc, ReviewState]]]
                          ) -> list[tuple[MapDoc, ReviewState]]:
    """Every overdue map, whoever owns it, the longest overdue first: the reviews page
    opens with them, so nobody has to look through every owner's list."""
    rows = [item for items in groups.values() for item in items if item[1].status == "overdue"]
    return sorted(rows, key=lambda it: (it[1].due or dt.date.max, it[0].title.casefold()))


def review_counts(groups: dict[str, list[tuple[MapDoc, ReviewState]]]) -> dict[str, int]:
    """How many maps are in each review state, in the order the summary names them."""
    counts = dict.fromkeys(("overdue", "due-soon", "ok", "unknown"), 0)
    for items in groups.values():
        for _, review in items:
            counts[review.status] += 1
    return counts
