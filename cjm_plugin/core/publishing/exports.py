"""Machine-readable copies published with the site: the backlog, the metrics and each map.

Entries written as objects keep their fields: the backlog adds ``progress``,
``priority``, ``item_owner``, ``link``, ``impact`` and ``effort`` (empty for a plain
text), and ``basis`` and ``source`` (the entry's own, else its step's), a map's JSON
has the objects as written (``score`` stays one number, the average, with
``persona_scores`` beside it), and the metrics export lists every structured metric.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Hashable
from functools import partial
from typing import Any

from cjm_plugin.core.model.evidence import entry_basis
from cjm_plugin.core.model.handbook import Handbook, LaneEntry, MapDoc
from cjm_plugin.core.model.items import metric, tracked
from cjm_plugin.core.model.lanes import LANE_BY_KEY, METRIC_LANES
from cjm_plugin.core.publishing import backlog_data
from cjm_plugin.core.publishing.kept import KeptParts, map_key

BACKLOG_FIELDS = ("kind", "text", "map_id", "map_title", "stage", "step", "owner", "map_type", "status",
                  "progress", "priority", "item_owner", "link", "impact", "effort", "basis", "source")
#: A map's backlog records, and the backlog's: each map's with its key (``kept.map_key``).
Records = list[dict[str, str]]
Groups = list[tuple[Hashable, Records]]
METRIC_FIELDS = ("map_id", "map_title", "stage", "step", "name", "value", "target", "unit", "kind",
                 "better", "on_target", "source", "as_of")


def _tracking(e: LaneEntry) -> dict[str, str]:
    item = tracked(e.text)
    basis, source = entry_basis(e)
    found = {"basis": basis or "", "source": source or ""}
    if item is None:
        return {"progress": "", "priority": "", "item_owner": "", "link": "", "impact": "",
                "effort": "", **found}
    return {"progress": item.status or "",
            "priority": "" if item.priority is None else str(item.priority),
            "item_owner": item.owner or "", "link": item.link or "",
            "impact": "" if item.impact is None else str(item.impact),
            "effort": "" if item.effort is None else str(item.effort), **found}


def _backlog_record(e: LaneEntry) -> dict[str, str]:
    return {
        "kind": LANE_BY_KEY[e.lane].backlog_kind or e.lane,
        "text": e.text,
        "map_id": e.map.id,
        "map_title": e.map.title,
        "stage": e.stage.name,
        "step": e.step.name if e.step else "",
        "owner": e.owner or "",
        "map_type": e.map.meta.type,
        "status": e.map.meta.status,
        **_tracking(e),
    }


def backlog_groups(book: Handbook, kept: KeptParts[Records] | None = None) -> Groups:
    """The backlog's records, map by map (the backlog lists each map's entries together),
    each with its map's key (``kept.map_key``); ``site.plan_exports`` makes them once for
    both exports, and in a preview (``kept``) a map's records are made again only when
    its file changed."""
    keyed = [(map_key(entries[0].map), entries) for entries in backlog_data.by_map(book)]
    made = (kept or KeptParts()).parts((key, partial(_records, entries)) for key, entries in keyed)
    return [(key, records) for (key, _), records in zip(keyed, made, strict=True)]


def _records(entries: list[LaneEntry]) -> Records:
    return [_backlog_record(e) for e in entries]


def _csv(records: list[dict[str, str]], fields: tuple[str, ...]) -> str:
    return "\ufeff" + _csv_rows([{f: f for f in fields}], fields) + _csv_rows(records, fields)


def _csv_rows(records: list[dict[str, str]], fields: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for record in records:
        writer.writerow({k: _text_cell(v) for k, v in record.items()})
    return out.getvalue()


#: The characters a spreadsheet may read as the start of a formula: OWASP's list, and
#: ``|`` (a DDE call in old Excel).
FORMULA_STARTS = frozenset("=+-@\t\r|")


def _text_cell(value: str) -> str:
    """``value`` kept as text by a leading apostrophe when a spreadsheet could read it as
    a formula: it starts with a formula character, or with one that a spreadsheet may
    fold into one (full-width ``＝＋－＠``) or after characters it may skip (spaces, a
    BOM, zero-width characters)."""
    start = 0
    while start < len(value) and (value[start].isspace()
                                  or unicodedata.category(value[start]) == "Cf"):
        start += 1
    first = unicodedata.normalize("NFKC", value[start:start + 1])[:1]
    return "'" + value if value[:1] in FORMULA_STARTS or first in FORMULA_STARTS else value


def metric_records(book: Handbook) -> list[dict[str, str]]:
    """Every metric written as an object, with where it is and whether it meets its target
    (``yes``, ``no``, or empty without a value or target)."""
    records = []
    for doc in book.maps.values():
        for lane in doc.meta.written_lanes(METRIC_LANES):
            for value in lane.values:
                m = metric(value)
                if m is None:
                    continue
                records.append({
                    "map_id": doc.id, "map_title": doc.title, "stage": lane.stage.name,
                    "step": lane.step.name if lane.step else "", "name": m.name,
                    "value": "" if m.value is None else f"{m.value:g}",
                    "target": "" if m.target is None else f"{m.target:g}",
                    "unit": m.unit or "", "kind": m.kind, "better": m.direction,
                    "on_target": {True: "yes", False: "no", None: ""}[m.on_target],
                    "source": m.source or "", "as_of": m.as_of.isoformat() if m.as_of else "",
                })
    return records


def metrics_csv(book: Handbook) -> str:
    """The metrics for spreadsheets, written like the backlog's CSV."""
    return _csv(metric_records(book), METRIC_FIELDS)


