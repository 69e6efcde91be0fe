"""What a YAML error means, in words a writer can act on.

PyYAML reports an error in its own terms ("did not find expected key (while parsing a
block mapping)"), often after the real mistake. :mod:`.source` reads the front-matter
and hands each error here, which finds the usual cause (a quote or ``: `` slip,
:mod:`.yaml_slips`; a line indented differently from its neighbours; a tab; a list or
quote left open) and says where it is and how to write the line instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.reporting.yaml_slips import Slip, quote_or_colon_slip


def character_error(exc: yaml.reader.ReaderError, text: str) -> Slip:
    """A character YAML does not allow: (0-based line, 1-based column, message, code)."""
    before = text[: exc.position]
    line = before.count("\n")
    col = exc.position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return line, col, _("invalid YAML: the character U+{code} is not allowed in YAML; remove it",
                        code=f"{code:04X}"), "yaml.character"


def syntax_error(exc: yaml.MarkedYAMLError, text: str) -> Slip:
    """An error of PyYAML's parser: (0-based line, 1-based column, message, code), at
    the slip that caused it when one is recognised."""
    lines = text.split("\n")
    context = exc.context or ""
    slip = quote_or_colon_slip(
        lines, exc.context_mark if "quoted scalar" in context else exc.problem_mark,
        context, exc.problem or "")
    if slip is None:
        indented = _indentation_slip(lines, (exc.problem_mark or exc.context_mark))
        slip = (*indented, "yaml.indentation") if indented is not None else None
    if slip is not None:
        return slip
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and any(w in (exc.context or "") for w in ("flow sequence", "quoted")):
        mark = exc.context_mark  # point at the '[' or quote left open, not where the file ends
    line = mark.line if mark else 0
    col = (mark.column + 1) if mark else 1
    kind, message = _yaml_message(exc, text, mark)
    return line, col, message, kind


@dataclass(frozen=True)
class _Indent:
    """Where a line's content starts (0-based), and for a list item ``- key: v``
    where its key starts; whether the line opens a block (ends with ':')."""

    col: int
    item: bool
    content: int
    key: str
    opens: bool


_KEY = re.compile(r"([^\s:#][^:#]*?):(?:\s|$)")


def _indent_of(line: str) -> _Indent | None:
    stripped = line.lstrip(" ")
    if not stripped or stripped.startswith("#") or "\t" in line[: len(line) - len(stripped)]:
        return None
    col = len(line) - len(stripped)
    item = stripped == "-" or stripped.startswith("- ")
    content = col + 2 if item else col
    rest = stripped[2:].lstrip(" ") if item else stripped
    if item:
        content = col + 2 + (len(stripped[2:]) - len(rest))
    key_match = _KEY.match(rest)
    code = rest.split(" #", 1)[0].rstrip()
    return _Indent(col, item, content, key_match.group(1).strip() if key_match else "",
                   code.endswith(":") or code == "" and item)


def _indentation_slip(lines: list[str], mark: Any) -> tuple[int, int, str] | None:
    """A plain-language message for the usual cause of YAML's structural errors: one
    line indented differently from the lines it belongs with. Returns (0-based line,
    1-based column, message), or None when the lines around the error look right."""
    if mark is None:
        return None
    for at in (mark.line - 1, mark.line):
        if not 0 <= at < len(lines) or (this := _indent_of(lines[at])) is None:
            continue
        columns: dict[int, int] = {}
        previous: tuple[int, _Indent] | None = None
        #: The nearest line above that starts at this line's column or left of it: the
        #: block this line falls into (a list item, when it starts under its '- ').
        owner: tuple[int, _Indent] | None = None
        for i in range(at):
            other = _indent_of(lines[i])
            if other is None:
                continue
            columns[other.col] = i
            if other.item:
                columns[other.content] = i
            previous = (i, other)
            if other.col <= this.col:
                owner = (i, other)
        if previous is None:
            continue
        p_line, prev = previous
        if prev.opens and this.col >= prev.col:
            continue  # the first line of a block: deeper (or a list at its key's column)
        if owner is not None and not this.item and owner[1].item and owner[1].col == this.col and owner[1].key:
            # A key written under the '- ' of the item it belongs to (right below it, or
            # after the item's other keys).
            o_line, item = owner
            return at, this.col + 1, _(
                "line {line} starts under the '- ' of line {item_line}, so it is not part "
                "of that item; indent it to column {column}, under '{key}'", line=at + 2,
                item_line=o_line + 2, column=item.content + 1, key=item.key)
        if this.col not in columns:
            below = [c for c in columns if c < this.col]
            above = [c for c in columns if c > this.col]
            choices = [_("column {column} (as line {line})", column=c + 1, line=columns[c] + 2)
                       for c in (max(below) if below else None, min(above) if above else None)
                       if c is not None]
            return at, this.col + 1, _(
                "line {line} is indented to column {column}, where no line above it "
                "starts; line it up with the lines it belongs with: {choices}", line=at + 2,
                column=this.col + 1, choices=_(" or ").join(choices))
    return None


def _yaml_message(exc: yaml.MarkedYAMLError, text: str, mark: Any) -> tuple[str, str]:
    """(code, message) for an error of PyYAML's parser: its own words (English, they
    come from PyYAML) with advice in the writer's language for the usual causes."""
    problem = (exc.problem or "").strip()
    tab = "yaml.tab", _("a tab character is not allowed in YAML indentation; indent with spaces")
    if "'\\t'" in problem:
        return tab
    if mark is not None:
        lines = text.split("\n")
        if 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            return tab
    context = (exc.context or "").strip()
    detail = f"{problem} ({context})" if context and problem else problem or context
    if "mapping values are not allowed" in problem:
        return "yaml.colon-in-text", _("invalid YAML: {detail}; a text containing ': ' must be put "
                                       "in quotes", detail=detail)
    if "flow sequence" in context:
        return "yaml.unclosed-list", _("invalid YAML: {detail}; a list written as [a, b] must end "
                                       "with ']' (put a text containing ',' in quotes)", detail=detail)
    if "quoted" in context:
        return "yaml.unclosed-quote", _("invalid YAML: {detail}; a text that starts with a quote "
                                        "must end with the same quote", detail=detail)
    return "yaml.invalid", _("invalid YAML: {detail}", detail=detail)
