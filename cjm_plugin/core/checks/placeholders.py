"""Scores left for the writer to set: a score whose line carries a ``# TODO`` comment
(``cjm import`` writes one for a step the sheet gave no score) is a placeholder, and
gets a warning at the score until the comment is removed."""

from __future__ import annotations

import re

from ..problems import Problem, field_path
from ..source import SourceFile

_LINES = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_TODO = re.compile(r"\s#\s*TODO\b", re.IGNORECASE)


def check_placeholder_scores(src: SourceFile, text: str) -> list[Problem]:
    """A warning for each step score written ``score: 3  # TODO …``."""
    lines: list[str] | None = None
    found: list[Problem] = []
    for path, pos in src.value_positions.items():
        if len(path) != 5 or path[0] != "stages" or path[2] != "steps" or path[4] != "score":
            continue
        if lines is None:
            if "TODO" not in text.upper():
                return []
            lines = _LINES.split(text)
        line = lines[pos.line - 1] if 0 < pos.line <= len(lines) else ""
        if _TODO.search(line[pos.col - 1:]):
            found.append(src.problem(
                path, "the score is a placeholder: set the step's emotion from 1 (very negative) "
                "to 5 (very positive), then remove the '# TODO' comment",
                field_name=field_path(path), severity="warning"))
    return found