def metrics_json(book: Handbook) -> str:
    return json.dumps({"metrics": metric_records(book)}, ensure_ascii=False, indent=1)


def backlog_csv(book: Handbook, groups: Groups | None = None, kept: KeptParts[str] | None = None) -> str:
    """The backlog for spreadsheets: UTF-8 with a byte-order mark (Excel on Windows
    reads "—" and non-Latin text right only with it), every cell quoted (Excel in
    locales whose list separator is ';' would split an unquoted cell there), and a
    cell that could start a formula (``_text_cell``) kept as text by a leading apostrophe.
    ``groups``: :func:`backlog_groups`, if made already; ``kept``: a preview's parts."""
    header = _csv_rows([{f: f for f in BACKLOG_FIELDS}], BACKLOG_FIELDS)
    return "\ufeff" + header + "".join(_encoded(kept, _csv_part, groups, book))


def backlog_json(book: Handbook, groups: Groups | None = None, kept: KeptParts[str] | None = None) -> str:
    """``{"backlog": [...]}`` as ``json.dumps(indent=1)`` writes it, joined from each
    map's part (``groups`` and ``kept`` as for :func:`backlog_csv`)."""
    parts = _encoded(kept, _json_items, groups, book)
    if not parts:
        return '{\n "backlog": []\n}'
    return '{\n "backlog": [\n' + ",\n".join(parts) + "\n ]\n}"


def _json_items(records: list[dict[str, str]]) -> str:
    """The records as items of the backlog's list: ``json.dumps`` of the map's list
    without its brackets, one level deeper. (JSON escapes newlines inside strings, so
    "\\n" only separates lines.)"""
    lines = json.dumps(records, ensure_ascii=False, indent=1).split("\n")[1:-1]
    return "\n".join(" " + line for line in lines)


def _csv_part(records: list[dict[str, str]]) -> str:
    return _csv_rows(records, BACKLOG_FIELDS)


def _encoded(kept: KeptParts[str] | None, encode: Callable[[list[dict[str, str]]], str],
             groups: Groups | None, book: Handbook) -> list[str]:
    """Each map's records encoded; in a preview (``kept``: the session's parts) kept from
    the previous export while the records are the same (a save encodes one map's, not
    the whole backlog)."""
    groups = backlog_groups(book) if groups is None else groups
    if kept is None:
        return [encode(records) for _, records in groups]
    return kept.parts((key, partial(encode, records)) for key, records in groups)


def map_record(doc: MapDoc) -> dict[str, Any]:
    """A map as its file holds it (the model has the file's shape), with its id and path."""
    data = doc.meta.model_dump(mode="json", exclude_none=True)
    data["id"] = doc.id
    data["source"] = doc.path
    return data


def map_json(doc: MapDoc) -> str:
    return json.dumps(map_record(doc), ensure_ascii=False, indent=1)
