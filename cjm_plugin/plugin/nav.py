"""The navigation for an automatic ``nav``: the site's own pages, then the maps
by type and the personas in groups, then the indexes.

MkDocs renders the whole navigation into every page, so a flat list of
thousands of maps makes every page slow; groups of ``group_size`` keep each
level small, and Material's ``navigation.prune`` then renders only the branch
that holds the current page.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import Files
from mkdocs.utils import nest_paths

from ..core.i18n import Labels
from ..core.model import MAP_TYPES
from ..core.site import INDEX_PAGES, PageSpec, index_uri

NavItem = Any


def _chunks(entries: list[tuple[str, str]], size: int) -> list[NavItem]:
    items = [{title: uri} for title, uri in entries]
    if len(items) <= size:
        return items
    groups = []
    for start in range(0, len(entries), size):
        part = entries[start:start + size]
        label = f"{_short(part[0][0])} – {_short(part[-1][0])}"
        groups.append({label: [{title: uri} for title, uri in part]})
    return groups


def _short(title: str, width: int = 18) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def build_nav(files: Files, pages: list[PageSpec], titles: dict[str, str], labels: Labels,
              types: dict[str, str], group_size: int) -> list[NavItem]:
    """``titles`` maps a page's uri to its (escaped) navigation title."""
    generated = {p.uri for p in pages}
    own = [f.src_uri for f in files.documentation_pages() if f.src_uri not in generated]
    nav: list[NavItem] = list(nest_paths(own))

    maps = sorted(((titles[p.uri], p.uri, types[p.key or ""]) for p in pages if p.kind == "map"),
                  key=lambda e: e[0].casefold())
    map_section: list[NavItem] = [{labels("all_maps"): index_uri("maps")}]
    for map_type in MAP_TYPES:
        entries = [(title, uri) for title, uri, kind in maps if kind == map_type]
        if entries:
            map_section.append({labels(f"type.{map_type}"): _chunks(entries, group_size)})
    nav.append({labels("maps"): map_section})

    personas = sorted(((titles[p.uri], p.uri) for p in pages if p.kind == "persona"),
                      key=lambda e: e[0].casefold())
    nav.append({labels("personas"): [{labels("personas"): index_uri("personas")},
                                     *_chunks(personas, group_size)]})
    for name, label in INDEX_PAGES:
        if name not in ("maps", "personas"):
            nav.append({labels(label): index_uri(name)})
    return nav
