"""The test helpers themselves: what ``make_project`` writes is the configuration asked for."""

from __future__ import annotations

from pathlib import Path

import yaml
from support import make_project


def plugins(root: Path) -> list[object]:
    return yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))["plugins"]


def test_plugin_options_as_a_dict_are_written_as_yaml(tmp_path: Path) -> None:
    options = {"maps_dir": "docs/maps: src", "nav_group_size": 10, "wide_maps": False,
               "templates_dir": "überschrift/#1"}
    root = make_project(tmp_path / "dict", {}, options=options)
    assert plugins(root) == ["search", {"cjm": options}]


def test_plugin_options_as_a_string_and_none(tmp_path: Path) -> None:
    root = make_project(tmp_path / "text", {}, options=":\n      maps_dir: x")
    assert plugins(root) == ["search", {"cjm": {"maps_dir": "x"}}]
    assert plugins(make_project(tmp_path / "none", {})) == ["search", "cjm"]
    assert plugins(make_project(tmp_path / "empty", {}, options={})) == ["search", "cjm"]
