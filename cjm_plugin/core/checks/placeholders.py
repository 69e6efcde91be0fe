"""Texts ``cjm new`` wrote for the writer to replace ("Your team", "What the customer
does"…), still there: a warning naming the field, until the writer writes their own.

The texts are :data:`cjm_plugin.core.scaffold.PLACEHOLDERS`, recognised in every
language cjm speaks (a map started in English and checked with ``--lang id`` too).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..problems import Problem, field_path
from ..source import KeyPath, SourceFile
from ..translate import _, available, catalogue


@cache
def _placeholders() -> frozenset[str]:
    from ..scaffold import PLACEHOLDERS  # scaffold imports the loader, which runs this check

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


def check_placeholders(src: SourceFile) -> list[Problem]:
    """A warning for each value that is still a text ``cjm new`` wrote."""
    known = _placeholders()
    return [src.problem(path, _("'{text}' is the example text cjm new wrote; replace it with "
                                "your own", text=text), field_name=field_path(path),
                        severity="warning", code="placeholder")
            for path, text in _texts(src.data, ()) if text.strip().casefold() in known]
