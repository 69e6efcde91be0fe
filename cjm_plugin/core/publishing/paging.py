"""Long lists cut into static pages of at most :data:`PAGE_ROWS` rows.

An index page lists something per map (the maps index, the reviews, the touchpoints'
uses, the insights' heat maps, a persona's maps). At thousands of maps one page of them
is megabytes of HTML and tens of thousands of elements: slow on a laptop, unusable on a
phone (issue 22). Such a list is cut into parts of :data:`PAGE_ROWS` rows: the first
part stays at the page's address (``maps/``), the next ones follow it
(``maps/index/2/``), each a static page that reads without JavaScript and links to the
others. A list that fits one part is one page, exactly as before.

Why parts of a bounded size rather than a page per type, touchpoint or owner: a part's
weight does not grow with the handbook, however the rows are spread over types,
touchpoints or owners (one touchpoint is used by most maps), and the rows keep the
order a reader knows (by type then title, most urgent first…). Each part names its
rows' groups (the type, the touchpoint, the owner) in its headings, and the first part
lists where each group starts. The parts are cut where the rows' own keys say
(:func:`stable_cuts`), so that a save that adds a map changes one part, not every
later one.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

#: The most rows one part of a long list shows: about 3,000 elements and 150 KB of HTML
#: for the heaviest rows (the maps index's), well under 5,000 elements and 1 MB.
PAGE_ROWS = 250
#: Parts (or navigation groups) this small are cut by position: too few rows for keys
#: to pick from.
SMALLEST_STABLE = 6
#: How many part numbers the pager shows around the current one (first and last always).
PAGER_WINDOW = 2


def _cuts_here(key: str, every: int) -> bool:
    """Whether a part may start at the row of ``key``: true for about one key in
    ``every``, the same for a key from build to build (CRC-32, not Python's salted hash)."""
    return zlib.crc32(key.encode("utf-8")) % every == 0


def _itself(row: Any) -> str:
    return str(row)


def stable_cuts(keys: Sequence[T], most: int, key: Callable[[T], str] = _itself) -> list[int]:
    """Where each part of a list starts (indexes of ``keys``, the first always 0): at
    most ``most`` rows a part, at least two thirds as many (but the last; about 80 % on
    average), cut at the rows whose key (a map's id, a touchpoint and map) says so. A
    list of at most ``most`` rows is one part; parts of fewer than
    :data:`SMALLEST_STABLE` rows are cut every ``most`` rows.

    Why not every ``most`` rows: then a row added or removed moves a row into or out of
    every later part, and the preview rebuilds them all (issue 22). Cut where the rows'
    own keys say, a new row changes its own part and leaves the others as they were: a
    later cut is at the same row as before as long as its part still has at least two
    thirds of ``most`` rows behind it. Only a part that reaches ``most`` rows without such a key
    is cut by position, and the next cut by key puts the parts back in step (the
    content-defined chunking of backup tools and rsync). ``key`` makes a row's key (only
    for the rows a part may start at)."""
    most = max(1, most)
    if len(keys) <= most:
        return [0]  # a list that fits one part is one page, as it always was
    if most < SMALLEST_STABLE:
        return list(range(0, len(keys), most))
    least, every = most * 2 // 3, max(2, most // 6)
    starts = [0]
    for index in range(1, len(keys)):
        size = index - starts[-1]
        if size >= most or (size >= least and _cuts_here(key(keys[index]), every)):
            starts.append(index)
    return starts


def part_ranges(keys: Sequence[str], most: int = PAGE_ROWS) -> list[tuple[int, int]]:
    """Each part's rows, as (start, stop) indexes of ``keys`` (:func:`stable_cuts`); one
    empty part when there is no row."""
    starts = stable_cuts(keys, most)
    return list(zip(starts, [*starts[1:], len(keys)], strict=True))


@dataclass(frozen=True)
class PagerLink:
    """A part's number and its URL (``None``: the part shown, or a gap "…")."""

    number: int | None
    href: str | None


@dataclass(frozen=True)
class Pager:
    """Where a part is among the parts of its list, and the links to the others.

    It names the part ("page 3 of 6"), not the rows' numbers ("501–750 of 1,412"): a
    new map would change those on every later part, and the preview rebuild them all."""

    part: int
    parts: int
    links: tuple[PagerLink, ...]
    previous: str | None
    next: str | None

    @property
    def paged(self) -> bool:
        return self.parts > 1


def pager(part: int, parts: int, href_of: Callable[[int], str]) -> Pager:
    """The pager of part ``part`` of ``parts``; ``href_of(n)`` is part ``n``'s URL. It
    links the first and last parts, the previous and next ones and those within
    :data:`PAGER_WINDOW` of this one: every part is reachable from every other by
    following "next" or by the numbers, and the pager stays a few links long."""
    parts = max(1, parts)
    shown = sorted({1, parts, *range(max(1, part - PAGER_WINDOW), min(parts, part + PAGER_WINDOW) + 1)})
    links: list[PagerLink] = []
    for i, number in enumerate(shown):
        if i and number - shown[i - 1] > 1:
            links.append(PagerLink(None, None))
        links.append(PagerLink(number, None if number == part else href_of(number)))
    return Pager(part, parts, tuple(links),
                 href_of(part - 1) if part > 1 else None,
                 href_of(part + 1) if part < parts else None)
