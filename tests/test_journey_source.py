"""Unit tests (no browser) for the Mermaid journey text builder."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjm_plugin.core.views.mermaid import (
    NARROW,
    THEME_CSS,
    WIDE,
    JourneySection,
    JourneyTask,
    clean_label,
    escape_label,
    journey_rows,
    journey_source,
    split_rows,
)

# Characters that must never appear raw in an escaped label.
FORBIDDEN = set(":;,%<>&\n\r\t\ufb02\u00b0\u00b6\u00df")
ENTITY = re.compile(r"#(\d+);")


def decode(escaped: str) -> str:
    """What Mermaid shows for an escaped label (its encode/decode round trip)."""
    return ENTITY.sub(lambda m: chr(int(m.group(1))), escaped)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text", "plain text"),
        ("a: b", "a#58; b"),
        ("x;y", "x#59;y"),
        ("#1", "#35;1"),
        ("50%", "50#37;"),
        ("%%{init}%%", "#37;#37;#123;init#125;#37;#37;"),
        ("a, b", "a#44; b"),
        ("<br>", "#60;br#62;"),
        ("&amp;", "#38;amp#59;"),
        ("section A", "#115;ection A"),
        ("Title x", "#84;itle x"),
        ("journey", "#106;ourney"),
        ("accDescr { x", "#97;ccDescr #123; x"),
        ("sectional", "#115;ectional"),
        ("a section", "a section"),
        ("  lead  and   trail  ", "lead and trail"),
        ("line\nbreak\ttab\r\nend", "line break tab end"),
        ("", "#160;"),
        ("   \n\t ", "#160;"),
        ("Straße ﬂ°¶", "Stra#223;e #64258;#176;#182;"),
        ("😀", "#128512;"),
        ("Crème brûlée", "Crème brûlée"),
        ("مرحبا", "مرحبا"),
        ("你好世界", "你好世界"),
        ("Mencari katering sehat", "Mencari katering sehat"),
        ("it's \"quoted\"", "it's \"quoted\""),
        ("{{ x }}", "#123;#123; x #125;#125;"),
        ("`code`", "#96;code#96;"),
        ("a\u00a0b", "a#160;b"),
        ("\ud800x", "#65533;x"),
        ("\x00\x85z", "z"),
    ],
)
def test_escape_label_examples(text: str, expected: str) -> None:
    assert escape_label(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=())))
def test_escape_label_is_safe_and_round_trips(text: str) -> None:
    escaped = escape_label(text)
    assert escaped
    assert not (FORBIDDEN & set(ENTITY.sub("", escaped)))
    assert "#" not in ENTITY.sub("", escaped)
    assert not re.match(r"(?i)(section|title|journey|acc)", escaped)
    assert escaped == escaped.strip()
    # Mermaid decodes every #<n>; back: the reader sees the cleaned text.
    shown = decode(escaped)
    assert shown == (clean_label(text) or "\u00a0")


def clean_label_by_category(text: str) -> str:
    """clean_label's definition, character by character (Unicode categories)."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        out.append(" " if cat in ("Cc", "Zl", "Zp") else "\ufffd" if cat == "Cs" else ch)
    return re.sub(" +", " ", "".join(out)).strip(" ")


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(blacklist_categories=())))
def test_clean_label_follows_its_definition(text: str) -> None:
    assert clean_label(text) == clean_label_by_category(text)


def test_journey_source_shape() -> None:
    src = journey_source(
        "Catering: now",
        [
            JourneySection("Awareness", (JourneyTask("Searches Google", 2, ("dina", "Budi, Jr.")),)),
            JourneySection("Empty", ()),
            JourneySection("Order", (JourneyTask("Pays", 9, ()), JourneyTask("Waits", 0, ("", "dina", "dina")))),
        ],
    )
    lines = src.splitlines()
    assert lines[0].startswith("%%{init: ") and lines[0].endswith("}%%")
    config = json.loads(lines[0][len("%%{init: "):-len("}%%")])
    assert config["themeCSS"] == THEME_CSS
    # Drawn at its own size or scaled down to the column (rows keep the text readable).
    assert config["journey"]["useMaxWidth"] is True
    assert lines[1:] == [
        "journey",
        "title Catering#58; now",
        "section Awareness",
        "    Searches Google: 2: dina, Budi#44; Jr.",
        "section Order",
        "    Pays: 5",
        "    Waits: 1: dina",
    ]
    assert src.endswith("\n")


def test_empty_title_is_omitted_and_whitespace_task_kept() -> None:
    src = journey_source("  ", [JourneySection("S", (JourneyTask(" \n ", 3, ()),))])
    assert "\ntitle" not in src
    assert src.splitlines()[-1] == "    #160;: 3"


def test_theme_css_is_safe_in_a_directive() -> None:
    # Mermaid drops directive strings with < or >; '#'/'%' could be mis-read.
    for ch in "<>#%'":
        assert ch not in THEME_CSS
    assert THEME_CSS.count("{") == THEME_CSS.count("}")
    assert "var(--md-default-fg-color" in THEME_CSS


