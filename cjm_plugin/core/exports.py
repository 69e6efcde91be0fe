"""Machine-readable copies published with the site: the backlog and each map."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .structure import Handbook, MapDoc

BACKLOG_FIELDS = ("kind", "text", "map_id", "map_title", "stage", "step", "owner", "map_type", "status")


def backlog_records(book: Handbook) -> list[dict[str, str]]:
    return [
        {
            "kind": "pain_point" if e.lane == "pain_points" else "opportunity",
            "text": e.text,
            "map_id": e.map.id,
            "map_title": e.map.title,
            "stage": e.stage.name,
            "step": e.step.name if e.step else "",
            "owner": e.owner or "",
            "map_type": e.map.meta.type,
            "status": e.map.meta.status,
        }
        for e in book.backlog
    ]


def backlog_csv(book: Handbook) -> str:
    """The backlog for spreadsheets: UTF-8 with a byte-order mark (Excel on Windows
    reads "—" and non-Latin text right only with it), every cell quoted (Excel in
    locales whose list separator is ';' would split an unquoted cell there), and a
    cell that starts a formula (= + - @) kept as text by a leading apostrophe."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=BACKLOG_FIELDS, lineterminator="\n",
                            quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for record in backlog_records(book):
        writer.writerow({k: ("'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v)
                         for k, v in record.items()})
    return out.getvalue()


def backlog_json(book: Handbook) -> str:
    return json.dumps({"backlog": backlog_records(book)}, ensure_ascii=False, indent=1)


def map_record(doc: MapDoc) -> dict[str, Any]:
    data = doc.meta.model_dump(mode="json", exclude_none=True)
    for stage in data.get("stages", []):
        stage.update(stage.pop("lanes", {}))
        for step in stage.get("steps", []):
            step.update(step.pop("lanes", {}))
    data["id"] = doc.id
    data["source"] = doc.path
    return data


def map_json(doc: MapDoc) -> str:
    return json.dumps(map_record(doc), ensure_ascii=False, indent=1)
