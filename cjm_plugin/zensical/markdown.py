"""A Python-Markdown extension that puts a staged page's generated HTML around its body.

Zensical runs no third-party plugin, but it renders every page with Python-Markdown and
the extensions ``mkdocs.yml`` lists. ``cjm build --engine zensical`` stages each
generated page as its front-matter, the contributor's body, and a last line holding
the HTML the core rendered (``<!--cjm:parts …-->``, base64 JSON). This extension takes
that line out before Markdown reads the page, and once Markdown has made the body's
HTML, cleans it (``core/sanitize.py``) and puts the generated HTML around it, and the
page's sections around the body's headings in the table of contents: what the MkDocs
plugin does in ``on_page_content``. The generated HTML never passes through Markdown.

A page without that line (the site's own pages) is left alone.
"""

from __future__ import annotations

import base64
import json
import secrets
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from ..core.sanitize import clean_html

PARTS_START = "<!--cjm:parts "
PARTS_END = "-->"


def encode_parts(parts: dict[str, Any]) -> str:
    """The line a staged page ends with."""
    return PARTS_START + base64.b64encode(json.dumps(parts).encode("utf-8")).decode("ascii") + PARTS_END


def _toc_token(anchor: str, title: str) -> dict[str, Any]:
    # The title is already escaped, as Markdown's own TOC titles are.
    return {"level": 2, "id": anchor, "name": title, "html": title, "data-toc-label": "",
            "children": []}


class _TakeParts(Preprocessor):
    """Reads and removes the page's last line when it holds cjm's parts."""

    def run(self, lines: list[str]) -> list[str]:
        self.md.cjm_parts = None
        end = len(lines)
        while end and not lines[end - 1].strip():
            end -= 1
        last = lines[end - 1].strip() if end else ""
        if last.startswith(PARTS_START) and last.endswith(PARTS_END):
            encoded = last[len(PARTS_START):-len(PARTS_END)]
            self.md.cjm_parts = json.loads(base64.b64decode(encoded))
            # The toc extension runs every postprocessor on each heading's text too: the
            # parts go around the document only, which alone ends with this comment.
            end_mark = self.md.cjm_end = f"<!--cjm:end:{secrets.token_hex(8)}-->"
            return [*lines[:end - 1], "", end_mark, ""]
        return lines


class _PutParts(Postprocessor):
    """Puts the generated HTML around the body's, and its sections in the TOC."""

    def run(self, text: str) -> str:
        parts = getattr(self.md, "cjm_parts", None)
        end_mark = getattr(self.md, "cjm_end", "")
        if not parts or end_mark not in text:
            return text
        text = text.replace(end_mark, "").rstrip("\n")
        if parts.get("sanitize"):
            text = clean_html(text)
        sections = parts.get("toc", [])
        tokens = list(getattr(self.md, "toc_tokens", []))
        self.md.toc_tokens = (
            [_toc_token(a, t) for a, t, after in sections if not after] + tokens
            + [_toc_token(a, t) for a, t, after in sections if after])
        return str(parts["before"]) + text + str(parts["after"])


class CjmPagesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # First of the preprocessors (before whitespace is normalised), last of the
        # postprocessors (after the body's raw HTML is put back).
        md.preprocessors.register(_TakeParts(md), "cjm_parts", 1000)
        md.postprocessors.register(_PutParts(md), "cjm_parts", -1000)


def makeExtension(**kwargs: Any) -> CjmPagesExtension:  # noqa: N802 (Python-Markdown's name)
    return CjmPagesExtension(**kwargs)
