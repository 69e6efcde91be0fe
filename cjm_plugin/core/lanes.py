"""What cjm knows about lanes: which exist, which a map may use, in the stage table's order.

The stage table (:mod:`cjm_plugin.core.views`) orders its rows with
:func:`allowed_lanes`, and the lane-key check (:mod:`cjm_plugin.core.checks.lane_keys`)
refuses a key that is not in it.
"""

from __future__ import annotations

#: Lanes every map may use, in the order the stage table shows them.
COMMON_LANES: tuple[str, ...] = (
    "thinking",
    "feeling",
    "touchpoints",
    "channels",
    "pain_points",
    "opportunities",
    "owner",
    "metrics",
    "notes",
)

#: Lanes only a service blueprint may use (the layers behind the journey).
BLUEPRINT_LANES: tuple[str, ...] = ("frontstage", "backstage", "support", "evidence")

#: Keys of a stage or step that are not lanes.
STAGE_KEYS: tuple[str, ...] = ("name", "description", "steps")
STEP_KEYS: tuple[str, ...] = ("name", "score", "actors", "zoom", "basis", "source")
#: Keys of a step added after custom lanes existed: a map that declares a lane by one of
#: these names keeps it as a lane (the declaration wins), so older files stay valid.
YIELDING_KEYS: tuple[str, ...] = ("basis", "source")
#: Keys a map cannot declare as a lane: a stage's or step's own, and ``lanes`` itself.
RESERVED_KEYS = frozenset((*STAGE_KEYS, *STEP_KEYS, "lanes")) - set(YIELDING_KEYS)

#: Lanes whose entries feed the touchpoints index.
TOUCHPOINT_LANES: tuple[str, ...] = ("touchpoints", "channels")
#: Lanes whose entries feed the backlog.
BACKLOG_LANES: tuple[str, ...] = ("pain_points", "opportunities")


#: A future-state lane naming the current state's pain points a step resolves;
#: the comparison of the two maps shows which are answered and which are not.
FUTURE_LANES: tuple[str, ...] = ("answers",)


def builtin_lanes(map_type: str) -> tuple[str, ...]:
    """The lanes a map of ``map_type`` may use without declaring them."""
    if map_type == "service-blueprint":
        return COMMON_LANES[:2] + BLUEPRINT_LANES + COMMON_LANES[2:]
    if map_type == "future-state":
        return COMMON_LANES + FUTURE_LANES
    return COMMON_LANES


def allowed_lanes(map_type: str, declared: object) -> list[str]:
    """The lanes a map may use: the built-in ones for its type, then its own
    (``declared``, the map's ``lanes:``), in the stage table's order."""
    own = [str(k) for k in declared] if isinstance(declared, dict) else []
    return list(dict.fromkeys([*builtin_lanes(map_type), *own]))
