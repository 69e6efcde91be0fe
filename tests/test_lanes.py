"""Each built-in lane is one record in ``lanes.LANES``; what cjm does with a lane is
derived from it, so a new lane is a record plus its labels."""

from __future__ import annotations

import ast

import yaml
from support import REPO

from cjm_plugin.core.model import lanes
from cjm_plugin.core.model.items import mark_items
from cjm_plugin.core.writing.sheets.matcher import match_row

CORE = REPO / "cjm_plugin" / "core"
KEYS = {lane.key for lane in lanes.LANES}


def literal_lane_lists(path: str) -> list[int]:
    """Lines where a tuple, list, set or dict written out holds two or more lane keys."""
    tree = ast.parse((CORE / path).read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        items = node.keys if isinstance(node, ast.Dict) else \
            node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else []
        keys = {item.value for item in items if isinstance(item, ast.Constant)} & KEYS
        if len(keys) > 1:
            found.append(node.lineno)
    return found


def test_lists_of_lanes_are_written_only_in_the_lane_records() -> None:
    # The sheet importer's phrases ("pikiran", "touch points"…) name lanes on purpose.
    modules = [p.relative_to(CORE).as_posix() for p in sorted(CORE.rglob("*.py"))]
    offenders = {m: lines for m in modules
                 if m not in ("model/lanes.py", "writing/sheets/matcher.py") and (lines := literal_lane_lists(m))}
    assert offenders == {}


def test_every_lane_has_a_label_in_every_language_and_the_importer_knows_it() -> None:
    for locale in sorted((CORE / "locales").glob("*.yml")):
        table = yaml.safe_load(locale.read_text(encoding="utf-8"))
        assert {k for k in KEYS if f"lane.{k}" not in table} == set(), locale.name
        for key in KEYS:
            assert match_row(table[f"lane.{key}"]).key == key


def test_what_a_lane_does_is_derived_from_its_record() -> None:
    assert lanes.builtin_lanes("journey") == lanes.COMMON_LANES
    assert lanes.builtin_lanes("service-blueprint") == (
        "thinking", "feeling", *lanes.BLUEPRINT_LANES, *lanes.COMMON_LANES[2:])
    assert lanes.builtin_lanes("future-state") == (*lanes.COMMON_LANES, "answers")
    assert lanes.BACKLOG_LANES == lanes.TRACKED_LANES == ("pain_points", "opportunities")
    assert [lanes.LANE_BY_KEY[k].backlog_kind for k in lanes.BACKLOG_LANES] == ["pain_point", "opportunity"]
    assert lanes.BLUEPRINT_LINES == (("interaction", "frontstage"), ("visibility", "backstage"),
                                     ("internal", "support"))
    # The model reads objects in the lanes whose record says they take them, only there.
    entry = {"text": "x", "name": "x"}
    marked = mark_items({k: [entry] for k in KEYS})
    assert {k for k, v in marked.items() if v != [entry]} == {
        lane.key for lane in lanes.LANES if lane.items != "text"}
