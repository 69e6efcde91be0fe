"""Cleaning the HTML that a map's or persona's Markdown body turns into.

Markdown lets a body hold raw HTML: ``<script>``, ``onerror=`` attributes and
``javascript:`` links would run in every reader's browser. The body's HTML is
cleaned with nh3 (the Python binding of the Rust ``ammonia`` sanitiser, an
allow-list parser that is fast and well kept; ``bleach`` is deprecated): what
Markdown and its usual extensions write (headings with permalinks, tables,
admonitions, footnotes, code, task lists, tabs, details) is kept; scripts,
styles, frames, forms, event attributes and links other than http(s), mailto,
tel and relative ones are removed.

A body draws no diagram: the class ``mermaid`` is removed, so a ```` ```mermaid ````
fence or a ``<pre class="mermaid">`` in a body stays text. Mermaid lays a diagram out
in the reader's browser, and forty dense flowcharts kept one busy for minutes; the
map's own diagrams are made by cjm from its stages, within its limits.
"""

from __future__ import annotations

import nh3

#: Tags Markdown and the common extensions produce, beyond nh3's defaults.
_EXTRA_TAGS = {"input", "label", "caption", "tfoot"}
#: Attributes every kept tag may carry: styling hooks and accessibility.
_GENERIC = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden",
            "aria-describedby", "aria-labelledby"}
_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "img": {"src", "alt", "width", "height", "loading", "title"},
    "a": {"href", "hreflang", "title"},
    "input": {"type", "checked", "disabled", "name"},
    "label": {"for"},
    "details": {"open"},
    "time": {"datetime"},
    "ol": {"start", "type", "reversed"},
}
_ATTRIBUTES["*"] = _GENERIC
_SCHEMES = {"http", "https", "mailto", "tel"}
#: Classes a body may not use: Material renders every ``pre.mermaid`` as a diagram.
_REFUSED_CLASSES = frozenset({"mermaid"})


def _attribute(tag: str, name: str, value: str) -> str | None:
    """An attribute's value as kept: ``class`` without the refused classes."""
    if name != "class":
        return value
    kept = [c for c in value.split() if c.lower() not in _REFUSED_CLASSES]
    return " ".join(kept) or None


def clean_html(html: str) -> str:
    """``html`` with everything that could run script or load frames removed."""
    return nh3.clean(html, tags=set(nh3.ALLOWED_TAGS) | _EXTRA_TAGS, attributes=_ATTRIBUTES,
                     url_schemes=_SCHEMES, link_rel=None, strip_comments=True,
                     attribute_filter=_attribute)
