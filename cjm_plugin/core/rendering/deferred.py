"""Parts of a generated page that search never reads, kept out of the search plugin's way.

Material's search plugin parses every page's HTML with Python's ``html.parser`` and then
drops what it must not index (``data-search-exclude``, or markup without text). On a map
page most tags are such parts: the journey diagram's Mermaid text, the drawn faces, the
emotion curve, the grid's frame and its step markers. Parsing them was about half of the
search plugin's time, itself half of a build (bench/README.md).

The templates mark such a part with ``<!--cjm-later-->…<!--/cjm-later-->``. The plugin
takes the parts out of the page content it hands to MkDocs (leaving a numbered
placeholder, a comment the parser skips at once) and puts them back into the finished
HTML. The page a reader gets is the same, byte for byte; so is the search index, as long
as a marked part has no text search would keep.

Only the plugin's own rendered HTML is split: a contributor's Markdown body never is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

START = "<!--cjm-later-->"
END = "<!--/cjm-later-->"
_PLACEHOLDER = re.compile(r"<!--cjm-later:(\d+)-->")


@dataclass
class Deferred:
    """The parts taken out of one page, in order; their placeholders hold their index."""

    parts: list[str] = field(default_factory=list)

    def take_out(self, html: str) -> str:
        """``html`` with each marked part replaced by its placeholder (markers dropped)."""
        return _each_marked_part(html, self._keep)

    def _keep(self, part: str) -> str:
        self.parts.append(part)
        return f"<!--cjm-later:{len(self.parts) - 1}-->"

    def put_back(self, html: str) -> str:
        """The finished page with every placeholder replaced by its part."""
        if not self.parts:
            return html
        return _PLACEHOLDER.sub(lambda m: self._part(int(m.group(1))), html)

    def _part(self, index: int) -> str:
        return self.parts[index] if index < len(self.parts) else ""


_START_TAG = re.compile(r"<[a-zA-Z][\w:-]*(?=[\s/>])")


def excluded_from_search(html: str) -> str:
    """``html`` with each marked part's outermost elements carrying
    ``data-search-exclude`` (markers kept), for an engine whose search reads the page as
    written (Zensical): its search then skips what the MkDocs plugin keeps out of the
    search plugin's way, each marked element with all it holds. Only the outermost: a
    map page's marked parts hold ~500 elements, and marking each of them made the HTML
    Zensical reads 10 MB larger at 1,000 maps. A part with text outside any element gets
    every element marked (its loose text is indexed either way). Generated HTML only:
    its text is escaped, so every ``<`` left starts a tag or a comment."""
    return _each_marked_part(html, lambda part: START + _outermost_excluded(part) + END)


#: A start tag (group 1 its name, 2 "/" when it closes itself), an end tag, or a comment.
_TAG = re.compile(r"<!--.*?-->|</[a-zA-Z][\w:-]*\s*>|<([a-zA-Z][\w:-]*)(?=[\s/>])[^>]*?(/?)>", re.S)
#: Elements without an end tag.
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


def _outermost_excluded(part: str) -> str:
    """``part`` with its outermost elements marked (:func:`excluded_from_search`); every
    element, if it has loose text or its tags do not nest."""
    out: list[str] = []
    depth = at = 0
    for tag in _TAG.finditer(part):
        text, whole, name = part[at:tag.start()], tag.group(0), tag.group(1)
        if depth < 0 or (depth == 0 and text.strip()):
            return _START_TAG.sub(_excluded, part)
        if name is None:  # an end tag or a comment
            depth -= whole.startswith("</")
        else:
            if depth == 0:
                whole = f"{whole[:len(name) + 1]} data-search-exclude{whole[len(name) + 1:]}"
            depth += not tag.group(2) and name.lower() not in _VOID
        out += (text, whole)
        at = tag.end()
    if depth != 0 or part[at:].strip():
        return _START_TAG.sub(_excluded, part)
    return "".join(out) + part[at:]


def _excluded(tag: re.Match[str]) -> str:
    # A function, not a template ("<\\1 …"): Python 3.11 expands a template per match,
    # which took 1.6 times as long on a 1,000-map handbook.
    return tag.group(0) + " data-search-exclude"


def _each_marked_part(html: str, replace: Callable[[str], str]) -> str:
    """``html`` with each part between the markers, markers included, replaced by
    ``replace(part)``; an unclosed marker (a site's template) is left as it is."""
    if START not in html:
        return html
    pieces = html.split(START)
    out = [pieces[0]]
    for piece in pieces[1:]:
        part, found, rest = piece.partition(END)
        if not found:
            out.append(START + piece)
            continue
        out.append(replace(part))
        out.append(rest)
    return "".join(out)
