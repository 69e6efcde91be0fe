"""The kinds of page the handbook publishes, each described once.

A :class:`PageKind` says everything the rest of cjm needs to know about one kind of
page: its template, the function that builds its template's context, whether it is an
index page (one page for the whole handbook, titled with a label), where the navigation
puts it, and which headings its template renders (its table of contents). The site plan
(``site.py``), the renderer (``render.py``), the navigation (``plugin/nav.py``) and the
plugin read this registry and nothing else, as MkDocs' ``structure/`` package and
Material's tags plugin keep one record per thing they publish.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from . import contexts
from .contexts import Build, Href, Section
from .i18n import Labels

#: Every kind of page. ``broken`` is the preview's page of a file that has errors.
PageKindName = Literal["map", "persona", "maps", "personas", "touchpoints", "backlog",
                       "insights", "reviews", "broken"]

#: Where the automatic navigation lists a kind's pages: in the maps section (map pages by
#: type, after the maps index), in the personas section, as an entry of its own after
#: those sections, or where the file's page would be (``broken``: see the plugin).
NavPlace = Literal["maps", "personas", "own", "file"]



@dataclass(frozen=True)
class PageSpec:
    """A page to publish: its source path, what it shows and its front-matter."""

    uri: str
    kind: PageKindName
    #: The map's or persona's id; ``None`` for an index page.
    key: str | None
    title: str
    body: str = ""
    meta: dict = field(default_factory=dict, hash=False, compare=False)
    #: The contributor's file the page comes from (as the loader shows paths), if any.
    source: str | None = None
    #: The line of that file where the Markdown body starts (for located messages).
    body_line: int = 1


#: Builds a page's template context: (what the build shares, the page, its link maker).
ContextBuilder = Callable[[Build, PageSpec, Href], dict[str, Any]]
#: The headings a page's template renders, from the context it was given.
TocBuilder = Callable[[Mapping[str, Any], Labels], list[Section]]


def _no_sections(context: Mapping[str, Any], labels: Labels) -> list[Section]:
    return []


@dataclass(frozen=True)
class PageKind:
    """One kind of page: what renders it and where it is listed."""

    name: PageKindName
    #: The template, in ``core/templates/``; a site overrides it with a file of that name.
    template: str
    context: ContextBuilder
    nav: NavPlace
    #: An index page's title (a label key); ``None``: one page per map or persona file.
    title: str | None = None
    #: The headings its template renders, in page order (``Section.after_body``: below
    #: the contributor's Markdown), for the page's table of contents.
    toc: TocBuilder = _no_sections
    #: Front-matter every page of this kind gets, e.g. Material's ``hide: [toc]``.
    meta: Mapping[str, Any] = field(default_factory=dict)

    @property
    def index(self) -> bool:
        """One page for the whole handbook (the maps, the backlog…), not one per file."""
        return self.title is not None


#: Every kind, index pages in the order the site and its navigation list them.
PAGE_KINDS: dict[PageKindName, PageKind] = {kind.name: kind for kind in (
    PageKind("maps", "maps_index.html", contexts.maps_index, "maps", title="all_maps"),
    PageKind("personas", "personas_index.html", contexts.personas_index, "personas", title="personas"),
    PageKind("touchpoints", "touchpoints.html", contexts.touchpoints, "own", title="touchpoints"),
    # The backlog's columns need the page's full width: the table of contents is hidden
    # (its headings, the matrix and the table, are one screen apart).
    PageKind("backlog", "backlog.html", contexts.backlog, "own", title="backlog",
             toc=contexts.backlog_sections, meta={"hide": ["toc"]}),
    PageKind("insights", "insights.html", contexts.insights_page, "own", title="insights",
             toc=contexts.insights_sections),
    PageKind("reviews", "reviews.html", contexts.reviews, "own", title="reviews",
             toc=contexts.reviews_sections),
    PageKind("map", "map.html", contexts.map_page, "maps", toc=contexts.map_sections),
    PageKind("persona", "persona.html", contexts.persona_page, "personas",
             toc=contexts.persona_sections),
    PageKind("broken", "problems.html", contexts.broken_page, "file"),
)}

#: The index pages, in the order the site lists them.
INDEX_KINDS: tuple[PageKind, ...] = tuple(k for k in PAGE_KINDS.values() if k.index)
