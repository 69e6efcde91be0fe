"""Placeholders left for the writer to replace, each a warning naming its field until it is:

* texts ``cjm new`` wrote ("Your team", "What the customer does"…): the texts are
  :data:`cjm_plugin.core.writing.scaffold.PLACEHOLDERS`, recognised in every language cjm
  speaks (a map started in English and checked with ``--lang id`` too);
* scores ``cjm import`` wrote for a step the sheet gave none: a score whose line carries
  a ``# TODO`` comment, until the comment is removed.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from cjm_plugin.core.language.translate import _, available, catalogue
from cjm_plugin.core.model.characters import YAML_LINE_BREAKS, any_of
from cjm_plugin.core.reading.source import KeyPath
from cjm_plugin.core.reporting.problems import Problem, field_path

from .inputs import FileInput

#: The persona id ``cjm new`` and ``cjm import`` write when none is given: the persona
#: check (:mod:`.references`) asks the writer to replace it.
PERSONA_TODO = "TODO-persona-id"

_LINES = re.compile("\r\n|" + any_of(YAML_LINE_BREAKS).pattern)
_TODO = re.compile(r"\s#\s*TODO\b", re.IGNORECASE)


@cache
def _placeholders() -> frozenset[str]:
    from cjm_plugin.core.writing.scaffold import (
        PLACEHOLDERS,  # scaffold imports the loader, which runs this check
    )

    return frozenset(catalogue(code).gettext(text).casefold()
                     for text in PLACEHOLDERS for code in ("en", *available()))


def _texts(value: Any, path: KeyPath) -> list[tuple[KeyPath, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _texts(item, (*path, key))]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _texts(item, (*path, i))]
    return []


def check_placeholders(file: FileInput) -> list[Problem]:
    """A warning for each value that is still a text ``cjm new`` wrote."""
    known = _placeholders()
    src = file.src
    return [src.problem(path, _("'{text}' is the example text cjm new wrote; replace it with "
                                "your own", text=text), field_name=field_path(path),
                        severity="warning", code="placeholder")
            for path, text in _texts(src.data, ()) if text.strip().casefold() in known]


def check_placeholder_scores(file: FileInput) -> list[Problem]:
    """A warning for each step score written ``score: 3  # TODO …``."""
    src, text = file.src, file.text
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
                path, _("the score is a placeholder: set the step's emotion from 1 (very negative) "
                        "to 5 (very positive), then remove the '# TODO' comment"),
                field_name=field_path(path), severity="warning", code="placeholder.score"))
    return found
