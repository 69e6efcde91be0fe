"""Plain data classes for what the loader found: documents and the handbook.

Cross-references (persona -> maps, touchpoints, backlog) are computed once per
handbook, never per page, so building stays linear in the number of maps.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Generic, TypeVar

from cjm_plugin.core.model.lanes import BACKLOG_LANES, TOUCHPOINT_LANES
from cjm_plugin.core.model.model import MAP_TYPES, JourneyMap, Persona, Stage, Step
from cjm_plugin.core.model.reviews import DEFAULT_REVIEW_EVERY, ReviewState, review_state, today
from cjm_plugin.core.model.texts import text_key
from cjm_plugin.core.reporting.problems import Problem


def title_order(title: str) -> str:
    """How maps and personas are listed, in the indexes and the navigation alike: by
    title (a persona by name) as written, capitals ignored."""
    return title.casefold()


#: The front-matter model of a document: a map or a persona.
Meta = TypeVar("Meta", JourneyMap, Persona)


@dataclass
class Document(Generic[Meta]):
    """A contributor's file: its id, where it lives, its front-matter and its body."""

    id: str
    path: str
    meta: Meta
    body: str = ""
    body_line: int = 1


@dataclass
class MapDoc(Document[JourneyMap]):
    """A journey map file."""

    @property
    def title(self) -> str:
        return self.meta.title

    def owner_of(self, stage: Stage, step: Step | None = None) -> str | None:
        """The most specific owner: the step's, else the stage's, else the map's."""
        for lanes in ((step.lanes if step else {}), stage.lanes):
            if lanes.get("owner"):
                return ", ".join(lanes["owner"])
        return self.meta.owner

    def steps(self) -> list[tuple[Stage, Step]]:
        return [(stage, step) for stage in self.meta.stages for step in stage.steps]


@dataclass
class PersonaDoc(Document[Persona]):
    """A persona file."""

    @property
    def name(self) -> str:
        return self.meta.name


@dataclass(frozen=True)
class Appearance:
    """A persona in a map: as one of the map's personas, and as actor of steps."""

    map: MapDoc
    is_map_persona: bool
    steps: tuple[tuple[Stage, Step], ...]


@dataclass(frozen=True)
class LaneEntry:
    """One entry of a lane (a touchpoint, a pain point…) and where it was written."""

    lane: str
    text: str
    map: MapDoc
    stage: Stage
    step: Step | None
    owner: str | None


@dataclass
class Handbook:
    """Every valid map and persona, with the indexes built from them."""

    maps: dict[str, MapDoc] = field(default_factory=dict)
    personas: dict[str, PersonaDoc] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: The build's date, which review states are judged on (the one place it is kept:
    #: the loader's checks and every page read it here).
    as_of: dt.date = field(default_factory=today)
    #: Days between reviews for a map that does not say (the plugin's ``review_every``).
    review_every: int = DEFAULT_REVIEW_EVERY

    def without_drafts(self) -> Handbook:
        """The handbook as a built site publishes it: draft maps left out, so nothing
        links to them (a comparison with a draft is not shown, a persona lists only
        published maps). Personas are always published."""
        maps = {mid: doc for mid, doc in self.maps.items() if doc.meta.status != "draft"}
        published = Handbook(maps, self.personas, self.problems, self.as_of, self.review_every)
        if "reviews" in self.__dict__:  # computed already: not again
            published.reviews = {mid: self.reviews[mid] for mid in maps}
        return published

    @cached_property
    def reviews(self) -> dict[str, ReviewState]:
        """Each map's review state on ``as_of``, computed once per build: the overdue
        check, the map pages, the maps index and the reviews page all read it."""
        return {mid: review_state(doc.meta, self.as_of, self.review_every) for mid, doc in self.maps.items()}

    @cached_property
    def maps_by_type(self) -> dict[str, list[MapDoc]]:
        """The maps of each type (every type of ``MAP_TYPES``, in its order), by title:
        the order of the maps index and of the insights' heat maps."""
        by_type: dict[str, list[MapDoc]] = {map_type: [] for map_type in MAP_TYPES}
        for doc in sorted(self.maps.values(), key=lambda d: title_order(d.title)):
            by_type[doc.meta.type].append(doc)
        return by_type

    @cached_property
    def personas_by_name(self) -> list[PersonaDoc]:
        """The personas by name: the order of the personas index."""
        return sorted(self.personas.values(), key=lambda p: title_order(p.name))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def actor_ids(self, doc: MapDoc, step: Step) -> list[str]:
        """A step's actors: its own, else the map's personas."""
        return list(step.actors) if step.actors is not None else doc.meta.persona_ids

    def display_name(self, actor: str) -> str:
        """A persona id shown as the persona's name; a free name as written."""
        persona = self.personas.get(actor)
        return persona.name if persona else actor

    def short_name(self, actor: str) -> str:
        """A persona's name up to its first comma ("Dina" for "Dina, the busy
        professional"), for labels repeated per step; a free name as written."""
        persona = self.personas.get(actor)
        return persona.name.split(",")[0].strip() or persona.name if persona else actor

    @cached_property
    def appearances(self) -> dict[str, list[Appearance]]:
        """Per persona id, the maps it appears in, in map order."""
        result: dict[str, list[Appearance]] = defaultdict(list)
        for doc in self.maps.values():
            as_actor: dict[str, list[tuple[Stage, Step]]] = defaultdict(list)
            for stage, step in doc.steps():
                if step.actors is not None:
                    for actor in step.actors:
                        if actor in self.personas:
                            as_actor[actor].append((stage, step))
            for pid in dict.fromkeys([*doc.meta.persona_ids, *as_actor]):
                if pid in self.personas:
                    result[pid].append(Appearance(
                        doc, pid in doc.meta.persona_ids, tuple(as_actor.get(pid, ()))))
        return dict(result)

    def lane_entries(self, lanes: tuple[str, ...],
                     docs: Iterable[MapDoc] | None = None) -> list[LaneEntry]:
        """Every entry of the given lanes, on stages and on steps, across all maps
        (or only across ``docs``). Across all maps the list is made once per handbook
        (the backlog, the touchpoints and the insights ask for it): do not change it."""
        if docs is None:
            kept = self._all_lane_entries.get(lanes)
            if kept is None:
                kept = self._all_lane_entries[lanes] = self.lane_entries(lanes, self.maps.values())
            return kept
        entries: list[LaneEntry] = []
        for doc in docs:
            for lane in doc.meta.written_lanes(lanes):
                owner = doc.owner_of(lane.stage, lane.step)
                entries += [LaneEntry(lane.key, text, doc, lane.stage, lane.step, owner)
                            for text in lane.values]
        return entries

    @cached_property
    def _all_lane_entries(self) -> dict[tuple[str, ...], list[LaneEntry]]:
        return {}

    @cached_property
    def touchpoints(self) -> dict[str, list[LaneEntry]]:
        """Every touchpoint and channel (grouped case-insensitively) and its uses."""
        groups: dict[str, list[LaneEntry]] = {}
        names: dict[str, str] = {}
        for entry in self.lane_entries(TOUCHPOINT_LANES):
            key = text_key(entry.text)
            names.setdefault(key, entry.text)
            groups.setdefault(key, []).append(entry)
        return {names[k]: groups[k] for k in sorted(groups, key=lambda k: names[k].casefold())}

    @cached_property
    def backlog(self) -> list[LaneEntry]:
        """Every pain point and opportunity across all maps."""
        return self.lane_entries(BACKLOG_LANES)
