"""The rows of each list that grows with the handbook, in the order its page shows them.

A long list is cut into parts (``core/publishing/paging.py``) where its rows' keys say
so, and each part's digest is made from its own rows (``core/publishing/dependencies.py``);
the page's context then shows the rows of its part. Both read the rows from one
:class:`LongLists` per build, so they agree on the order and on what a row is: (the group
it is listed under, the map it shows). The group is the map's type, the touchpoint or
the owner; a persona's "Appears in" list has none.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from functools import cached_property

from cjm_plugin.core.model.evidence import marks_basis
from cjm_plugin.core.model.handbook import Handbook
from cjm_plugin.core.publishing.addresses import slugify
from cjm_plugin.core.views.insights import heat_columns
from cjm_plugin.core.views.review_groups import reviews_by_owner

#: One row of a long list: (the group it is listed under, the id of the map it shows).
#: A plain tuple: the touchpoints' list has a row per use, ~20,000 at 1,000 maps.
ListRow = tuple[str, str]


def row_key(row: ListRow) -> str:
    """What a part's cut is decided by (``paging.stable_cuts``): the same for the row
    from build to build, whatever is added before it."""
    return f"{row[0]}\0{row[1]}"


def anchor_slug(name: str) -> str:
    """A group's name as the end of its heading's anchor (``Google Maps`` ->
    ``google-maps``): a link to it stays right whatever groups are added before it. A
    name without Latin letters or digits is known by its checksum, no name (the maps
    without an owner) as ``none``."""
    if not name:
        return "none"
    slug = slugify(name)
    return slug if slug != "untitled" or name.casefold() == "untitled" else f"{zlib.crc32(name.encode()):08x}"


def group_slugs(groups: Iterable[str]) -> dict[str, str]:
    """Each group's :func:`anchor_slug`, in the list's order; a group whose slug an
    earlier one took gets ``-2``, ``-3``…"""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in groups:
        if name in slugs:
            continue
        base = slug = anchor_slug(name)
        count = 1
        while slug in taken:
            count += 1
            slug = f"{base}-{count}"
        slugs[name] = slug
        taken.add(slug)
    return slugs


class LongLists:
    """Each long list's rows for one build's handbook, each made once when first asked."""

    def __init__(self, book: Handbook):
        self.book = book

    @cached_property
    def maps(self) -> list[ListRow]:
        """The maps index: every map, type by type, in the handbook's order."""
        return [(map_type, doc.id) for map_type, docs in self.book.maps_by_type.items() for doc in docs]

    @cached_property
    def touchpoints(self) -> list[ListRow]:
        """The touchpoints page: each use of a touchpoint or channel, touchpoint by touchpoint."""
        return [(name, use.map.id) for name, uses in self.book.touchpoints.items() for use in uses]

    @cached_property
    def reviews(self) -> list[ListRow]:
        """The reviews page's tables: each reviewed map, owner by owner, most urgent first."""
        return [(owner, doc.id) for owner, items in reviews_by_owner(self.book).items() for doc, _ in items]

    @cached_property
    def heat_columns(self) -> dict[str, dict[str, str]]:
        """The insights' heat maps' columns, per map type with steps."""
        return heat_columns(self.book)

    @cached_property
    def bases_marked(self) -> bool:
        """Whether any map marks a basis (the insights then show the basis table)."""
        return marks_basis(list(self.book.maps.values()))

    @cached_property
    def insights(self) -> list[ListRow]:
        """The insights page's lists of every map, type by type: the basis table's (every
        map, when any marks a basis), else the heat maps' (the maps of a type whose stages
        have steps). A part shows the rows of both lists between its cuts."""
        return [(map_type, doc.id) for map_type, docs in self.book.maps_by_type.items()
                if self.bases_marked or map_type in self.heat_columns for doc in docs]

    def persona(self, pid: str) -> list[ListRow]:
        """A persona's "Appears in" list: each map it appears in."""
        return [("", shown.map.id) for shown in self.book.appearances.get(pid, [])]
