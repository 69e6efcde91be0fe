"""A current-state map beside its future state: the stages' average scores side by
side, and which current pain points the future state answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import mean

from cjm_plugin.core.model.handbook import Handbook, MapDoc
from cjm_plugin.core.model.items import tracked
from cjm_plugin.core.model.model import step_score
from cjm_plugin.core.model.texts import text_key


def stage_averages(doc: MapDoc) -> dict[str, float]:
    """Each stage's average score, by name (``text_key``; the first stage of a name
    wins): one pass, not one per stage name."""
    averages: dict[str, float] = {}
    for stage in doc.meta.stages:
        if stage.steps:
            averages.setdefault(text_key(stage.name), mean(step_score(t) for t in stage.steps))
    return averages


def journey_average(doc: MapDoc) -> float | None:
    scores = [step_score(step) for _, step in doc.steps()]
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
        seen.setdefault(text_key(name), name)
    current_avg, future_avg = stage_averages(current), stage_averages(future)
    pairs = [StagePair(name, current_avg.get(text_key(name)), future_avg.get(text_key(name)))
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
