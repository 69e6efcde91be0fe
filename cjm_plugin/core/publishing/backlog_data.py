"""The backlog page's data: every pain point and opportunity as compact rows, and each
one's anchor on the page.

At 1,000 maps the backlog listed 20,000 rows (5.5 MB of HTML, 15 s before a laptop could
use it). The page now renders its first rows only (``FIRST_ROWS``); its script loads this
file (``backlog/entries.json``) and filters, sorts and pages over every entry, drawing at
most a page of rows at a time. The file is a list per map (so the preview encodes again
only the saved map's part): the map's id, title, the names its rows repeat (stages,
steps, owners: each written once) and its rows, each an array in the order of
``FIELDS`` (``stage``, ``step`` and ``owner`` as places in the names) with its empty
tail left off: about a sixth of the size of ``backlog.json``.

An entry's anchor (``cjm-item-<map id>-pain-point-3``) is its map, its kind and its place
among that map's entries of that kind: the page and its script make the same one, so
``backlog/#cjm-item-…`` lands on the entry whether its row was rendered or drawn later.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any

from cjm_plugin.core.model.evidence import entry_basis
from cjm_plugin.core.model.handbook import Handbook, LaneEntry
from cjm_plugin.core.model.items import tracked
from cjm_plugin.core.model.lanes import BACKLOG_LANES, LANE_BY_KEY
from cjm_plugin.core.publishing.kept import KeptParts, map_key

#: Rows rendered into the page itself: what a reader without JavaScript sees, and what
#: shows while the data loads. The script draws pages of the same size.
FIRST_ROWS = 100

#: A row's values, in order (``lane``: 0 a pain point, 1 an opportunity; ``stage``,
#: ``step``, ``owner``: places in the map's names; ``rank``: the priority's order, 1
#: first; empty values are ``""``).
FIELDS = ("lane", "text", "stage", "step", "owner", "status", "priority", "rank", "impact",
          "effort", "basis", "source", "link")

#: The anchor's word for each kind (the lane's name is an internal word): the backlog
#: export's name for an entry, with a dash (``pain-point``).
KIND_WORDS = {key: (LANE_BY_KEY[key].backlog_kind or key).replace("_", "-") for key in BACKLOG_LANES}
LANES = BACKLOG_LANES


def anchor(map_id: str, lane: str, number: int) -> str:
    """The row's ``id``: ``cjm-item-<map id>-pain-point-<n>`` (``n`` from 1)."""
    return f"cjm-item-{map_id}-{KIND_WORDS[lane]}-{number}"


def numbered(book: Handbook) -> Iterator[tuple[LaneEntry, int]]:
    """Every backlog entry with its place among its map's entries of its kind."""
    seen: dict[tuple[str, str], int] = {}
    for entry in book.backlog:
        key = (entry.map.id, entry.lane)
        seen[key] = seen.get(key, 0) + 1
        yield entry, seen[key]


def row(entry: LaneEntry) -> list[Any]:
    """The entry as ``FIELDS`` says, its empty tail left off."""
    item = tracked(entry.text)
    basis, source = entry_basis(entry)
    values: list[Any] = [LANES.index(entry.lane), str(entry.text), entry.stage.name,
                         entry.step.name if entry.step else "",
                         ((item.owner if item else None) or entry.owner or "")]
    if item is not None:
        values += [item.status or "", "" if item.priority is None else item.priority,
                   item.priority_rank if item.priority is not None else "",
                   item.impact or "", item.effort or ""]
    else:
        values += ["", "", "", "", ""]
    values += [basis or "", source or "", (item.link if item else None) or ""]
    while values and values[-1] == "":
        values.pop()
    return values


#: A map's part: its id, title, the names its rows repeat, and its rows.
Part = tuple[str, str, list[str], list[list[Any]]]


def _part(entries: list[LaneEntry]) -> Part:
    """One map's part, from its entries (in the backlog's order)."""
    doc = entries[0].map
    names: list[str] = []
    places: dict[str, int] = {}
    rows = []
    for entry in entries:
        values = row(entry)
        for at in (2, 3, 4):  # stage, step, owner: a place in the map's names
            name = values[at] if at < len(values) else ""
            if name not in places:
                places[name] = len(names)
                names.append(name)
            if at < len(values):
                values[at] = places[name]
        rows.append(values)
    return doc.id, doc.title, names, rows


def _encode(entries: list[LaneEntry]) -> str:
    return json.dumps(list(_part(entries)), ensure_ascii=False, separators=(",", ":"))


def by_map(book: Handbook) -> list[list[LaneEntry]]:
    """The backlog's entries, map by map (the backlog lists each map's together)."""
    maps: dict[str, list[LaneEntry]] = {}
    for entry in book.backlog:
        maps.setdefault(entry.map.id, []).append(entry)
    return list(maps.values())


def entries_json(book: Handbook, kept: KeptParts[str] | None = None) -> str:
    """``{"fields": [...], "maps": [[id, title, [name, ...], [row, ...]], ...]}``: each map's rows in
    its order (pain points, then opportunities), joined from each map's part (in a preview,
    ``kept`` is the session's: a part is made again only when its map's file changed)."""
    wanted = ((map_key(entries[0].map), partial(_encode, entries)) for entries in by_map(book))
    parts = (kept or KeptParts()).parts(wanted)
    return ('{"fields":' + json.dumps(list(FIELDS), separators=(",", ":")) + ',"maps":[\n' + ",\n".join(parts) + "\n]}")
