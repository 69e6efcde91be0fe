"""What the parts of a map rest on: research, or the team's assumption.

A step may say ``basis:`` (and ``source:``); so may a pain point or opportunity written
as an object. An entry that does not say takes its step's: a pain point heard in the
interviews behind a step rests on them too. The insights page counts, per map, how many
of its steps and entries rest on assumptions (:func:`map_basis`).
"""

from __future__ import annotations

from dataclasses import dataclass

from cjm_plugin.core.model.handbook import LaneEntry, MapDoc
from cjm_plugin.core.model.items import tracked
from cjm_plugin.core.model.lanes import BACKLOG_LANES
from cjm_plugin.core.model.model import Step


def entry_basis(entry: LaneEntry) -> tuple[str | None, str | None]:
    """The basis and source of a backlog entry: its own, else its step's."""
    item = tracked(entry.text)
    if item is not None and item.basis:
        return item.basis, item.source
    step = entry.step
    if step is not None and step.basis:
        return step.basis, step.source
    return None, None


@dataclass(frozen=True)
class MapBasis:
    """How much of one map says what it rests on: steps and entries by basis."""

    map: MapDoc
    research: int
    assumption: int
    unmarked: int

    @property
    def total(self) -> int:
        return self.research + self.assumption + self.unmarked

    @property
    def assumption_share(self) -> int:
        """The share of the map's parts marked as assumptions, in whole percent."""
        return round(100 * self.assumption / self.total) if self.total else 0


def _steps(doc: MapDoc) -> list[Step]:
    return [step for stage in doc.meta.stages for step in stage.steps]


def map_basis(doc: MapDoc) -> MapBasis:
    """Counts a map's steps and its pain points and opportunities by what they rest on
    (an entry that does not say counts with its step)."""
    counts = {"research": 0, "assumption": 0, None: 0}
    for step in _steps(doc):
        counts[step.basis] += 1
    for lane in doc.meta.written_lanes(BACKLOG_LANES):
        for value in lane.values:
            item = tracked(value)
            own = item.basis if item is not None else None
            counts[own or (lane.step.basis if lane.step is not None else None)] += 1
    return MapBasis(doc, counts["research"], counts["assumption"], counts[None])


def marks_basis(docs: list[MapDoc]) -> bool:
    """Whether any of the maps marks anything as research or assumption."""
    return any(b.research or b.assumption for b in map(map_basis, docs))
