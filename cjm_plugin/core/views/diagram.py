"""A map's journey diagram: which tasks it shows (every step, or per-stage averages
for a map too large to read) and their Mermaid text for each reading width.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from cjm_plugin.core.model.handbook import Handbook, MapDoc
from cjm_plugin.core.model.model import Step, score_level, step_score
from cjm_plugin.core.views.mermaid import (
    LAYOUTS,
    JourneySection,
    JourneyTask,
    journey_actors,
    journey_rows,
)

#: Above this many steps the Mermaid diagram shows one task per stage (its
#: average score) instead of every step: a journey diagram of hundreds of tasks
#: is wider than any screen and unreadable; the grid still lists every step.
MAX_DIAGRAM_STEPS = 60

#: Mermaid refuses a diagram text longer than 50,000 characters (``maxTextSize``,
#: which a diagram cannot raise); past this a map's diagram is summarised too.
MAX_DIAGRAM_CHARS = 45_000


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
            score = score_level(mean(step_score(t) for t in stage.steps))
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
