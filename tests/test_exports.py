"""The backlog exports, joined from each map's part, are the bytes the whole encoding gives."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from support import PERSONA, REPO, front

from cjm_plugin.core.model.handbook import Handbook
from cjm_plugin.core.publishing import exports
from cjm_plugin.core.publishing.session import SessionCache
from cjm_plugin.core.reading.loader import load_handbook


def whole_json(book: Handbook) -> str:
    return json.dumps({"backlog": json.loads(exports.backlog_json(book))["backlog"]}, ensure_ascii=False, indent=1)


def whole_csv(book: Handbook) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=exports.BACKLOG_FIELDS, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for record in json.loads(exports.backlog_json(book))["backlog"]:
        writer.writerow({k: ("'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v) for k, v in record.items()})
    return out.getvalue()


def load(root: Path, maps: dict[str, str], cache: SessionCache | None = None) -> Handbook:
    for rel, text in {"maps/personas/dina.md": PERSONA.format(name="Dina"), **maps}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    book = load_handbook(root / "maps", root=root, cache=cache)
    assert book.errors == []
    return book


def hard_map(pain: str) -> str:
    return front(
        "title: Hard — map\npersona: dina\nstatus: published\nstages:\n"
        f"  - name: \"Stage \\u2028 one\"\n    pain_points: [{json.dumps(pain)}, '=SUM(A1)']\n"
        "    steps:\n      - name: 'Pays \"now\"'\n        score: 2\n"
        "        opportunities: [{text: 'Tap to pay', status: planned, priority: 1}]\n")


def test_the_example_handbooks_backlog_exports_are_the_whole_encoding() -> None:
    book = load_handbook(REPO / "maps", root=REPO)
    assert book.backlog
    assert exports.backlog_json(book) == whole_json(book)
    assert exports.backlog_csv(book) == whole_csv(book)


def test_a_save_reencodes_one_map_and_the_join_still_is_the_whole_encoding(tmp_path: Path) -> None:
    maps = {f"maps/m{i}.md": hard_map(f"Pain {i} \u00e9\u2028\\ \"quoted\"") for i in range(3)}
    cache = SessionCache()  # a preview session's

    def both(book: Handbook) -> tuple[str, str]:
        return (exports.backlog_json(book, kept=cache.backlog_json),
                exports.backlog_csv(book, kept=cache.backlog_csv))

    book = load(tmp_path / "a", maps, cache)
    assert both(book) == (whole_json(book), whole_csv(book))
    assert cache.backlog_json.made == cache.backlog_csv.made == 3
    # One map's file is saved: its part is encoded again, the others are kept (the
    # preview reads the other files from its cache: their models are the same objects).
    book = load(tmp_path / "a", {**maps, "maps/m1.md": hard_map("Changed")}, cache)
    assert both(book) == (whole_json(book), whole_csv(book))
    assert cache.backlog_json.made == cache.backlog_csv.made == 1
    assert "Changed" in both(book)[0] and "Pain 1" not in both(book)[0]
    # Without a cache (a build) the same bytes.
    assert (exports.backlog_json(book), exports.backlog_csv(book)) == both(book)
    # No pain point or opportunity at all.
    empty = load(tmp_path / "c", {"maps/plain.md": front("title: Plain\npersona: dina\nstatus: published\n"
                                                          "stages:\n  - name: Only\n")})
    assert exports.backlog_json(empty) == whole_json(empty) == '{\n "backlog": []\n}'
    assert exports.backlog_csv(empty) == whole_csv(empty)
