"""Problems found in contributors' files, located precisely enough to jump to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.characters import (
    BIDI_CONTROLS,
    CONTROLS,
    DIRECTION_MARKS,
    SEPARATORS,
    any_of,
)

#: What a message shows escaped: control characters, line separators and bidirectional
#: controls and marks (which would reorder the rest of the line on a terminal or in a CI log).
_UNPRINTABLE = any_of(CONTROLS, SEPARATORS, DIRECTION_MARKS, BIDI_CONTROLS)


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
    #: A stable name for the kind of problem (``score.range``, ``yaml.tab``…), the same
    #: in every language: for tools reading ``--format json`` or ``github``.
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def text(self) -> str:
        """The message, led by the field it is about."""
        label = self.where or self.field
        return f"{label}: {self.message}" if label else self.message

    def __str__(self) -> str:
        severity = _("error") if self.is_error else _("warning")
        return f"{self.path}:{self.line}:{self.col}: {severity}: {self.text}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "code": self.code,
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
        out.append(_named(_("stage {number}", number=parts[1] + 1), names.get((parts[1],))))
        i = 2
        if len(parts) >= 4 and parts[2] == "steps" and isinstance(parts[3], int):
            out.append(_named(_("step {number}", number=parts[3] + 1), names.get((parts[1], parts[3]))))
            i = 4
    for part in parts[i:]:
        if isinstance(part, int):
            rest.append(_("item {number}", number=part + 1))
        else:
            rest.append(str(part) if not rest else f".{part}")
    if rest:
        out.append(" ".join(r for r in rest).replace(" .", "."))
    return ", ".join(out)


def _named(what: str, name: str | None) -> str:
    if not name:
        return what
    shown = name if len(name) <= 40 else name[:39].rstrip() + "…"
    return f"{what} '{shown}'"


def field_path(parts: tuple[object, ...]) -> str:
    """Render ('stages', 0, 'steps', 1, 'score') as 'stages[0].steps[1].score'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
