"""How deep a YAML text nests, measured on the text itself before any parser sees it.

Hostile front-matter such as ``[[[[…`` 100,000 deep once crashed libyaml's recursive
composer; newer PyYAML builds stop it in their own scanner at 1,000 levels, with their
own message. Neither is ours to rely on: this guard reads the text with a small,
linear scan that knows only what makes YAML nest (indentation, ``- `` and ``? ``
entries, ``[`` and ``{``), and refuses a file before any PyYAML version would.

Each level costs the writer an indentation column, a ``- `` entry, a ``key:`` or
a bracket, and the scan counts each of those once, so its count is the real depth
for the layouts YAML allows. A real map nests about 7 levels, far from :data:`MAX_DEPTH`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: How deep the front-matter may nest (a real map needs about 7 levels).
MAX_DEPTH = 100

#: A block scalar's header after its indicator: ``|``, ``>-``, ``|2+`` and a comment.
_BLOCK_SCALAR = re.compile(r"[|>][0-9+-]*[ \t]*(?:#.*)?$")
#: A block mapping's key: plain or quoted text, then ':' and a space or the line's end.
_KEY = re.compile(r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[\]{},&*!|>%@`-][^#]*?|-[^\s#][^#]*?)"""
                  r":(?=[ \t]|$)[ \t]*")


@dataclass(frozen=True)
class TooDeep:
    """Where the nesting first went past :data:`MAX_DEPTH` (0-based line and column)."""

    line: int
    col: int


def too_deep(text: str, limit: int = MAX_DEPTH) -> TooDeep | None:
    """The first place where ``text`` nests more than ``limit`` levels, or None."""
    scan = _Scan(limit)
    for number, line in enumerate(text.split("\n")):
        found = scan.line(number, line)
        if found is not None:
            return found
    return None


class _Scan:
    """The scanner's state between lines: open brackets, an open quote, the block
    indentation stack and a block scalar (``|``) whose lines are plain text."""

    def __init__(self, limit: int):
        self.limit = limit
        self.flow = 0
        self.quote = ""
        #: The block collections open at this line: (column, "seq" or "map").
        self.blocks: list[tuple[int, str]] = []
        self.scalar_indent: int | None = None

    def line(self, number: int, line: str) -> TooDeep | None:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if self.scalar_indent is not None:
            if not stripped.strip() or indent > self.scalar_indent:
                return None
            self.scalar_indent = None
        start = 0
        if not self.quote and not self.flow:
            if not stripped.strip() or stripped.startswith("#"):
                return None
            start = self._block(line, indent)
            if len(self.blocks) > self.limit:
                return TooDeep(number, start)
        return self._characters(number, line, start, len(self.blocks), indent)

    def _block(self, line: str, indent: int) -> int:
        """Update the open block collections from one line's ``- `` entries and
        ``key:``; returns the column where the line's value starts."""
        opened: list[tuple[int, str]] = []
        at = indent
        while line[at:at + 2] in ("- ", "? ") or line[at:] in ("-", "?"):
            opened.append((at, "seq"))
            at += 2
            while line[at:at + 1] == " ":
                at += 1
        key = _KEY.match(line, at)
        if key is not None:
            opened.append((at, "map"))
            at = key.end()
        if not opened:
            return at
        col, kind = opened[0]
        # A mapping's key at a column closes a list written at that column under the
        # previous key ("a:" / "- x" / "b: y"); deeper columns close.
        while self.blocks and (self.blocks[-1][0] > col or (
                self.blocks[-1][0] == col and self.blocks[-1][1] == "seq" and kind == "map")):
            self.blocks.pop()
        if self.blocks and self.blocks[-1] == opened[0]:
            opened = opened[1:]
        self.blocks.extend(opened)
        return at

    def _characters(self, number: int, line: str, at: int, block: int,
                    indent: int) -> TooDeep | None:
        """Brackets, quotes and comments on one line, from column ``at``."""
        previous = ""  # the last character that was not a space: what may start a value
        size = len(line)
        while at < size:
            char = line[at]
            if self.quote:
                at = self._close_quote(line, at)
                previous = "x"
                continue
            if char in " \t":
                at += 1
                continue
            starts_value = previous in ("", ":", "-", "?", "[", "{") or (
                self.flow and previous == ",")
            if char == "#" and (at == 0 or line[at - 1] in " \t"):
                break
            if char in "[{" and (self.flow or starts_value):
                self.flow += 1
                if block + self.flow > self.limit:
                    return TooDeep(number, at)
            elif char in "]}" and self.flow:
                self.flow -= 1
            elif char in "\"'" and starts_value:
                self.quote = char
            elif char in "|>" and starts_value and not self.flow and _BLOCK_SCALAR.match(line, at):
                self.scalar_indent = indent
                break
            elif char == ":" and not (at + 1 == size or line[at + 1] in " \t"):
                char = "x"  # 'http://…' or 'a:b': part of a text, not an indicator
            previous = char
            at += 1
        return None

    def _close_quote(self, line: str, at: int) -> int:
        """Past the end of the open quote on this line (or the line's end)."""
        if self.quote == '"':
            while at < len(line):
                if line[at] == "\\":
                    at += 2
                    continue
                if line[at] == '"':
                    self.quote = ""
                    return at + 1
                at += 1
            return len(line)
        while at < len(line):
            if line[at] == "'":
                if line[at + 1:at + 2] == "'":
                    at += 2
                    continue
                self.quote = ""
                return at + 1
            at += 1
        return len(line)
