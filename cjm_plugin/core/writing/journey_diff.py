"""What changed in a journey map between two versions, as a reviewer reads it.

A pull request shows a YAML diff; a CX lead wants to see that step 3 went from 2 to
4, or that a pain point was closed. :func:`diff_map` compares two versions of one
map file (either may be missing: a new or deleted map) and returns a typed record:
steps added, removed or renamed, score changes, lane items added and removed, and
the changes of the map's own fields. Steps and stages are paired with
:class:`difflib.SequenceMatcher` (the standard library's longest-matching-blocks
algorithm): a step whose name is unchanged is the same step; in a run of replaced
steps of the same length, each is the old one renamed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from cjm_plugin.core.checks.inputs import FileInput
from cjm_plugin.core.checks.lane_keys import check_lanes
from cjm_plugin.core.model.model import JourneyMap, Stage, Step
from cjm_plugin.core.reading.loader import validate_model
from cjm_plugin.core.reading.source import parse_text
from cjm_plugin.core.reporting.problems import Problem
from cjm_plugin.core.views.mermaid import JourneySection, JourneyTask, journey_source

Kind = Literal["added", "removed", "changed"]
#: The map's own fields a reviewer cares about, in the order they are listed.
FIELDS = ("title", "type", "status", "owner", "persona", "personas", "compares", "updated",
          "review_every")


@dataclass(frozen=True)
class FieldChange:
    """A field of the map itself: ``status: draft`` → ``published``."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class StageChange:
    kind: Kind | Literal["renamed"]
    name: str
    old_name: str | None = None


@dataclass(frozen=True)
class StepChange:
    """A step added, removed, renamed or re-scored. ``stage`` and ``name`` are the
    new version's (the old one's for a removed step)."""

    kind: Kind | Literal["renamed"]
    stage: str
    name: str
    old_name: str | None = None
    old_score: int | None = None
    new_score: int | None = None

    @property
    def rescored(self) -> bool:
        return self.old_score is not None and self.new_score is not None \
            and self.old_score != self.new_score


@dataclass(frozen=True)
class LaneChange:
    """One lane of one stage or step: the entries added and removed, and the tracked
    entries whose progress changed (``status: planned`` → ``done``)."""

    stage: str
    step: str | None
    lane: str
    label: str | None  # a custom lane's own label; None for a built-in lane
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    progressed: tuple[tuple[str, str | None, str | None], ...] = ()
    #: Entries that are the same entry with another text (a metric's new value): old, new.
    edited: tuple[tuple[str, str], ...] = ()


@dataclass
class MapDiff:
    """Everything that changed in one map file."""

    path: str
    kind: Kind
    title: str
    fields: list[FieldChange] = field(default_factory=list)
    stages: list[StageChange] = field(default_factory=list)
    steps: list[StepChange] = field(default_factory=list)
    lanes: list[LaneChange] = field(default_factory=list)
    #: The new version's errors, located: it does not parse (nothing else is compared).
    problems: list[Problem] = field(default_factory=list)
    #: The old version did not parse: the new one is shown whole.
    old_broken: bool = False
    #: The Markdown below the front-matter (the page's own text) changed.
    body_changed: bool = False
    #: Counts of the new version, for an added map.
    stage_count: int = 0
    step_count: int = 0
    #: The Mermaid ``journey`` of the new version (None when removed or broken).
    journey: str | None = None

    @property
    def broken(self) -> bool:
        return bool(self.problems)

    @property
    def unchanged(self) -> bool:
        """Nothing a reviewer would see changed (the body, or comments, may have)."""
        return self.kind == "changed" and not (self.fields or self.stages or self.steps
                                               or self.lanes or self.problems or self.old_broken
                                               or self.body_changed)


def read_map(text: str, path: str) -> tuple[JourneyMap | None, list[Problem]]:
    """One version of a map file, checked on its own (other files are not at hand):
    the model, or None and its located errors."""
    src = parse_text(text, path)
    if not any(p.is_error for p in src.problems):
        src.problems += check_lanes(FileInput(src))
        meta = validate_model(src, JourneyMap)
        if meta is not None and not any(p.is_error for p in src.problems):
            return meta, []
    return None, sorted(p for p in src.problems if p.is_error)


def diff_map(path: str, old_text: str | None, new_text: str | None) -> MapDiff:
    """Compare two versions of the map at ``path`` (None: the file is not there)."""
    old, old_problems = read_map(old_text, path) if old_text is not None else (None, [])
    if new_text is None:
        return MapDiff(path, "removed", old.title if old else path)
    new, problems = read_map(new_text, path)
    kind: Kind = "added" if old_text is None else "changed"
    if new is None:
        return MapDiff(path, kind, path, problems=problems)
    found = MapDiff(path, kind, new.title, old_broken=old_text is not None and old is None,
                    stage_count=len(new.stages),
                    step_count=sum(len(s.steps) for s in new.stages),
                    journey=journey_of(new))
    if old is not None:
        found.fields = _field_changes(old, new)
        _compare_stages(old, new, found)
        found.body_changed = _body(old_text or "") != _body(new_text)
    return found


