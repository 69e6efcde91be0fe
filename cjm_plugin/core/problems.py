"""Problems found in contributors' files, located precisely enough to jump to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

#: Control characters, line separators and bidirectional controls (which would reorder
#: the rest of the line on a terminal or in a CI log).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e"
                          "\u2066-\u2069]")


def one_line(text: str) -> str:
    """``text`` with its line breaks, bidirectional and other control characters shown as
    ``\\n``, ``\\x1b``, ``\\u202e`` and the like: a key or value quoted in a message may hold one, every
    problem must stay one line, and none may forge a CI log line or a terminal colour."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, pointing at the line and column to fix."""

    path: str
    line: int = 1
    col: int = 1
    message: str = ""
    field: str = ""
    severity: Severity = "error"
    #: The field as a person names it ("stage 2 'Registration', step 1 'Pays', score");
    #: ``field`` keeps the machine path (``stages[1].steps[0].score``) for tools.
    where: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def text(self) -> str:
        """The message, led by the field it is about."""
        label = self.where or self.field
        return f"{label}: {self.message}" if label else self.message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.text}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "field": self.field,
            "where": self.where or self.field,
            "message": self.message,
        }



def human_path(parts: tuple[object, ...], names: dict[tuple[int, ...], str]) -> str:
    """Render ('stages', 1, 'steps', 0, 'score') as "stage 2 'Registration', step 1
    'Enters phone number', score": counted from one, with the names the file gives
    (``names`` maps (stage,) and (stage, step) indexes to them)."""
    out: list[str] = []
    rest: list[str] = []
    i = 0
    if len(parts) >= 2 and parts[0] == "stages" and isinstance(parts[1], int):
        out.append(_named("stage", parts[1], names.get((parts[1],))))
        i = 2
        if len(parts) >= 4 and parts[2] == "steps" and isinstance(parts[3], int):
            out.append(_named("step", parts[3], names.get((parts[1], parts[3]))))
            i = 4
    for part in parts[i:]:
        if isinstance(part, int):
            rest.append(f"item {part + 1}")
        else:
            rest.append(str(part) if not rest else f".{part}")
    if rest:
        out.append(" ".join(r for r in rest).replace(" .", "."))
    return ", ".join(out)


def _named(what: str, index: int, name: str | None) -> str:
    if not name:
        return f"{what} {index + 1}"
    shown = name if len(name) <= 40 else name[:39].rstrip() + "…"
    return f"{what} {index + 1} '{shown}'"


def field_path(parts: tuple[object, ...]) -> str:
    """Render ('stages', 0, 'steps', 1, 'score') as 'stages[0].steps[1].score'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
