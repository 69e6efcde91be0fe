"""The handbook as a set of pages and files, independent of any site engine.

An engine adapter asks :func:`plan_pages` and :func:`plan_files` what to publish, then asks the
:class:`~cjm_plugin.core.rendering.render.Renderer` for each page's HTML, passing a
function that turns a target (``map:<id>``, ``persona:<id>``, ``page:maps``,
``file:<path>``) into a URL relative to the page being rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache as cache_once
from functools import partial
from typing import Any

from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.model.handbook import Handbook
from cjm_plugin.core.publishing import backlog_data, exports
from cjm_plugin.core.publishing.addresses import (
    BACKLOG_CSV,
    BACKLOG_DATA,
    BACKLOG_JSON,
    METRICS_CSV,
    METRICS_JSON,
    index_uri,
    map_export_uri,
    map_uri,
    persona_uri,
    target_uri,
)
from cjm_plugin.core.publishing.page_spec import PageKindName
from cjm_plugin.core.publishing.pages import INDEX_KINDS, PAGE_KINDS, PageSpec, page_parts
from cjm_plugin.core.publishing.session import SessionCache
from cjm_plugin.core.views.long_lists import LongLists

__all__ = ["ExportPlan", "PageSpec", "index_uri", "map_uri", "persona_uri", "plan_exports",
           "plan_files", "plan_pages", "target_uri"]



def plan_pages(book: Handbook, labels: Labels, lists: LongLists | None = None) -> list[PageSpec]:
    """Every generated page: the index pages, each map's and persona's page, and the
    pages that continue a long list (``core/paging.py``, rows from ``lists``, the build's)
    after the page they continue."""
    lists = lists or LongLists(book)
    pages = []
    for kind in INDEX_KINDS:
        title = labels(kind.title or kind.name)
        starts, total = page_parts(kind, lists, None)
        pages.append(PageSpec(kind.address(None), kind.name, None, title, meta=dict(kind.meta),
                              starts=starts, total=total))
        pages += continued(kind.name, None, title, (starts, total), labels, dict(kind.meta))
    for doc in book.maps.values():
        meta = {"tags": list(doc.meta.tags)} if doc.meta.tags else {}
        pages.append(PageSpec(PAGE_KINDS["map"].address(doc.id), "map", doc.id, doc.title, doc.body, meta, doc.path,
                              doc.body_line))
    persona_kind = PAGE_KINDS["persona"]
    for persona in book.personas.values():
        starts, total = parts = page_parts(persona_kind, lists, persona.id)
        pages.append(PageSpec(persona_kind.address(persona.id), "persona", persona.id, persona.name,
                              persona.body, {}, persona.path, persona.body_line, starts=starts, total=total))
        pages += continued("persona", persona.id, persona.name, parts, labels, {})
    return pages


def continued(kind: PageKindName, key: str | None, title: str, parts: tuple[tuple[int, ...], int],
              labels: Labels, meta: dict[str, Any]) -> list[PageSpec]:
    """The pages 2… of a page's long list (``parts``: where each starts, and the list's
    rows): no body of their own, titled with their number ("All maps (2 of 20)")."""
    starts, total = parts
    count = len(starts)
    return [PageSpec(PAGE_KINDS[kind].address(key, part), kind, key,
                     labels("part_title", title=title, part=part, parts=count), meta=dict(meta), part=part,
                     starts=starts, total=total)
            for part in range(2, count + 1)]


#: What an export is made from: one map (``map:<id>``), the backlog lanes of every map
#: (``backlog``), or anything in any map (``all``). The preview makes an export again
#: only when that changed.
ExportPlan = dict[str, tuple[str, Callable[[], str]]]


def plan_exports(book: Handbook, cache: SessionCache | None = None) -> ExportPlan:
    """Exports, by path, each with what it is made from and how to make it: the backlog
    and the metrics as CSV and JSON, each map as JSON. The backlog's records are made
    once for both of its exports, when the first is made; in a preview (``cache``) each
    map's encoded part is kept from the previous build while its records are equal."""
    groups = cache_once(partial(exports.backlog_groups, book, cache.backlog_records if cache is not None else None))
    files: ExportPlan = {
        BACKLOG_CSV: ("backlog", lambda: exports.backlog_csv(
            book, groups(), cache.backlog_csv if cache is not None else None)),
        BACKLOG_JSON: ("backlog", lambda: exports.backlog_json(
            book, groups(), cache.backlog_json if cache is not None else None)),
        BACKLOG_DATA: ("backlog", lambda: backlog_data.entries_json(
            book, cache.backlog_data if cache is not None else None)),
        METRICS_CSV: ("all", partial(exports.metrics_csv, book)),
        METRICS_JSON: ("all", partial(exports.metrics_json, book)),
    }
    for doc in book.maps.values():
        files[map_export_uri(doc.id)] = (f"map:{doc.id}", partial(exports.map_json, doc))
    return files


def plan_files(book: Handbook, cache: SessionCache | None = None) -> dict[str, str]:
    """Exports, by path: the backlog and the metrics as CSV and JSON, each map as JSON."""
    return {path: make() for path, (_, make) in plan_exports(book, cache).items()}
