"""Limits on the work one file can ask of a build, far above what a real map needs.

The 2 MB cap on a file does not bound the time a build takes: Python-Markdown and
Material's search plugin do work that grows faster than the text they are given
(measured with cProfile, see ``bench/hostile_inputs.py`` and ``docs/security.md``):

* Material's search plugin looks every heading up in the page's table of contents,
  one walk of the whole table per heading: 40,000 headings cost 187 s;
* Python-Markdown's table extension splits the rest of a block into lines each time a
  heading, rule or list item is taken off the block's front: 50,000 lines without a
  blank line cost minutes;
* every inline element (a link, an emphasis, a table cell) costs Python-Markdown, nh3
  and the search plugin about a tenth of a millisecond, and a table cell about a
  kilobyte of memory: a 1.8 MB table took 35 s and 787 MB;
* a map's stages and steps each become a box of its diagrams and a row of its tables:
  20,000 stages made a 51 MB page.

Each count here is made in one pass over the text, before Markdown runs; a file over a
limit is refused like any broken file (a located error), and the rest of the site is
built. Under these limits a build's time grows in proportion to the file's size.
"""

from __future__ import annotations

import re
from typing import Any

from cjm_plugin.core.language.translate import N_, _
from cjm_plugin.core.reporting.problems import Problem

from .inputs import FileInput

#: Lines below the front-matter: a map's notes are a few hundred lines.
MAX_BODY_LINES = 10_000
#: Lines in a row without a blank line (one paragraph, list or table), and their characters:
#: Python-Markdown copies the rest of a paragraph for each link or emphasis it finds in it.
MAX_BLOCK_LINES = 1_000
MAX_BLOCK_CHARS = 100_000
#: Headings in the body (and lines that may become one: ``#``, ``===``, ``---``): the
#: search plugin's work grows with their square (2,000 cost a few seconds).
MAX_BODY_HEADINGS = 2_000
#: Links and references: every ``[`` of the body.
MAX_BODY_LINKS = 10_000
#: Table cells: every ``|`` of the body.
MAX_BODY_CELLS = 20_000
#: Emphasis and code marks: every ``*``, ``_``, ``~`` and backtick of the body.
MAX_BODY_MARKS = 50_000
#: HTML tags: every ``<`` of the body, and of one block. Material's search plugin compares
#: each piece of text with every tag still open around it: tags left open in a paragraph
#: make that work grow with the square of their number.
MAX_BODY_TAGS = 5_000
MAX_BLOCK_TAGS = 200
#: Stages of one map, and steps of all its stages together.
MAX_STAGES = 100
MAX_STEPS = 1_000

#: A line that is, or may become, a heading: ``## x`` (also inside a quote or a list
#: item), a ``===`` or ``---`` line under a paragraph, an HTML ``<h2>``.
_HEADING = re.compile(r"^[ \t>*+\-0-9.)]*(?:#{1,6}(?:[ \t]|$)|(?:=+|-+)[ \t]*$)|<h[1-6]\b",
                      re.IGNORECASE)

_ADVICE = N_("a map's notes need far fewer; move long research notes to a page in docs/")

#: What is counted, per line: (name shown in the message, limit, how to count a line).
_COUNTS: tuple[tuple[str, int, Any], ...] = (
    (N_("headings"), MAX_BODY_HEADINGS, lambda line: 1 if _HEADING.search(line) else 0),
    (N_("links or references ('[')"), MAX_BODY_LINKS, lambda line: line.count("[")),
    (N_("table cells ('|')"), MAX_BODY_CELLS, lambda line: line.count("|")),
    (N_("emphasis or code marks ('*', '_', '~', '`')"), MAX_BODY_MARKS,
     lambda line: line.count("*") + line.count("_") + line.count("~") + line.count("`")),
    (N_("HTML tags ('<')"), MAX_BODY_TAGS, lambda line: line.count("<")),
)


def check_body(file: FileInput) -> list[Problem]:
    """One error for each limit the body of ``src`` goes over, located at the line
    where it does."""
    src = file.src
    lines = src.body.split("\n")
    problems: list[Problem] = []
    if len(lines) > MAX_BODY_LINES:
        problems.append(Problem(src.path, src.body_line + MAX_BODY_LINES, 1, _(
            "the text below the front-matter is {count} lines long; keep it to "
            "{most} lines at most ({advice})", count=len(lines), most=MAX_BODY_LINES,
            advice=_(_ADVICE)), code="body.too-long"))
        lines = lines[: MAX_BODY_LINES + 1]
    totals = [0] * len(_COUNTS)
    reported = [False] * len(_COUNTS)
    block_start, block_chars, block_tags, block_reported = -1, 0, 0, False
    for at, line in enumerate(lines):
        if line.strip():
            if block_start < 0:
                block_start, block_chars, block_tags = at, 0, 0
            block_chars += len(line) + 1
            block_tags += line.count("<")
            too_long = (_("more than {most} lines", most=MAX_BLOCK_LINES)
                        if at - block_start == MAX_BLOCK_LINES
                        else _("more than {most} characters", most=MAX_BLOCK_CHARS)
                        if block_chars > MAX_BLOCK_CHARS
                        else _("more than {most} HTML tags ('<')", most=MAX_BLOCK_TAGS)
                        if block_tags > MAX_BLOCK_TAGS else "")
            if too_long and not block_reported:
                block_reported = True
                problems.append(Problem(src.path, src.body_line + block_start, 1, _(
                    "{what} without a blank line start here; a paragraph, list or table "
                    "that long is pasted data: put blank lines between its parts, or move it "
                    "to a page in docs/", what=too_long), code="body.block-too-long"))
        else:
            block_start = -1
        for i, (what, limit, count) in enumerate(_COUNTS):
            if reported[i]:
                continue
            totals[i] += count(line)
            if totals[i] > limit:
                reported[i] = True
                problems.append(Problem(src.path, src.body_line + at, 1, _(
                    "the text below the front-matter has more than {most} {what} by this "
                    "line; {advice}", most=limit, what=_(what), advice=_(_ADVICE)),
                    code="body.too-many"))
    return sorted(problems)


def check_journey_size(file: FileInput) -> list[Problem]:
    """An error when a map has more stages or steps than its diagram and tables can
    show, located at the first one too many."""
    src = file.src
    stages = src.data.get("stages") if isinstance(src.data, dict) else None
    if not isinstance(stages, list):
        return []
    if len(stages) > MAX_STAGES:
        return [src.problem(("stages", MAX_STAGES), _(
            "the map has {count} stages; keep it to {most} at most (a journey "
            "this long is several maps: split it, and link them with 'zoom')",
            count=len(stages), most=MAX_STAGES),
            field_name="stages", code="stages.too-many")]
    seen = 0
    for si, stage in enumerate(stages):
        steps = stage.get("steps") if isinstance(stage, dict) else None
        if not isinstance(steps, list):
            continue
        if seen + len(steps) > MAX_STEPS:
            path = ("stages", si, "steps", MAX_STEPS - seen)
            total = sum(len(s["steps"]) for s in stages
                        if isinstance(s, dict) and isinstance(s.get("steps"), list))
            return [src.problem(path, _(
                "the map has {count} steps; keep it to {most} at most (a journey this "
                "long is several maps: split it, and link them with 'zoom')",
                count=total, most=MAX_STEPS),
                field_name=f"stages[{si}].steps", code="steps.too-many")]
        seen += len(steps)
    return []
