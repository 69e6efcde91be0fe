"""One cell's text: a lane's entries written one per line, and a step's score.

A workshop writes several entries in one cell, one per line (or ``; `` between them,
or as bullets). What ``cjm export`` writes reads back the same: an entry that would
be read differently (one with a line break, a leading bullet or quote, or ``; `` when
it is alone) is written as a JSON string, and an entry written as an object (a tracked
pain point, a metric) as a JSON object on its line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from cjm_plugin.core.model.characters import LINE_BREAKS, SEPARATORS, any_of

#: What a line may start with to mark it as a list item; the mark is dropped.
_BULLET = re.compile(r"^(?:[-*•·‣◦–—]|\d{1,2}[.)])\s+")


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA' (how spreadsheets name columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """The address of the cell at 0-based ``row`` and ``col``: ``B4``."""
    return f"{column_letter(col)}{row + 1}"


#: Where a spreadsheet cell's text breaks lines (an entry per line), and any line break
#: (a text holding one is not written plain).
_CELL_LINES = re.compile("\r\n|" + any_of("\r\n", SEPARATORS).pattern)
_LINE_BREAK = any_of(LINE_BREAKS)


#: How an entry written as a JSON object starts (``{"text": …``); ``{TBD} call`` is text.
_JSON_OBJECT = re.compile(r'\{\s*"')


def split_items(text: str, broken: Callable[[str, int], None] | None = None) -> list[Any]:
    """The entries of one cell: texts, and objects written as JSON on their own line.
    A line that starts as a JSON object (``{"``) but is not whole JSON (a brace or quote
    lost while editing what ``cjm export`` wrote, or nested too deep to read) goes to
    ``broken`` with the character where it fails, and is left out; without ``broken``
    it is kept as text."""
    lines = [line.strip() for line in _CELL_LINES.split(text)]
    lines = [line for line in lines if line]
    if len(lines) == 1 and "; " in lines[0] and not lines[0].startswith(('"', "{")) \
            and not _BULLET.match(lines[0]):
        lines = [part.strip() for part in lines[0].split("; ") if part.strip()]
    items: list[Any] = []
    for line in lines:
        if line.startswith(('"', "{")):
            try:
                value = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as error:
                if broken is not None and _JSON_OBJECT.match(line):
                    broken(line, error.pos + 1 if isinstance(error, json.JSONDecodeError) else 1)
                    continue
                value = None
            if isinstance(value, str) and value.strip():
                items.append(value)
                continue
            if isinstance(value, dict) and value:
                items.append(value)
                continue
        items.append(_BULLET.sub("", line, count=1).strip() or line)
    return items


def join_items(items: list[Any]) -> str:
    """The text of a cell holding ``items``, one per line, that :func:`split_items`
    reads back as the same entries."""
    lines = []
    for item in items:
        if isinstance(item, dict):
            lines.append(_json(item))
        elif _plain(str(item), alone=len(items) == 1):
            lines.append(str(item))
        else:
            lines.append(_json(str(item)))
    return "\n".join(lines)


def _json(value: object) -> str:
    """JSON on one line: the line and paragraph separators that JSON leaves as they are
    (and that spreadsheets and :func:`split_items` take as line breaks) escaped too."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _plain(text: str, *, alone: bool) -> bool:
    return (text == text.strip() and bool(text) and not _LINE_BREAK.search(text)
            and not text.startswith(('"', "{")) and not _BULLET.match(text)
            and not (alone and "; " in text))


#: Words and faces a workshop writes instead of a score, folded to lower case.
SCORE_WORDS: dict[str, int] = {
    "very negative": 1, "sangat negatif": 1, "very bad": 1, "sangat buruk": 1, "marah": 1,
    "angry": 1, "😡": 1, "😠": 1, "😞": 1, "😫": 1, "☹": 1, "☹️": 1,
    "negative": 2, "negatif": 2, "bad": 2, "buruk": 2, "sad": 2, "sedih": 2, "kecewa": 2,
    "frustrated": 2, "🙁": 2, "😕": 2, "😟": 2,
    "neutral": 3, "netral": 3, "ok": 3, "okay": 3, "biasa": 3, "biasa saja": 3, "😐": 3, "😶": 3,
    "positive": 4, "positif": 4, "good": 4, "baik": 4, "happy": 4, "senang": 4, "🙂": 4, "😊": 4,
    "very positive": 5, "sangat positif": 5, "very good": 5, "sangat baik": 5, "delighted": 5,
    "sangat senang": 5, "😀": 5, "😃": 5, "😄": 5, "😁": 5, "🤩": 5, "😍": 5,
}


def read_score(text: str) -> int | dict[str, int] | None:
    """A score cell: ``2``, ``2.0``, ``4/5``, a face or a word (``Negatif``), or one
    score per persona (``dina: 2; budi: 4``). None when it is none of these."""
    text = text.strip()
    one = _one_score(text)
    if one is not None:
        return one
    parts = [p.strip() for p in re.split(r"\r\n|[\r\n;]|,(?=\s*[^\s,:]+\s*:)", text) if p.strip()]
    scores: dict[str, int] = {}
    for part in parts:
        name, colon, value = part.rpartition(":")
        score = _one_score(value)
        if not colon or not name.strip() or score is None:
            return None
        scores[name.strip()] = score
    return scores or None


def _one_score(text: str) -> int | None:
    text = text.strip()
    folded = text.casefold()
    if folded in SCORE_WORDS:
        return SCORE_WORDS[folded]
    match = re.fullmatch(r"(\d+)(?:[.,]0+)?\s*(?:/\s*5)?", text)
    if match:
        return int(match.group(1))
    return None
