"""A Python-Markdown extension that puts a staged page's generated HTML around its body.

Zensical runs no third-party plugin, but it renders every page with Python-Markdown and
the extensions ``mkdocs.yml`` lists. ``cjm build --engine zensical`` stages each
generated page as its front-matter, the contributor's body, and a last line naming the
file that holds the HTML the core rendered (``<!--cjm:parts maps/x.md DIGEST-->``; the
file is ``<parts_dir>/maps/x.md.parts``, outside the docs folder, so Zensical never reads
those megabytes as Markdown; the digest changes the page whenever its HTML changes, so
Zensical's cache stays right). This extension takes that line out before Markdown reads
the page, and once Markdown has made the body's
HTML, cleans it (``core/rendering/sanitize.py``) and puts the generated HTML around it, and the
page's sections around the body's headings in the table of contents: what the MkDocs
plugin does in ``on_page_content``. The generated HTML never passes through Markdown.

A page without that line (the site's own pages) is left alone.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from cjm_plugin.core.rendering.sanitize import clean_html

PARTS_START = "<!--cjm:parts "
PARTS_END = "-->"


def encode_parts(parts: dict[str, Any]) -> bytes:
    """The parts file's content: a line of JSON (the table of contents, whether to clean
    the body, the length of ``before``), then the HTML before and after the body as is.
    Not all JSON: escaping every quote of ~70 MB of HTML, and reading it back, took
    about 1.5 s of a 1,000-map build (bench/README.md)."""
    before, after = str(parts["before"]), str(parts["after"])
    header = {key: value for key, value in parts.items() if key not in ("before", "after")}
    header["before_length"] = len(before)
    return (json.dumps(header, ensure_ascii=False) + "\n" + before + after).encode("utf-8")


def decode_parts(content: bytes) -> dict[str, Any]:
    """The parts as :func:`encode_parts` was given them."""
    header, _, html = content.decode("utf-8").partition("\n")
    parts: dict[str, Any] = json.loads(header)
    length = parts.pop("before_length")
    parts["before"], parts["after"] = html[:length], html[length:]
    return parts


def parts_line(uri: str, content: bytes) -> str:
    """The line a staged page ends with: the page's path and its parts' digest."""
    return f"{PARTS_START}{uri} {hashlib.sha256(content).hexdigest()[:32]}{PARTS_END}"


def read_parts(parts_dir: Path, line: str) -> dict[str, Any] | None:
    """The parts a page's last line names, read from ``parts_dir`` only, or None."""
    uri, _, _ = line[len(PARTS_START):-len(PARTS_END)].partition(" ")
    base = parts_dir.resolve()
    path = (base / f"{uri}.parts").resolve()
    if not uri or not path.is_relative_to(base) or not path.is_file():
        return None
    return decode_parts(path.read_bytes())


def _toc_token(anchor: str, title: str) -> dict[str, Any]:
    # The title is already escaped, as Markdown's own TOC titles are.
    return {"level": 2, "id": anchor, "name": title, "html": title, "data-toc-label": "",
            "children": []}


@dataclass
class _PageParts:
    """What the two processors of one Markdown instance share about its current page."""

    parts_dir: str
    #: The parts the page's last line names, or None (not a staged generated page).
    parts: dict[str, Any] | None = None
    #: The comment put where the body ends; only the document, not a heading, holds it.
    end_mark: str = ""


class _TakeParts(Preprocessor):
    """Reads and removes the page's last line when it holds cjm's parts."""

    def __init__(self, md: Markdown, page: _PageParts) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        page = self.page
        page.parts = None
        end = len(lines)
        while end and not lines[end - 1].strip():
            end -= 1
        last = lines[end - 1].strip() if end else ""
        if page.parts_dir and last.startswith(PARTS_START) and last.endswith(PARTS_END):
            page.parts = read_parts(Path(page.parts_dir), last)
            # The toc extension runs every postprocessor on each heading's text too: the
            # parts go around the document only, which alone ends with this comment.
            end_mark = page.end_mark = f"<!--cjm:end:{secrets.token_hex(8)}-->"
            return [*lines[:end - 1], "", end_mark, ""]
        return lines


class _PutParts(Postprocessor):
    """Puts the generated HTML around the body's, and its sections in the TOC."""

    def __init__(self, md: Markdown, page: _PageParts) -> None:
        super().__init__(md)
        self.page = page

    def run(self, text: str) -> str:
        parts, end_mark = self.page.parts, self.page.end_mark
        if not parts or end_mark not in text:
            return text
        text = text.replace(end_mark, "").rstrip("\n")
        if parts.get("sanitize"):
            text = clean_html(text)
        sections = parts.get("toc", [])
        tokens = list(getattr(self.md, "toc_tokens", []))
        # toc_tokens is the toc extension's attribute, which Markdown's type does not declare.
        setattr(self.md, "toc_tokens", (  # noqa: B010
            [_toc_token(a, t) for a, t, after in sections if not after] + tokens
            + [_toc_token(a, t) for a, t, after in sections if after]))
        return str(parts["before"]) + text + str(parts["after"])


class CjmPagesExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"parts_dir": ["", "the stage's folder of parts files"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        page = _PageParts(parts_dir=str(self.getConfig("parts_dir") or ""))
        # First of the preprocessors (before whitespace is normalised), last of the
        # postprocessors (after the body's raw HTML is put back).
        md.preprocessors.register(_TakeParts(md, page), "cjm_parts", 1000)
        md.postprocessors.register(_PutParts(md, page), "cjm_parts", -1000)


def makeExtension(**kwargs: Any) -> CjmPagesExtension:  # noqa: N802 (Python-Markdown's name)
    return CjmPagesExtension(**kwargs)
