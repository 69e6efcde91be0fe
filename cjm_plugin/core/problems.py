"""Problems found in contributors' files, located precisely enough to jump to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with its line breaks and other control characters shown as ``\\n``,
    ``\\x1b`` and the like: a key or value quoted in a message may hold one, every
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

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def text(self) -> str:
        """The message, led by the field it is about."""
        return f"{self.field}: {self.message}" if self.field else self.message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.text}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
        }


class ProblemsFound(Exception):
    """Raised where a caller asked for failure on errors (strict builds)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def field_path(parts: tuple[object, ...]) -> str:
    """Render ('stages', 0, 'steps', 1, 'score') as 'stages[0].steps[1].score'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
