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
from .reviews import ReviewState, review_state
from .structure import Handbook, MapDoc
from .validate import allowed_lanes

#: Above this many steps the Mermaid diagram shows one task per stage (its
#: average score) instead of every step: a journey diagram of hundreds of tasks
#: is wider than any screen and unreadable; the table still lists every step.
MAX_DIAGRAM_STEPS = 60

#: Mermaid refuses a diagram text longer than 50,000 characters (``maxTextSize``,
#: which a diagram cannot raise); past this a map's diagram is summarised too.
MAX_DIAGRAM_CHARS = 45_000

FACES = {1: "😫", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


@dataclass
class StepLanes:
    name: str
    values: list[str]


@dataclass
class Cell:
    stage_values: list[str] = field(default_factory=list)
    steps: list[StepLanes] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.stage_values and not self.steps


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]


@dataclass
class StageTable:
    stages: list[str]
    descriptions: list[str | None]
    steps: list[list[tuple[str, int]]]
    rows: list[Row]


def lane_label(key: str, doc: MapDoc, labels: Labels) -> str:
    """A custom lane's own label; a built-in lane's label in the site's language."""
    if key in doc.meta.lanes:
        return doc.meta.lanes[key]
    return labels(f"lane.{key}") if labels.has(f"lane.{key}") else key.replace("_", " ").capitalize()


def stage_table(doc: MapDoc, labels: Labels) -> StageTable:
    """Lanes x stages: a row for every lane the map uses, in the lanes' order."""
    stages = doc.meta.stages
    used = {k for s in stages for k in s.lanes} | {k for s in stages for t in s.steps for k in t.lanes}
    order = [k for k in allowed_lanes(doc.meta.type, doc.meta.lanes) if k in used]
    rows = []
    for key in order:
        cells = []
        for stage in stages:
            cell = Cell(list(stage.lanes.get(key, ())))
            cell.steps = [StepLanes(t.name, list(t.lanes[key])) for t in stage.steps if t.lanes.get(key)]
            cells.append(cell)
        rows.append(Row(key, lane_label(key, doc, labels), cells))
    return StageTable(
        [s.name for s in stages], [s.description for s in stages],
        [[(t.name, t.score) for t in s.steps] for s in stages], rows)


@dataclass
class DiagramPlan:
    """The diagram's sections: every step, or per-stage averages for huge maps."""

    sections: list[tuple[str, list[tuple[str, int, list[str]]]]]
    summarised: bool
    step_count: int


def diagram_plan(doc: MapDoc, book: Handbook, *, summarise: bool | None = None) -> DiagramPlan:
    """Every step as a task; per-stage averages when the map is too large to read
    (or when ``summarise`` says so, e.g. because the text is too long for Mermaid)."""
    count = sum(len(s.steps) for s in doc.meta.stages)
    sections = []
    summarised = count > MAX_DIAGRAM_STEPS if summarise is None else summarise
    for stage in doc.meta.stages:
        if not stage.steps:
            continue
        if summarised:
            score = round(mean(t.score for t in stage.steps))
            sections.append((stage.name, [(f"{stage.name} ({len(stage.steps)})", score, [])]))
            continue
        tasks = [(t.name, t.score, [book.display_name(a) for a in book.actor_ids(doc, t)])
                 for t in stage.steps]
        sections.append((stage.name, tasks))
    return DiagramPlan(sections, summarised, count)


def stage_average(doc: MapDoc, stage_name: str) -> float | None:
    for stage in doc.meta.stages:
        if stage.name.casefold() == stage_name.casefold() and stage.steps:
            return mean(t.score for t in stage.steps)
    return None


def journey_average(doc: MapDoc) -> float | None:
    scores = [step.score for _, step in doc.steps()]
    return mean(scores) if scores else None


@dataclass
class StagePair:
    name: str
    this: float | None
    other: float | None

    @property
    def change(self) -> float | None:
        if self.this is None or self.other is None:
            return None
        return self.other - self.this


@dataclass
class Comparison:
    """A current-state map beside its future state (in either direction)."""

    current: MapDoc
    future: MapDoc
    stages: list[StagePair]
    overall: StagePair
    answered: list[tuple[str, str, list[str]]]  # pain point, stage, future steps answering
    open: list[tuple[str, str]]


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
    pairs = [StagePair(name, stage_average(current, name), stage_average(future, name))
             for name in seen.values()]
    overall = StagePair("", journey_average(current), journey_average(future))
    answers: dict[str, list[str]] = defaultdict(list)
    for stage in future.meta.stages:
        for text in stage.lanes.get("answers", ()):
            answers[text.casefold()].append(stage.name)
        for step in stage.steps:
            for text in step.lanes.get("answers", ()):
                answers[text.casefold()].append(step.name)
    answered, still_open = [], []
    for entry in book.lane_entries(("pain_points",), [current]):  # this map's only: linear, not N^2
        by = answers.get(entry.text.casefold())
        if by:
            answered.append((entry.text, entry.stage.name, list(dict.fromkeys(by))))
        else:
            still_open.append((entry.text, entry.stage.name))
    return Comparison(current, future, pairs, overall, answered, still_open)


def reviews_by_owner(book: Handbook, on: dt.date, every: int) -> dict[str, list[tuple[MapDoc, ReviewState]]]:
    """Maps that are not archived, by owner, most urgent first."""
    groups: dict[str, list[tuple[MapDoc, ReviewState]]] = defaultdict(list)
    for doc in book.maps.values():
        if doc.meta.status == "archived":
            continue
        groups[doc.meta.owner or ""].append((doc, review_state(doc.meta, on, every)))
    order = {"overdue": 0, "due-soon": 1, "unknown": 2, "ok": 3}
    for items in groups.values():
        items.sort(key=lambda it: (order[it[1].status], it[1].due or dt.date.max, it[0].title))
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold())))
