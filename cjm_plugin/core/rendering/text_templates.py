"""Jinja environments for templates that write plain text, not HTML: the starting files
of `cjm new` (YAML) and the summary of `cjm diff` (Markdown). One set of settings, so
both keep their blank lines and fail on a missing value alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


def text_environment(folder: str, finalize: Callable[[Any], Any] | None = None) -> Environment:
    """The environment of ``core/templates/<folder>``. Nothing is escaped as HTML: each
    kind escapes its values its own way (``finalize``, or a filter in the template)."""
    return Environment(
        loader=PackageLoader("cjm_plugin.core", f"templates/{folder}"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=finalize,
    )
