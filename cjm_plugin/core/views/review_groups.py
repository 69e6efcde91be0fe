"""The reviews page's data: the maps that are reviewed, by owner, most urgent first."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from cjm_plugin.core.model.handbook import Handbook, MapDoc
from cjm_plugin.core.model.reviews import ReviewState, is_reviewed


def reviews_by_owner(book: Handbook) -> dict[str, list[tuple[MapDoc, ReviewState]]]:
    """Maps that are not archived, by owner, most urgent first (their review states on
    the handbook's ``as_of`` date)."""
    groups: dict[str, list[tuple[MapDoc, ReviewState]]] = defaultdict(list)
    for doc in book.maps.values():
        if not is_reviewed(doc.meta):
            continue
        groups[doc.meta.owner or ""].append((doc, book.reviews[doc.id]))
    order = {"overdue": 0, "due-soon": 1, "unknown": 2, "ok": 3}
    for items in groups.values():
        items.sort(key=lambda it: (order[it[1].status], it[1].due or dt.date.max, it[0].title))
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold())))


def overdue_across_owners(groups: dict[str, list[tuple[MapDoc, ReviewState]]]
                          ) -> list[tuple[MapDoc, ReviewState]]:
    """Every overdue map, whoever owns it, the longest overdue first: the reviews page
    opens with them, so nobody has to look through every owner's list."""
    rows = [item for items in groups.values() for item in items if item[1].status == "overdue"]
    return sorted(rows, key=lambda it: (it[1].due or dt.date.max, it[0].title.casefold()))


def review_counts(groups: dict[str, list[tuple[MapDoc, ReviewState]]]) -> dict[str, int]:
    """How many maps are in each review state, in the order the summary names them."""
    counts = dict.fromkeys(("overdue", "due-soon", "ok", "unknown"), 0)
    for items in groups.values():
        for _, review in items:
            counts[review.status] += 1
    return counts