def _body(text: str) -> str:
    """The Markdown below the front-matter, as the page shows it."""
    return parse_text(text, "").body.strip()


def journey_of(meta: JourneyMap) -> str:
    """The map's Mermaid ``journey``, labels escaped by the core's own code, without
    the ``%%`` lines (the site's theme directive means nothing outside the site)."""
    sections = [JourneySection(stage.name, tuple(JourneyTask(step.name, step.score)
                                                 for step in stage.steps))
                for stage in meta.stages]
    text = journey_source(meta.title, sections)
    return "\n".join(line for line in text.splitlines() if not line.startswith("%%")) + "\n"


def _shown(value: object) -> str | None:
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _field_changes(old: JourneyMap, new: JourneyMap) -> list[FieldChange]:
    changes = []
    for name in FIELDS:
        before, after = _shown(getattr(old, name)), _shown(getattr(new, name))
        if before != after:
            changes.append(FieldChange(name, before, after))
    return changes


T = TypeVar("T", Stage, Step)


def _pairs(old: Sequence[T], new: Sequence[T]) -> Iterable[tuple[T | None, T | None]]:
    """Old and new items paired: same name, or renamed in place; else added or removed."""
    matcher = difflib.SequenceMatcher(None, [o.name for o in old], [n.name for n in new],
                                      autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            yield from zip(old[i1:i2], new[j1:j2], strict=True)
            continue
        yield from ((o, None) for o in old[i1:i2])
        yield from ((None, n) for n in new[j1:j2])


def _compare_stages(old: JourneyMap, new: JourneyMap, found: MapDiff) -> None:
    old_steps = [(s, t) for s in old.stages for t in s.steps]
    new_steps = [(s, t) for s in new.stages for t in s.steps]
    for before, after in _pairs(old.stages, new.stages):
        if before is None and after is not None:
            found.stages.append(StageChange("added", after.name))
            found.lanes += _lane_changes(after.name, None, _without_lanes(after), after, new)
        elif after is None and before is not None:
            found.stages.append(StageChange("removed", before.name))
        elif before is not None and after is not None:
            if before.name != after.name:
                found.stages.append(StageChange("renamed", after.name, before.name))
            found.lanes += _lane_changes(after.name, None, before, after, new)
    # Steps are paired across the whole map, so a step moved to the next stage is the
    # same step (its stage is the new one).
    stage_of = {id(t): s.name for s, t in new_steps} | {id(t): s.name for s, t in old_steps}
    for b, a in _pairs([t for _, t in old_steps], [t for _, t in new_steps]):
        if a is None and b is not None:
            found.steps.append(StepChange("removed", stage_of[id(b)], b.name,
                                          old_score=b.score))
        elif b is None and a is not None:
            found.steps.append(StepChange("added", stage_of[id(a)], a.name, new_score=a.score))
            # What a new step brings is read with it: each of its lanes' entries, added.
            found.lanes += _lane_changes(stage_of[id(a)], a.name, _without_lanes(a), a, new)
        elif a is not None and b is not None:
            renamed = a.name != b.name
            if renamed or a.score != b.score:
                found.steps.append(StepChange(
                    "renamed" if renamed else "changed", stage_of[id(a)], a.name,
                    b.name if renamed else None, b.score, a.score))
            found.lanes += _lane_changes(stage_of[id(a)], a.name, b, a, new)


def _without_lanes(item: T) -> T:
    """``item`` with no lane (a stage's or step's lanes are its extra fields): what a
    new stage or step is compared with."""
    bare = item.model_copy()
    object.__setattr__(bare, "__pydantic_extra__", {})
    return bare


def _lane_changes(stage: str, step: str | None, old: Stage | Step, new: Stage | Step,
                  meta: JourneyMap) -> list[LaneChange]:
    changes = []
    for lane in dict.fromkeys([*new.lanes, *old.lanes]):
        before = {_identity(t): t for t in old.lanes.get(lane, [])}
        after = {_identity(t): t for t in new.lanes.get(lane, [])}
        added = tuple(str(t) for key, t in after.items() if key not in before)
        removed = tuple(str(t) for key, t in before.items() if key not in after)
        edited = tuple((str(before[key]), str(t)) for key, t in after.items()
                       if key in before and str(before[key]) != str(t))
        progressed = tuple((str(t), _status(before[key]), _status(t)) for key, t in after.items()
                           if key in before and _status(before[key]) != _status(t))
        if added or removed or edited or progressed:
            changes.append(LaneChange(stage, step, lane, meta.lanes.get(lane), added, removed,
                                      progressed, edited))
    return changes


def _identity(entry: str) -> str:
    """What makes a lane entry the same entry in both versions: a metric's name (its
    value may change), a tracked entry's text (its status may change), else the text."""
    item = getattr(entry, "item", None)
    return str(getattr(item, "name", None) or getattr(item, "text", None) or entry)


def _status(entry: str) -> str | None:
    """A tracked entry's progress (``status: done``), None for a plain text."""
    item = getattr(entry, "item", None)
    status = getattr(item, "status", None)
    return str(status) if status else None
