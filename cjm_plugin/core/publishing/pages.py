"""The kinds of page the handbook publishes, each described once.

A :class:`PageKind` says everything the rest of cjm needs to know about one kind of
page: its template, the function that builds its template's context, whether it is an
index page (one page for the whole handbook, titled with a label), where the navigation
puts it, and which headings its template renders (its table of contents). The site plan
(``site.py``), the renderer (``render.py``), the navigation (``navigation.py``) and the
plugin read this registry and nothing else, as MkDocs' ``structure/`` package and
Material's tags plugin keep one record per thing they publish.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.publishing.addresses import index_uri, map_uri, part_uri, persona_uri
from cjm_plugin.core.publishing.dependencies import PageInputs
from cjm_plugin.core.publishing.page_spec import NavPlace, PageKindName, PageSpec
from cjm_plugin.core.publishing.paging import PAGE_ROWS, stable_cuts
from cjm_plugin.core.views import contexts
from cjm_plugin.core.views.contexts import Build, Href, Section
from cjm_plugin.core.views.long_lists import ListRow, LongLists, row_key

__all__ = ["INDEX_KINDS", "PAGE_KINDS", "NavPlace", "PageKind", "PageKindName", "PageSpec",
           "page_inputs", "page_parts"]

#: Builds a page's template context: (what the build shares, the page, its link maker).
ContextBuilder = Callable[[Build, PageSpec, Href], dict[str, Any]]
#: The headings a page's template renders, from the context it was given.
TocBuilder = Callable[[Mapping[str, Any], Labels], list[Section]]


#: What a page shows, as a digest: (the build's document digests, the page) -> digest.
InputsDigest = Callable[[PageInputs, PageSpec], bytes]
#: The rows of a page's long list, from the build's lists (the map's or persona's id,
#: ``None`` for an index page): past ``paging.PAGE_ROWS`` it continues on further pages.
ListRows = Callable[[LongLists, "str | None"], Sequence[ListRow]]


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
    #: The digest of what a page of this kind shows (``core/dependencies.py``): the
    #: preview rebuilds the page when it changes.
    inputs: InputsDigest = PageInputs.shows_everything
    #: The rows of the page's long list, cut into parts of at most ``page_rows``
    #: (``core/paging.py``); ``None``: one page, whatever its size.
    rows: ListRows | None = None
    #: The most of those rows one page shows; the parts are cut at the rows' keys
    #: (``paging.stable_cuts``), so a new map changes one part.
    page_rows: int = PAGE_ROWS

    def address(self, key: str | None, part: int = 1) -> str:
        """The page's path (``maps/<id>.md``, ``backlog/index.md``): the engine makes its
        URL from it. ``key`` is the map's or persona's id (``None`` for an index page);
        ``part`` the part of its long list (``maps/index/2.md`` continues ``maps/index.md``)."""
        if self.index:
            return part_uri(index_uri(self.name), part)
        if self.nav == "personas":
            return part_uri(persona_uri(key or ""), part)
        return part_uri(map_uri(key or ""), part)

    @property
    def index(self) -> bool:
        """One page for the whole handbook (the maps, the backlog…), not one per file."""
        return self.title is not None


#: Every kind, index pages in the order the site and its navigation list them.
PAGE_KINDS: dict[PageKindName, PageKind] = {kind.name: kind for kind in (
    PageKind("maps", "maps_index.html", contexts.maps_index, "maps", title="all_maps",
             inputs=PageInputs.maps_index, rows=lambda lists, key: lists.maps),
    PageKind("personas", "personas_index.html", contexts.personas_index, "personas", title="personas",
             inputs=PageInputs.personas_index),
    PageKind("touchpoints", "touchpoints.html", contexts.touchpoints, "own", title="touchpoints",
             inputs=PageInputs.touchpoints_index, rows=lambda lists, key: lists.touchpoints),
    # The backlog's columns need the page's full width: the table of contents is hidden
    # (its headings, the matrix and the table, are one screen apart).
    PageKind("backlog", "backlog.html", contexts.backlog, "own", title="backlog",
             toc=contexts.backlog_sections, meta={"hide": ["toc"]}, inputs=PageInputs.backlog_index),
    PageKind("insights", "insights.html", contexts.insights_page, "own", title="insights",
             toc=contexts.insights_sections, inputs=PageInputs.insights_index,
             rows=lambda lists, key: lists.insights, page_rows=contexts.INSIGHTS_ROWS),
    PageKind("reviews", "reviews.html", contexts.reviews, "own", title="reviews",
             toc=contexts.reviews_sections, inputs=PageInputs.reviews_index,
             rows=lambda lists, key: lists.reviews),
    PageKind("map", "map.html", contexts.map_page, "maps", toc=contexts.map_sections,
             inputs=PageInputs.map_page),
    PageKind("persona", "persona.html", contexts.persona_page, "personas",
             toc=contexts.persona_sections, inputs=PageInputs.persona_page,
             rows=lambda lists, key: lists.persona(key or "")),
    PageKind("broken", "problems.html", contexts.broken_page, "file", inputs=PageInputs.broken_page),
)}

#: The index pages, in the order the site lists them.
INDEX_KINDS: tuple[PageKind, ...] = tuple(k for k in PAGE_KINDS.values() if k.index)


def page_parts(kind: PageKind, lists: LongLists, key: str | None) -> tuple[tuple[int, ...], int]:
    """Where each part of a page of ``kind``'s long list starts, and how many rows it
    has (``core/paging.py``); ``((), 0)`` for a kind without one: one page."""
    if kind.rows is None:
        return (), 0
    rows = kind.rows(lists, key)
    return tuple(stable_cuts(rows, kind.page_rows, row_key)), len(rows)


def page_inputs(inputs: PageInputs, spec: PageSpec) -> bytes:
    """The digest of everything ``spec``'s page shows, as its kind computes it."""
    return PAGE_KINDS[spec.kind].inputs(inputs, spec)
