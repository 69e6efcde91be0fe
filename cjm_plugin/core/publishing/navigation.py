"""Navigation for the generated pages, for any engine.

MkDocs renders the whole navigation into every page, so a flat list of
thousands of maps makes every page slow; groups of ``group_size`` keep each
level small, and Material's ``navigation.prune`` then renders only the branch
that holds the current page.

* With no ``nav:`` in mkdocs.yml, the site's own pages come first, then the maps
  by type, the personas, and the index pages.
* A hand-written ``nav:`` is kept, except that a section whose only entry is
  ``maps/index.md`` (or ``personas/index.md``) is filled with the maps by type
  (or the personas): ``- Journey maps: [maps/index.md]``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from markupsafe import escape

from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.model.handbook import title_order
from cjm_plugin.core.model.model import MAP_TYPES
from cjm_plugin.core.publishing.pages import INDEX_KINDS, PAGE_KINDS, PageKindName
from cjm_plugin.core.publishing.paging import part_ranges
from cjm_plugin.core.publishing.site import PageSpec, index_uri

NavItem = Any


def _short(title: str, width: int = 18) -> str:
    """An escaped nav title cut to ``width`` characters as the reader sees them: cut
    before escaping, so that an entity ("&amp;") is never cut in half."""
    text = html.unescape(title)
    return title if len(text) <= width else str(escape(text[: width - 1].rstrip() + "…"))


def _chunks(entries: list[tuple[str, str]], size: int) -> list[NavItem]:
    """``{title: uri}`` items, split into alphabetical groups of at most ``size`` past
    ``size``, cut at entries their page's address picks (``paging.stable_cuts``): a
    new, removed or retitled map changes its own group, and the labels of the others
    (shown on every page of the section) stay as they were, so the preview does not
    rebuild the whole section (issue 22)."""
    if len(entries) <= size:
        return [{title: uri} for title, uri in entries]
    groups = []
    for start, stop in part_ranges([uri for _, uri in entries], size):
        part = entries[start:stop]
        label = f"{_short(part[0][0])} – {_short(part[-1][0])}"
        groups.append({label: [{title: uri} for title, uri in part]})
    return groups


class NavBuilder:
    """The generated sections; ``titles`` are the pages' (escaped) nav titles."""

    def __init__(self, pages: list[PageSpec], titles: dict[str, str], labels: Labels,
                 types: Mapping[str, str], group_size: int):
        self.pages = pages
        self.titles = titles
        self.labels = labels
        self.types = types
        self.group_size = max(1, group_size)

    def _sorted(self, kind: PageKindName, map_type: str | None = None) -> list[tuple[str, str]]:
        """(nav title, page) of one kind, in the handbook's order (a broken file's page
        among them, where its title puts it)."""
        # The pages that continue a long list (core/paging.py) are linked from its first
        # page, not listed.
        pages = [p for p in self.pages if p.kind == kind and p.part == 1
                 and (map_type is None or self.types[p.key or ""] == map_type)]
        return [(self.titles[p.uri], p.uri) for p in sorted(pages, key=lambda p: title_order(p.title))]

    def _index(self, name: PageKindName) -> NavItem:
        """An index page's entry, titled as the page (``pages.PAGE_KINDS``)."""
        return {self.labels(PAGE_KINDS[name].title or name): index_uri(name)}

    def maps(self) -> list[NavItem]:
        section: list[NavItem] = [self._index("maps")]
        for map_type in MAP_TYPES:
            entries = self._sorted("map", map_type)
            if entries:
                section.append({self.labels(f"type.{map_type}"): _chunks(entries, self.group_size)})
        return section

    def personas(self) -> list[NavItem]:
        return [self._index("personas"), *_chunks(self._sorted("persona"), self.group_size)]

    def automatic(self, own: list[str]) -> list[NavItem]:
        """The whole navigation: ``own`` (the site's own pages, in the engine's order,
        generated ones left out) nested by folder, then the generated sections."""
        nav: list[NavItem] = list(nest_paths(own))
        nav.append({self.labels("maps"): self.maps()})
        nav.append({self.labels("personas"): self.personas()})
        # The index pages that head no section: an entry each, in the registry's order.
        nav += [self._index(kind.name) for kind in INDEX_KINDS if kind.nav == "own"]
        return nav

    def fill(self, nav: Any) -> Any:
        """A hand-written nav with its placeholder sections filled in."""
        fillers = {index_uri("maps"): self.maps, index_uri("personas"): self.personas}
        if isinstance(nav, list):
            return [self.fill(item) for item in nav]
        if isinstance(nav, dict):
            out = {}
            for title, value in nav.items():
                # Only a section of one page path is a placeholder; a section of one
                # titled page or subsection (a dict or list) is kept as written.
                if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str) \
                        and value[0] in fillers:
                    out[title] = fillers[value[0]]()
                else:
                    out[title] = self.fill(value)
            return out
        return nav


def _dirname_to_title(dirname: str) -> str:
    """A section's title from its folder's name, as MkDocs makes it."""
    title = dirname.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def nest_paths(paths: list[str]) -> list[NavItem]:
    """Page paths nested into sections by folder, as MkDocs' automatic navigation does."""
    nested: list[NavItem] = []
    for path in paths:
        branch = nested
        for part in PurePosixPath(path).parent.parts:
            key = _dirname_to_title(part)
            for node in branch:
                if isinstance(node, dict) and key in node:
                    branch = node[key]
                    break
            else:
                new: list[NavItem] = []
                branch.append({key: new})
                branch = new
        branch.append(path)
    return nested
