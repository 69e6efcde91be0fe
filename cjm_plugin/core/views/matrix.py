"""The prioritisation matrix: scored pain points and opportunities by impact and effort.

A pain point or opportunity written as an object may say ``impact`` and ``effort``
(1..5). Those that say both are placed on a 5 x 5 grid drawn at build time as an SVG
(``partials/matrix.html``), effort across and impact up, in four quadrants: quick wins
(impact 3 or more, effort 2 or less), big bets (impact 3 or more, effort 3 or more),
fill-ins (impact 2 or less, effort 2 or less) and money pits (impact 2 or less, effort 3
or more). A middle score (3) counts as high on both axes: it is worth doing, and it is
not little work.

Items with the same scores share a cell: they are laid out side by side in it (the same
items always in the same places), up to :data:`CELL_POINTS`; the rest are counted in the
cell's last place. Every item is numbered, and the list beside the matrix gives each
number's text, map, stage and step.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from cjm_plugin.core.model.handbook import Handbook, LaneEntry, MapDoc
from cjm_plugin.core.model.items import tracked

#: The quadrants, in the order the list gives them (the first is what to do next).
QUADRANTS: tuple[str, ...] = ("quick_wins", "big_bets", "fill_ins", "money_pits")
#: The SVG's geometry: the plot's left and top margins and a cell's side, in SVG units.
LEFT, TOP, CELL = 44, 12, 64
SIZE = 5 * CELL
WIDTH, HEIGHT = LEFT + SIZE + 8, TOP + SIZE + 40
#: The most points drawn in one cell; past it the last place says "+N".
CELL_POINTS = 9
RADIUS = 9


def quadrant(impact: int, effort: int) -> str:
    high = impact >= 3
    little = effort <= 2
    if high:
        return "quick_wins" if little else "big_bets"
    return "fill_ins" if little else "money_pits"


@dataclass
class MatrixPoint:
    """One scored item: its number, where it is written and where it is drawn."""

    number: int
    entry: LaneEntry
    text: str
    impact: int
    effort: int
    #: The map page's URL with the step's (or stage's) anchor.
    href: str = ""
    x: float = 0.0
    y: float = 0.0
    quadrant: str = ""


@dataclass
class Crowd:
    """The items of a cell that are not drawn: their count, and where it is written."""

    count: int
    x: float
    y: float
    impact: int
    effort: int


@dataclass
class Matrix:
    """What the matrix shows: the numbered points by quadrant, and what is left out."""

    points: list[MatrixPoint] = field(default_factory=list)
    #: Points not drawn because their cell is full (still in the list).
    crowds: list[Crowd] = field(default_factory=list)
    #: Items with an impact or an effort but not both (not placed; said under the matrix).
    half_scored: int = 0

    @property
    def drawn(self) -> list[MatrixPoint]:
        return [p for p in self.points if p.x]

    @property
    def by_quadrant(self) -> dict[str, list[MatrixPoint]]:
        groups: dict[str, list[MatrixPoint]] = {q: [] for q in QUADRANTS}
        for point in self.points:
            groups[point.quadrant].append(point)
        return groups


def cell_centre(impact: int, effort: int) -> tuple[float, float]:
    return LEFT + (effort - 0.5) * CELL, TOP + (5 - impact + 0.5) * CELL


def _place(points: list[MatrixPoint], matrix: Matrix) -> None:
    """Points of one cell side by side on a small grid centred in the cell."""
    shown = points if len(points) <= CELL_POINTS else points[:CELL_POINTS - 1]
    slots = len(shown) + (len(points) > CELL_POINTS)
    cols = math.ceil(math.sqrt(slots))
    rows = math.ceil(slots / cols)
    gap = 2 * RADIUS + 2
    cx, cy = cell_centre(points[0].impact, points[0].effort)
    spots = [(cx + (i % cols - (cols - 1) / 2) * gap, cy + (i // cols - (rows - 1) / 2) * gap)
             for i in range(slots)]
    for point, (x, y) in zip(shown, spots, strict=False):  # the last spot may be "+N"
        point.x, point.y = round(x, 1), round(y, 1)
    if len(points) > CELL_POINTS:
        x, y = spots[-1]
        matrix.crowds.append(Crowd(len(points) - len(shown), round(x, 1), round(y, 1),
                                   points[0].impact, points[0].effort))


def step_anchor(doc: MapDoc, entry: LaneEntry) -> str:
    """The map page's anchor of the entry's step (``cjm-step-N``, steps numbered across
    the map) or, for an entry on a stage, of its stage (``cjm-stage-N``). Compared by
    value: the backlog's entries may hold copies of the map's stages and steps."""
    number = 0
    for si, stage in enumerate(doc.meta.stages, start=1):
        if entry.step is None and stage == entry.stage:
            return f"cjm-stage-{si}"
        for step in stage.steps:
            number += 1
            if entry.step is not None and stage == entry.stage and step == entry.step:
                return f"cjm-step-{number}"
    return ""


def prioritisation(book: Handbook, href: Callable[[str], str]) -> Matrix:
    """The matrix of every scored pain point and opportunity in the handbook; ``href``
    turns ``map:<id>`` into a URL."""
    matrix = Matrix()
    scored: list[MatrixPoint] = []
    links: dict[str, str] = {}
    for entry in book.backlog:
        item = tracked(entry.text)
        if item is None or (item.impact is None and item.effort is None):
            continue
        if item.impact is None or item.effort is None:
            matrix.half_scored += 1
            continue
        if entry.map.id not in links:
            links[entry.map.id] = href(f"map:{entry.map.id}")
        anchor = step_anchor(entry.map, entry)
        scored.append(MatrixPoint(0, entry, str(entry.text), item.impact, item.effort,
                                  links[entry.map.id] + (f"#{anchor}" if anchor else ""),
                                  quadrant=quadrant(item.impact, item.effort)))
    # Numbered in the list's order: by quadrant, then the most impact for the least effort.
    order = {q: i for i, q in enumerate(QUADRANTS)}
    scored.sort(key=lambda p: (order[p.quadrant], -p.impact, p.effort))
    cells: dict[tuple[int, int], list[MatrixPoint]] = {}
    for number, point in enumerate(scored, start=1):
        point.number = number
        cells.setdefault((point.impact, point.effort), []).append(point)
    for points in cells.values():
        _place(points, matrix)
    matrix.points = scored
    return matrix
