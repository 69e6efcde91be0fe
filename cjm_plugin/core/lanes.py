"""The rows of a map's stage table: which lanes exist and what they are called."""

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
STEP_KEYS: tuple[str, ...] = ("name", "score", "actors", "zoom")

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
