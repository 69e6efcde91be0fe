"""Plain-language messages for the YAML slips writers make with quotes and colons.

PyYAML reports these slips in its own terms ("did not find expected key (while
parsing a block mapping)"), often at a spot after the real mistake. A writer needs
to hear which quote or which ``: `` is the cause and how to write the line instead,
so each function here looks at the lines themselves and returns
``(0-based line, 1-based column, message)``, or None when the slip is not its kind.
"""

from __future__ import annotations

import re
from typing import Any

from cjm_plugin.core.language.translate import _

#: (0-based line, 1-based column, the message, its stable code).
Slip = tuple[int, int, str, str]

#: A block line's start: indentation, list dashes, then an unquoted ``key:`` if any.
_LEAD = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)*)(?:(?P<key>[^\s\"'#\-\[{][^:#]*?|-[^\s:#][^:#]*?):(?:[ ]+|$))?")


def _value_start(line: str) -> tuple[str, int]:
    """The text before a line's value (indentation, dashes, ``key: ``) and where the
    value starts."""
    match = _LEAD.match(line)
    end = match.end() if match else 0
    return line[:end], end


def _closing(text: str, start: int) -> int | None:
    """Where the quoted text opened at ``start`` closes on this line (YAML's rules:
    ``\\"`` inside double quotes, ``''`` inside single quotes), or None."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        ch = text[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _without_comment(text: str) -> str:
    """``text`` without a trailing `` # comment`` (as YAML reads a plain value)."""
    return re.split(r"[ \t]#", text, maxsplit=1)[0].rstrip()


def quoted(text: str) -> str:
    """``text`` as one YAML value in quotes: double quotes unless it holds ``"`` or
    ``\\``, else single quotes (a ``'`` inside is written twice)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _opening_quote(line: str) -> tuple[str, int] | None:
    """(the text before the value, the value's column) when the value starts with a quote."""
    before, start = _value_start(line)
    if start < len(line) and line[start] in "\"'":
        return before, start
    return None


def _closing_line(lines: list[str], at: int, start: int) -> tuple[int, str] | None:
    """Where the quoted text opened at ``lines[at][start]`` closes: the line, and what
    follows the closing quote on it."""
    quote = lines[at][start]
    text, offset = lines[at], start
    for index in range(at, len(lines)):
        if index > at:
            text, offset = quote + lines[index], 0  # the same scan, from the line's start
        end = _closing(text, offset)
        if end is not None:
            return index, _without_comment(text[end + 1:]).strip()
    return None


def unclosed_quote(lines: list[str], upto: int) -> Slip | None:
    """The first value up to line ``upto`` that opens a quote and does not close it on
    its line: YAML then reads on, over the next lines, until some later quote (often
    the opening quote of a later value, followed by that value's text). A text meant
    to run over several lines, closed at the end of a later line, is left alone. Each
    line is read once."""
    at = 0
    while at <= min(upto, len(lines) - 1):
        line = lines[at]
        found = _opening_quote(line)
        if found is None or _closing(line, found[1]) is not None:
            at += 1
            continue
        before, start = found
        closes = _closing_line(lines, at, start)
        if closes is not None and not closes[1]:
            at = closes[0] + 1
            continue
        quote = line[start]
        rest = line[start + 1:].rstrip()
        fixed = f"{before.strip()} {quote}{rest}{quote}".strip()
        return at, start + 1, _(
            "the quote {quote} that starts this text is never closed, so YAML reads on over the "
            "next lines; end the text with the same quote on this line ({fixed}), or remove the "
            "quote", quote=quote, fixed=fixed), "yaml.unclosed-quote"
    return None


def quoted_then_more(lines: list[str], at: int) -> Slip | None:
    """A value on line ``at`` that is a quoted text followed by more text:
    ``name: "Beli 3 gratis 1" membuat saya membeli``, or ``'Don't know'``."""
    if not 0 <= at < len(lines):
        return None
    line = lines[at]
    found = _opening_quote(line)
    if found is None:
        return None
    before, start = found
    end = _closing(line, start)
    if end is None:
        return None
    after = _without_comment(line[end + 1:]).strip()
    if not after or after[0] in ":,]}":
        return None  # a quoted key, or an item of a list written in brackets
    quote = line[start]
    whole = _without_comment(line[start:])
    if whole.endswith(quote) and len(whole) > 1:  # the same quote mark inside: 'Don't know'
        meant = whole[1:-1]
        return at, start + 1, _(
            "this text is put in {quote} quotes and also contains {quote} inside, which ends it "
            "early (after {cut}); write it as {fixed}", quote=quote, cut=line[start:end + 1],
            fixed=f"{before.strip()} {quoted(meant)}"), "yaml.quote-inside-quotes"
    return at, start + 1, _(
        "the text ends at its closing quote (after {cut}), but more text "
        "follows on the line ({after}); to keep the quote marks, put the whole text in quotes "
        "of the other kind: {fixed} (or remove the quotes)", cut=line[start:end + 1], after=after,
        fixed=f"{before.strip()} {quoted(whole)}"), "yaml.quoted-then-more"


def colon_in_text(lines: list[str], mark: Any) -> Slip | None:
    """``name: Catatan: harga naik``: a second ``: `` on the line, inside the value."""
    if mark is None or not 0 <= mark.line < len(lines):
        return None
    line = lines[mark.line]
    before, start = _value_start(line)
    if not before.rstrip().endswith(":") or line[mark.column:mark.column + 1] != ":" \
            or mark.column < start or line[start:start + 1] in ("\"'[{|>"):
        return None
    value = _without_comment(line[start:])
    return mark.line, mark.column + 1, _(
        "this text contains ': ' (a colon and a space), which YAML reads as the start of "
        "another 'key: value'; put the whole text in quotes: {fixed}",
        fixed=f"{before.strip()} {quoted(value)}"), "yaml.colon-in-text"


#: ``score:2``: a field's name, a colon and its value with no space between.
_GLUED = re.compile(r"^(?P<lead>[ ]*(?:-[ ]+)?)(?P<key>[a-z_][a-z0-9_]*):(?P<value>[^\s/:][^#]*)$")


def glued_colon(lines: list[str], mark: Any) -> Slip | None:
    """``score:2``: YAML reads the line as one text, not as the field ``score``, and
    reports the next line. The nearest such line at or above the error is the cause."""
    for at in range(min(mark.line, len(lines) - 1), max(-1, mark.line - 3), -1):
        match = _GLUED.match(lines[at].rstrip())
        if match and match.group("key") not in ("http", "https", "mailto"):
            key, value = match.group("key"), match.group("value").strip()
            return at, match.end("key") + 1, _(
                "a space is missing after the ':' of '{key}', so YAML does not read it as a "
                "field; write {fixed}", key=key,
                fixed=f"{match.group('lead').strip()} {key}: {value}".strip()), "yaml.colon-space"
    return None


def quote_or_colon_slip(lines: list[str], mark: Any, context: str, problem: str) -> Slip | None:
    """The slip with quotes or colons that explains a YAML error at ``mark``, if any."""
    if mark is None:
        return None
    if "quoted scalar" in context:
        return unclosed_quote(lines, mark.line)
    return (unclosed_quote(lines, mark.line - 1) or quoted_then_more(lines, mark.line)
            or (colon_in_text(lines, mark) if "mapping values" in problem else None)
            or glued_colon(lines, mark))
