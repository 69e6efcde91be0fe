"""What cjm knows about lanes: one :class:`Lane` record per built-in lane, in
:data:`LANES`, and everything derived from it.

A lane's record says which maps may use it, what its entries may be (texts, tracked
items, metrics), which index pages its entries feed, and where a service blueprint
draws it. The stage table (:mod:`cjm_plugin.core.views.grid`) orders its rows with
:func:`allowed_lanes` and groups a blueprint's layers with :data:`BLUEPRINT_LINES`; the
lane-key check (:mod:`cjm_plugin.core.checks.lane_keys`) refuses a key that is not
allowed; the model (:mod:`cjm_plugin.core.model.items`) reads objects in the lanes that take
them; the handbook gathers the backlog and touchpoints from the lanes that feed them.
A new lane is a record here plus its label (``lane.<key>`` in the locales).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: What a lane's entries may be: texts only, or also tracked items or metrics
#: (:mod:`cjm_plugin.core.items`).
ItemKind = Literal["text", "tracked", "metric"]
#: The index pages a lane's entries feed.
Feed = Literal["backlog", "touchpoints"]
#: Where a service blueprint draws a lane: on the customer's side (above the line of
#: interaction), or below one of its lines.
Layer = Literal["customer", "frontstage", "backstage", "support"]


@dataclass(frozen=True)
class Lane:
    """A built-in lane: its key and everything cjm does with it."""

    key: str
    #: The map types that may use it; empty: every map.
    map_types: frozenset[str] = frozenset()
    items: ItemKind = "text"
    feeds: frozenset[Feed] = frozenset()
    #: A service blueprint's layer; none: drawn after the layers.
    layer: Layer | None = None
    #: The blueprint line drawn above the lane (``interaction``…), where it has one.
    line: str | None = None
    #: What one entry is called in the backlog's exports (``pain_point``).
    backlog_kind: str | None = None

    def allowed_in(self, map_type: str) -> bool:
        return not self.map_types or map_type in self.map_types


_BLUEPRINT = frozenset({"service-blueprint"})
_BACKLOG: frozenset[Feed] = frozenset({"backlog"})
_TOUCHPOINTS: frozenset[Feed] = frozenset({"touchpoints"})

#: Every built-in lane, in the order the stage table shows them.
LANES: tuple[Lane, ...] = (
    Lane("thinking", layer="customer"),
    Lane("feeling", layer="customer"),
    Lane("frontstage", _BLUEPRINT, layer="frontstage", line="interaction"),
    Lane("backstage", _BLUEPRINT, layer="backstage", line="visibility"),
    Lane("support", _BLUEPRINT, layer="support", line="internal"),
    Lane("evidence", _BLUEPRINT, layer="customer"),
    Lane("touchpoints", feeds=_TOUCHPOINTS, layer="customer"),
    Lane("channels", feeds=_TOUCHPOINTS, layer="customer"),
    Lane("pain_points", items="tracked", feeds=_BACKLOG, backlog_kind="pain_point"),
    Lane("opportunities", items="tracked", feeds=_BACKLOG, backlog_kind="opportunity"),
    Lane("owner"),
    Lane("metrics", items="metric"),
    Lane("notes"),
    #: A future-state lane naming the current state's pain points a step resolves;
    #: the comparison of the two maps shows which are answered and which are not.
    Lane("answers", frozenset({"future-state"})),
)
LANE_BY_KEY: dict[str, Lane] = {lane.key: lane for lane in LANES}


def _keys(lanes: tuple[Lane, ...]) -> tuple[str, ...]:
    return tuple(lane.key for lane in lanes)


#: Lanes every map may use, in the order the stage table shows them.
COMMON_LANES = _keys(tuple(lane for lane in LANES if not lane.map_types))
#: Lanes only a service blueprint may use (the layers behind the journey).
BLUEPRINT_LANES = _keys(tuple(lane for lane in LANES if lane.map_types == _BLUEPRINT))
#: Lanes only a future-state map may use.
FUTURE_LANES = _keys(tuple(lane for lane in LANES if lane.map_types == {"future-state"}))
#: Lanes whose entries feed the touchpoints index, and the backlog.
TOUCHPOINT_LANES = _keys(tuple(lane for lane in LANES if "touchpoints" in lane.feeds))
BACKLOG_LANES = _keys(tuple(lane for lane in LANES if "backlog" in lane.feeds))
#: Lanes whose entries may be tracked items, and metrics.
TRACKED_LANES = _keys(tuple(lane for lane in LANES if lane.items == "tracked"))
METRIC_LANES = _keys(tuple(lane for lane in LANES if lane.items == "metric"))
#: A service blueprint's customer side (the steps and these lanes), and its lines with
#: the layer drawn below each, top to bottom.
CUSTOMER_LANES = _keys(tuple(lane for lane in LANES if lane.layer == "customer"))
BLUEPRINT_LINES: tuple[tuple[str, str], ...] = tuple(
    (lane.line, lane.key) for lane in LANES if lane.line is not None)

#: Keys of a stage or step that are not lanes.
STAGE_KEYS: tuple[str, ...] = ("name", "description", "steps")
STEP_KEYS: tuple[str, ...] = ("name", "score", "actors", "zoom", "basis", "source")
#: Keys of a step added after custom lanes existed: a map that declares a lane by one of
#: these names keeps it as a lane (the declaration wins), so older files stay valid.
YIELDING_KEYS: tuple[str, ...] = ("basis", "source")
#: Keys a map cannot declare as a lane: a stage's or step's own, and ``lanes`` itself.
RESERVED_KEYS = frozenset((*STAGE_KEYS, *STEP_KEYS, "lanes")) - set(YIELDING_KEYS)


def builtin_lanes(map_type: str) -> tuple[str, ...]:
    """The lanes a map of ``map_type`` may use without declaring them."""
    return tuple(lane.key for lane in LANES if lane.allowed_in(map_type))


def allowed_lanes(map_type: str, declared: object) -> list[str]:
    """The lanes a map may use: the built-in ones for its type, then its own
    (``declared``, the map's ``lanes:``), in the stage table's order."""
    own = [str(k) for k in declared] if isinstance(declared, dict) else []
    return list(dict.fromkeys([*builtin_lanes(map_type), *own]))
