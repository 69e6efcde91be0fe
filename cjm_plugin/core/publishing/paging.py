"""Long lists cut into static pages of at most :data:`PAGE_ROWS` rows.

An index page lists something per map (the maps index, the reviews, the touchpoints'
uses, the insights' heat maps, a persona's maps). At thousands of maps one page of them
is megabytes of HTML and tens of thousands of elements: slow on a laptop, unusable on a
phone (issue 22). Such a list is cut into parts of :data:`PAGE_ROWS` rows: the first
part stays at the page's address (``maps/``), the next ones follow it
(``maps/index/2/``), each a static page that reads without JavaScript and links to the
others. A list that fits one part is one page, exactly as before.

Why parts of a fixed size rather than a page per type, touchpoint or owner: a part's
weight does not grow with the handbook, however the rows are spread over types,
touchpoints or owners (one touchpoint is used by most maps), and the rows keep the
order a reader knows (by type then title, most urgent first…). Each part names its
rows' groups (the type, the touchpoint, the owner) in its headings, and the first part
lists where each group starts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

#: The most rows one part of a long list shows: about 3,000 elements and 150 KB of HTML
#: for the heaviest rows (the maps index's), well under 5,000 elements and 1 MB.
PAGE_ROWS = 250
#: How many part numbers the pager shows around the current one (first and last always).
PAGER_WINDOW = 2


def part_count(rows: int, size: int = PAGE_ROWS) -> int:
    """How many parts ``rows`` rows take (one, even when there is none)."""
    return max(1, -(-rows // size))


def part_slice(rows: Sequence[T], part: int, size: int = PAGE_ROWS) -> Sequence[T]:
    """The rows of part ``part`` (from 1)."""
    start = (part - 1) * size
    return rows[start:start + size]


def part_of(index: int, size: int = PAGE_ROWS) -> int:
    """The part (from 1) that shows the row at ``index`` (from 0)."""
    return index // size + 1


@dataclass(frozen=True)
class PagerLink:
    """A part's number and its URL (``None``: the part shown, or a gap "…")."""

    number: int | None
    href: str | None


@dataclass(frozen=True)
class Pager:
    """Where a part is among the parts of its list, and the links to the others."""

    part: int
    parts: int
    #: The first and last row shown (from 1), and how many rows the list has.
    first: int
    last: int
    total: int
    links: tuple[PagerLink, ...]
    previous: str | None
    next: str | None

    @property
    def paged(self) -> bool:
        return self.parts > 1


def pager(part: int, total: int, href_of: Callable[[int], str], size: int = PAGE_ROWS) -> Pager:
    """The pager of part ``part`` of a list of ``total`` rows; ``href_of(n)`` is part
    ``n``'s URL. It links the first and last parts, the previous and next ones and those
    within :data:`PAGER_WINDOW` of this one: every part is reachable from every other by
    following "next" or by the numbers, and the pager stays a few links long."""
    parts = part_count(total, size)
    shown = sorted({1, parts, *range(max(1, part - PAGER_WINDOW), min(parts, part + PAGER_WINDOW) + 1)})
    links: list[PagerLink] = []
    for i, number in enumerate(shown):
        if i and number - shown[i - 1] > 1:
            links.append(PagerLink(None, None))
        links.append(PagerLink(number, None if number == part else href_of(number)))
    first = (part - 1) * size + 1 if total else 0
    return Pager(part, parts, first, min(total, part * size), total, tuple(links),
                 href_of(part - 1) if part > 1 else None,
                 href_of(part + 1) if part < parts else None)