def test_long_labels_are_kept_whole_and_widen_the_layout() -> None:
    long_task = "word " * 100
    long_actor = "x" * 200
    src = journey_source("T", [JourneySection("S", (JourneyTask(long_task, 3, (long_actor,)),))])
    config = json.loads(src.splitlines()[0][len("%%{init: "):-len("}%%")])
    assert long_task.strip() in src
    assert long_actor in src
    assert config["journey"]["width"] == 240
    assert config["journey"]["maxLabelWidth"] >= 200 * 16 * 0.6


def test_statement_lines_cannot_be_split() -> None:
    nasty = "a\nsection b: c; d # e %% f, g"
    src = journey_source(nasty, [JourneySection(nasty, (JourneyTask(nasty, 4, (nasty,)),))])
    body = src.splitlines()[1:]
    assert body[0] == "journey"
    assert len(body) == 4
    for line in body[1:]:
        assert "#" not in ENTITY.sub("", line)
        assert ";" not in ENTITY.sub("", line)
        assert "%" not in line


def _rows_of(sources: list[str]) -> list[list[tuple[str, int]]]:
    """(section, number of tasks) of each row's Mermaid text."""
    rows = []
    for source in sources:
        row: list[tuple[str, int]] = []
        for line in source.splitlines()[2:]:
            if line.startswith("%% "):  # cjm's comment lines (row width, actor colours)
                continue
            if line.startswith("section "):
                row.append((line[len("section "):], 0))
            else:
                assert line.startswith("    "), line
                row[-1] = (row[-1][0], row[-1][1] + 1)
        rows.append(row)
    return rows


def test_split_rows_keeps_stages_whole_where_they_fit() -> None:
    def stage(name: str, n: int) -> JourneySection:
        return JourneySection(name, tuple(JourneyTask(f"{name}{i}", 3) for i in range(n)))

    rows = split_rows([stage("A", 2), stage("B", 2), stage("C", 3), stage("D", 0), stage("E", 5)], 4)
    assert [[(s.name, len(s.tasks)) for s in row] for row in rows] == [
        [("A", 2), ("B", 2)], [("C", 3)], [("E", 3)], [("E", 2)]]
    # every task once, in order
    assert [t.name for row in rows for s in row for t in s.tasks] == (
        ["A0", "A1", "B0", "B1", "C0", "C1", "C2", "E0", "E1", "E2", "E3", "E4"])
    assert [[len(s.tasks) for s in row] for row in split_rows([stage("A", 3)], 1)] == [[1], [1], [1]]


def test_journey_rows_fit_their_layout_and_share_geometry() -> None:
    name = "Compares three catering menus and their prices on the website"  # 61 characters
    sections = [JourneySection(f"Stage {i}", tuple(JourneyTask(f"{name} {i}.{j}", 1 + j % 5, ("Dina", "Budi"))
                                                  for j in range(4))) for i in range(6)]
    wide, narrow = journey_rows(sections, WIDE), journey_rows(sections, NARROW)
    assert 1 < len(wide) < len(narrow) <= 24
    for sources in (wide, narrow):
        rows = _rows_of(sources)
        assert sum(n for row in rows for _, n in row) == 24
        configs = [json.loads(s.splitlines()[0][len("%%{init: "):-len("}%%")])["journey"] for s in sources]
        assert len({(c["width"], c["maxLabelWidth"], c["leftMargin"]) for c in configs}) == 1
        assert all(c["useMaxWidth"] for c in configs)
        assert not any("\ntitle " in s for s in sources)  # the page shows the title once
    assert max(len(row) for row in _rows_of(wide)) >= 1
    # Rows draw no actor legend (the figure names the actors once): two steps to a phone's row.
    assert max(sum(n for _, n in row) for row in _rows_of(narrow)) == 2
    assert all(re.search(r"^%% cjm-row width: \d+$", s, re.M) for s in wide + narrow)


def test_actors_keep_their_colour_in_every_row() -> None:
    """Mermaid colours a row's actors by their sorted position; each row says which of
    the map's colours every position gets (a comment line of digits)."""
    sections = [
        JourneySection("A", (JourneyTask("t1", 3, ("Zoe",)),)),
        JourneySection("B", (JourneyTask("t2", 3, ("Budi", "Zoe")),)),
        JourneySection("C", (JourneyTask("t3", 3, ("Budi, Jr.",)),)),
    ]
    colours: dict[str, int] = {}
    rows = journey_rows(sections, NARROW)
    assert len(rows) == 2  # A and B, then C
    for source in rows:
        lines = source.splitlines()
        actors = sorted({a.strip() for line in lines[2:] if line.startswith("    ")
                         for a in line.split(": ")[2].split(",")},
                        key=lambda a: a.replace("#44;", "\ufb02\u00b0\u00b044\u00b6\u00df"))
        comment = [line for line in lines if line.startswith("%% cjm-actor-colours:")]
        order = [int(n) for n in comment[0].split(":")[1].split()] if comment else list(range(len(actors)))
        assert not comment or re.fullmatch(r"%% cjm-actor-colours:( \d+)+", comment[0])
        for actor, colour in zip(actors, order, strict=True):
            assert colours.setdefault(actor, colour) == colour, actor
    # Map order (Mermaid's sort): "Budi", "Budi, Jr." (escaped "Budi#44; Jr."), "Zoe".
    assert colours == {"Budi": 0, "Budi#44; Jr.": 1, "Zoe": 2}
