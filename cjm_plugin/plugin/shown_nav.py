"""What each page shows of the navigation, as one digest per page: the preview
(``mkdocs serve --dirty``) rebuilds a page when its digest changed, and no other.

Material for MkDocs with ``navigation.prune`` renders into a page only the sections
on the path to it, and those ``navigation.sections`` (or ``navigation.tabs``) keep
open; every other section is a single link, its title and the address of its first
page (``partials/nav-item.html``, ``render_pruned``). So a retitled or new map shows
on the pages of its own section, and on others only when a section's title or first
page changed (the maps' groups are labelled by their first and last titles). The
footer's previous and next links show the neighbours' titles and addresses; every
page's digest holds them.

Any other theme, Material without ``navigation.prune``, or a theme folder that
overrides the navigation's templates, renders the whole navigation into every page:
then every page has the same digest, the whole navigation's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from cjm_plugin.core.publishing.dependencies import digest

#: Material's templates that render the navigation; a theme folder overriding one may
#: render more than the pruned tree.
NAV_TEMPLATES = ("partials/nav.html", "partials/nav-item.html", "partials/tabs.html",
                 "partials/tabs-item.html", "main.html", "base.html")


def prunes(theme_name: str | None, features: Collection[str], custom_dir: str | None) -> bool:
    """Whether each page renders only its own branch of the navigation."""
    if theme_name != "material" or "navigation.prune" not in features:
        return False
    return not (custom_dir and any(Path(custom_dir, name).is_file() for name in NAV_TEMPLATES))


def _first_link(section: Section) -> str:
    """The address a pruned section links to: its first page's, however deep."""
    first = section.children[0] if section.children else None
    while isinstance(first, Section):
        first = first.children[0] if first.children else None
    return str(getattr(first, "url", "") or "")


def _entry(item: Any) -> str:
    """What an entry of an open list shows of ``item``, wherever the reader is: a page or
    link its title and address, a section its title, its first page's address, its
    index page (``navigation.indexes``) and whether it has entries (not how many: a
    closed section shows none of them)."""
    if isinstance(item, Section):
        index = next((c.url for c in item.children if isinstance(c, Page) and c.is_index), "")
        return f"S{item.title}\0{_first_link(item)}\0{index}\0{bool(item.children)}"
    if isinstance(item, Page):
        return f"P{item.title}\0{item.file.url}"
    if isinstance(item, Link):
        return f"L{item.title}\0{item.url}"
    return f"?{item!r}"


def _neighbour(page: Page | None) -> str:
    return "-" if page is None else f"{page.title}\0{page.url}"


class ShownNav:
    """Digests of one build's navigation: each open list once, then each page's."""

    def __init__(self, nav: Navigation, features: Collection[str], *, pruned: bool):
        self.nav = nav
        self.pruned = pruned
        self.tabs = "navigation.tabs" in features
        self.sections = "navigation.sections" in features
        self._lists: dict[int, bytes] = {}
        self.whole = digest(self._walk(nav.items, 0))

    def _walk(self, items: Iterable[Any], depth: int) -> list[str]:
        parts: list[str] = []
        for item in items:
            parts.append(f"{depth}{_entry(item)}")
            if isinstance(item, Section):
                parts += self._walk(item.children, depth + 1)
        return parts

    def _list(self, section: Section | None) -> bytes:
        """The entries of one open list (``None``: the top level)."""
        key = id(section)
        found = self._lists.get(key)
        if found is None:
            items = self.nav.items if section is None else section.children
            found = self._lists[key] = digest([_entry(item) for item in items])
        return found

    def _always_open(self, path: list[Section]) -> list[Section]:
        """Sections open on every page (``navigation.sections``: the top level's; with
        ``navigation.tabs`` the active tab's)."""
        if self.tabs:
            if not (self.sections and path):
                return []
            return [s for s in path[0].children if isinstance(s, Section)]
        if self.sections:
            return [s for s in self.nav.items if isinstance(s, Section)]
        return []

    def page(self, page: Page | None) -> bytes:
        """What ``page`` shows of the navigation and of its neighbours."""
        footer = [_neighbour(page.previous_page), _neighbour(page.next_page)] if page else []
        if not self.pruned:
            return digest([self.whole, *footer])
        path = [s for s in reversed(list(page.ancestors)) if isinstance(s, Section)] if page else []
        opened = {id(s): s for s in [*path, *self._always_open(path)]}
        return digest([self._list(None), *(self._list(s) for s in opened.values()), *footer])
