"""The rows of each list that grows with the handbook, in the order its page shows them.

A long list is cut into parts (``core/publishing/paging.py``) where its rows' keys say
so, and each part's digest is made from its own rows (``core/publishing/dependencies.py``);
the page's context then shows the rows of its part. All three read the rows from here,
so they agree on the order and on what a row is: (the group it is listed under, the
map it shows). The group is the map's type, the touchpoint or the owner; a persona's
"Appears in" list has none.
"""

from __future__ import annotations

from typing import NamedTuple

from cjm_plugin.core.model.evidence import marks_basis
from cjm_plugin.core.model.handbook import Handbook
from cjm_plugin.core.views.insights import heat_columns
from cjm_plugin.core.views.review_groups import reviews_by_owner


class ListRow(NamedTuple):
    """One row of a long list: the group it is listed under and the map it shows."""

    group: str
    map_id: str

    @property
    def key(self) -> str:
        """What a part's cut is decided by (``paging.stable_cuts``): the same for the
        row from build to build, whatever is added before it."""
        return f"{self.group}\0{self.map_id}"


def maps_index_rows(book: Handbook) -> list[ListRow]:
    """The maps index: every map, type by type, in the handbook's order."""
    return [ListRow(map_type, doc.id) for map_type, docs in book.maps_by_type.items() for doc in docs]


def touchpoint_rows(book: Handbook) -> list[ListRow]:
    """The touchpoints page: each use of a touchpoint or channel, touchpoint by touchpoint."""
    return [ListRow(name, use.map.id) for name, uses in book.touchpoints.items() for use in uses]


def review_rows(book: Handbook) -> list[ListRow]:
    """The reviews page's tables: each reviewed map, owner by owner, most urgent first."""
    return [ListRow(owner, doc.id) for owner, items in reviews_by_owner(book).items() for doc, _ in items]


def insights_rows(book: Handbook) -> list[ListRow]:
    """The insights page's lists of every map, type by type: the basis table's (every
    map, when any marks a basis), else the heat maps' (the maps of a type whose stages
    have steps). A part shows the rows of both lists between its cuts."""
    docs = [(map_type, doc) for map_type, of_type in book.maps_by_type.items() for doc in of_type]
    if not marks_basis([doc for _, doc in docs]):
        heat = heat_columns(book)
        docs = [(map_type, doc) for map_type, doc in docs if map_type in heat]
    return [ListRow(map_type, doc.id) for map_type, doc in docs]


def persona_rows(book: Handbook, pid: str) -> list[ListRow]:
    """A persona's "Appears in" list: each map it appears in."""
    return [ListRow("", shown.map.id) for shown in book.appearances.get(pid, [])]
