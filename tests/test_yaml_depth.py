"""The nesting guard reads the text itself, so its answer does not depend on which
PyYAML (or libyaml) is installed: it refuses deep front-matter before any parser
version stops it with a message of its own (PyYAML 6.0.4's scanner stops at 1,000
levels; 6.0.2's composer crashed far deeper)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cjm_plugin.core.reading.yaml_depth import MAX_DEPTH, too_deep

ROOT = Path(__file__).resolve().parent.parent


def nested(depth: int, kinds: list[str]) -> object:
    """A value ``depth`` levels deep, each level a list or a mapping."""
    value: object = "leaf"
    for i in range(depth):
        value = [value] if kinds[i % len(kinds)] == "list" else {f"k{i}": value}
    return value


def true_depth(value: object) -> int:
    depth = 0
    while isinstance(value, (list, dict)):
        depth += 1
        value = value[0] if isinstance(value, list) else next(iter(value.values()))
    return depth


KINDS = st.lists(st.sampled_from(["list", "map"]), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None)
@given(depth=st.integers(1, 80), kinds=KINDS, flow=st.sampled_from([None, True, False]))
def test_what_a_map_may_nest_is_never_refused(depth: int, kinds: list[str], flow: bool | None) -> None:
    text = yaml.safe_dump(nested(depth, kinds), default_flow_style=flow, width=10_000)
    assert yaml.safe_load(text) is not None  # valid YAML, as PyYAML reads it
    assert too_deep(text) is None, text


@settings(max_examples=40, deadline=None)
@given(depth=st.integers(MAX_DEPTH + 1, 400), kinds=KINDS, flow=st.sampled_from([None, True, False]))
def test_deeper_than_the_limit_is_refused_whatever_the_style(depth: int, kinds: list[str],
                                                              flow: bool | None) -> None:
    """Block, flow and mixed layouts: each level costs an indentation column, an entry
    indicator or a bracket, so the guard's count is at least the real depth."""
    text = yaml.safe_dump(nested(depth, kinds), default_flow_style=flow, width=10_000)
    assert too_deep(text) is not None


@pytest.mark.parametrize("text", [
    "title: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "title: " + "{a: " * 5_000 + "b" + "}" * 5_000 + "\n",
    "".join("  " * i + "- \n" for i in range(2_000)),
    "- " * 3_000 + "x\n",
], ids=["flow-lists", "flow-mappings", "block-lists", "entries-on-one-line"])
def test_hostile_nesting_is_refused_at_the_first_level_too_many(text: str) -> None:
    found = too_deep(text)
    assert found is not None
    assert found.line < 200


def test_the_place_is_the_first_bracket_past_the_limit() -> None:
    # The top mapping is level 1, so the 100th '[' (column 107, 1-based) is level 101.
    found = too_deep("title: " + "[" * 1_000 + "]" * 1_000 + "\n")
    assert found is not None and (found.line, found.col + 1) == (0, 107)


@pytest.mark.parametrize("text", [
    # Brackets and quotes that are text, not structure.
    "title: " + "a [b " * 300 + "\n",
    'title: "' + "[" * 300 + '"\n',
    "title: '" + "{it''s " * 300 + "'\n",
    "notes: |\n" + "".join("  [" * 50 + "\n" for _ in range(20)) + "title: T\n",
    "link: https://example.com/a:b[c\n" * 200,
    "# " + "[" * 500 + "\ntitle: T\n",
    'quote: "a\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\n',
], ids=["plain-text", "double-quoted", "single-quoted", "block-scalar", "urls", "comment",
        "quote-over-lines"])
def test_brackets_in_text_are_not_nesting(text: str) -> None:
    yaml.safe_load(text)  # the examples are valid YAML
    assert too_deep(text) is None


def test_the_example_handbook_is_far_from_the_limit() -> None:
    for file in sorted((ROOT / "maps").rglob("*.md")):
        front = file.read_text("utf-8").split("---\n")[1]
        assert too_deep(front, limit=12) is None, file
