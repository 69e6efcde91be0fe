"""Every check cjm runs, in the order the loader runs them.

A check of one file is ``(FileInput) -> list[Problem]``; a check of the handbook is
``(HandbookInput) -> {map id: problems}`` (:mod:`.inputs`). To add one, write it in a
module of this package and list it here: the loader (:mod:`cjm_plugin.core.reading.loader`)
iterates :data:`FILE_CHECKS` as it reads each file and :data:`HANDBOOK_CHECKS` once
every file is read. Nothing else needs to know about it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from cjm_plugin.core.reading.source import KeyPath
from cjm_plugin.core.reporting.problems import Problem

from .actors import check_actors
from .answers import check_answers
from .diagrams import check_body_diagrams
from .ids import check_id
from .inputs import ByMap, FileInput, HandbookInput
from .lane_keys import check_lanes
from .placeholders import check_placeholder_scores, check_placeholders
from .references import check_compares, check_personas
from .reviews import check_reviews
from .scores import check_scores
from .sizes import check_body, check_journey_size
from .zooms import check_zoom_loops, check_zooms

#: When a check of one file runs: on every file read; on a file within the size
#: limits (``readable``), before its model is built; or on a file valid on its own,
#: once its model and id are known.
FileStage = Literal["read", "readable", "valid"]
MAPS = frozenset({"map"})
ALL_KINDS = frozenset({"map", "persona"})


@dataclass(frozen=True)
class FileCheck:
    name: str
    run: Callable[[FileInput], list[Problem]]
    stage: FileStage
    kinds: frozenset[str] = ALL_KINDS


@dataclass(frozen=True)
class HandbookCheck:
    """A check across files. Checks of the same ``round`` report each map's problems
    together; a map in which any check of ``relies_on`` (names, or ``"*"``: every
    earlier check) found an error is skipped. ``locates`` names the keys below a step
    whose positions the check's problems point at: a valid file keeps only the
    positions of its first four levels and of these keys (a position not kept points
    at its nearest kept parent)."""

    name: str
    run: Callable[[HandbookInput], ByMap]
    round: int
    relies_on: tuple[str, ...] = ()
    locates: tuple[str, ...] = ()


FILE_CHECKS: tuple[FileCheck, ...] = (
    FileCheck("body-size", check_body, "read"),
    FileCheck("body-diagrams", check_body_diagrams, "read"),
    FileCheck("journey-size", check_journey_size, "read", MAPS),
    FileCheck("placeholders", check_placeholders, "readable"),
    FileCheck("lane-keys", check_lanes, "readable", MAPS),
    FileCheck("ids", check_id, "valid"),
    FileCheck("placeholder-scores", check_placeholder_scores, "valid", MAPS),
)

HANDBOOK_CHECKS: tuple[HandbookCheck, ...] = (
    HandbookCheck("personas", check_personas, 1),
    HandbookCheck("actors", check_actors, 1, locates=("actors",)),
    HandbookCheck("compares", check_compares, 1),
    HandbookCheck("zooms", check_zooms, 2, locates=("zoom",)),
    HandbookCheck("scores", check_scores, 2, locates=("score",)),
    # Loops are looked for among the maps whose zooms and scores are sound.
    HandbookCheck("zoom-loops", check_zoom_loops, 3, relies_on=("zooms", "scores"),
                  locates=("zoom",)),
    HandbookCheck("answers", check_answers, 4, relies_on=("*",), locates=("answers",)),
    HandbookCheck("reviews", check_reviews, 5, relies_on=("*",)),
)

#: The keys whose positions a valid file keeps at every depth.
LOCATED_KEYS = frozenset(key for check in HANDBOOK_CHECKS for key in check.locates)


def kept_position(path: KeyPath) -> bool:
    """Whether a valid file keeps the position of ``path`` for the checks across files."""
    return len(path) <= 4 or any(key in LOCATED_KEYS for key in path if isinstance(key, str))
