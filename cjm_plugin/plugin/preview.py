"""The incremental preview (``mkdocs serve --dirty``): what one save rebuilds.

MkDocs' dirty mode rebuilds a page when ``File.is_modified()`` says so, and a file
with in-memory content always says so: every generated page would be rendered on
every save. Generated pages here are :class:`PreviewFile`s, modified only when the
digest of what they show (:mod:`cjm_plugin.core.publishing.dependencies`) changed since the
previous build of this ``serve`` session. MkDocs keeps a plugin that defines
``on_startup`` across rebuilds, so :class:`PreviewState` lives on the plugin.

Whatever every page shows (the site's configuration, cjm's templates and labels,
the date that review states are judged on) is fingerprinted too: when it changes,
every page is rebuilt, hand-written ones included. What a page shows of the
navigation (:mod:`.shown_nav`) is fingerprinted per page: with Material's
``navigation.prune`` a new or retitled map rebuilds its own section's pages, not
every page.

Two things dirty mode gets wrong on its own, made right here:

* the search index: Material's search plugin indexes only the pages built in this
  build and merges them into the previous index assuming one page was rebuilt
  (and a deleted page is never dropped). :meth:`PreviewState.merge_search` keeps
  each page's entries and writes the whole index after every build;
* the output of a page or export that no longer exists stays in the site folder
  and would still be served: it is deleted.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from cjm_plugin.core.publishing.dependencies import digest
from cjm_plugin.core.publishing.session import SessionCache

from .shown_nav import ShownNav, prunes

SEARCH_INDEX = "search/search_index.json"


class PreviewFile(File):
    """A generated file that is rebuilt in a dirty build only when it changed."""

    changed: bool = True
    #: What the page shows of its own inputs is as at the previous build (its digest is
    #: equal): if it is rebuilt, it is for its navigation, and its content is kept.
    same_content: bool = False

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


def link_name(uri: str) -> str:
    """What a Markdown link to the page at ``uri`` must contain for MkDocs to make it the
    page's address: its file's name (``golf.md``; ``maps/index.md`` for an index page,
    also reached as ``../index.md``, so just ``index.md``). The name with its ``.md``: a
    new part of a long list (``touchpoints/index/5.md``) must not rebuild every page
    that mentions the number 5."""
    return PurePosixPath(uri).name


def _always_modified() -> bool:
    return True


def fingerprint(parts: Iterable[str | bytes]) -> bytes:
    """One digest of ``parts`` (the same as the pages' digests)."""
    return digest(parts)


def folder_state(folder: Path | None) -> list[str]:
    """Names, sizes and modification times of the files under ``folder``: a site's
    own templates or labels changing must rebuild every page."""
    if folder is None or not folder.is_dir():
        return []
    out = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        out.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return out


class PreviewState:
    """What one ``mkdocs serve`` session remembers from build to build (the plugin makes
    one when the session starts); all of it but :attr:`cache` only with ``--dirty``."""

    def __init__(self) -> None:
        #: Digest of what each generated file showed at the previous build, by path.
        self.digests: dict[str, bytes] = {}
        self.site_key: bytes | None = None
        #: What each page showed of the navigation at the previous build, by path.
        self.nav_keys: dict[str, bytes] = {}
        #: The documentation pages (by path) of the previous build.
        self.page_uris: set[str] = set()
        #: Exports kept as bytes with the digest of their inputs, so an unchanged map's
        #: JSON is neither made nor written again.
        self.exports: dict[str, tuple[bytes, bytes]] = {}
        #: Each generated page's finished content (compressed) and table of contents,
        #: with the digest of its inputs, by path: a page rebuilt for its navigation alone
        #: gets them back (:meth:`reuses`).
        self.kept_pages: dict[str, tuple[bytes, bytes, Any]] = {}
        #: Search entries of each page (by its URL), as the search plugin made them.
        self.search: dict[str, list[dict[str, Any]]] = {}
        #: Files written by earlier builds (absolute paths): pages and exports.
        self.outputs: set[str] = set()
        #: The core's caches (each file's parse, the backlog's rows and exports by map):
        #: made with the session, passed down to the loader, renderer and exports.
        self.cache = SessionCache()
        #: A page's Markdown made from a key (its spec), kept while the key is equal.
        self.memos: dict[str, tuple[object, str]] = {}
        self._env: tuple[bytes, Any] | None = None
        #: This build: whether everything is rebuilt, and the pages built so far.
        self.everything = True
        self.built: set[str] = set()
        self.builds = 0

    # -- before the pages ------------------------------------------------------------
    def start(self, site_key: bytes) -> None:
        """A new build; everything is rebuilt on the first one or when the site changed."""
        self.everything = self.site_key != site_key or self.builds == 0
        self.site_key = site_key
        self.built = set()
        self.builds += 1

    def mark(self, file: PreviewFile, digest: bytes) -> None:
        """Whether ``file`` changed since the previous build, from its inputs' digest."""
        file.changed = self.everything or self.digests.get(file.src_uri) != digest
        file.same_content = not file.changed
        self.digests[file.src_uri] = digest

    def export(self, key: str, digest: bytes, make: Any) -> tuple[bytes, bool]:
        """An export's bytes (made again only when its inputs changed) and whether they
        changed."""
        kept = self.exports.get(key)
        if kept is not None and kept[0] == digest:
            return kept[1], self.everything
        content = make().encode("utf-8")
        changed = kept is None or kept[1] != content or self.everything
        self.exports[key] = (digest, content)
        return content, changed

    def keep_environment(self, site_key: bytes, env: Any) -> Any:
        """The Jinja environment of the previous build while the site is the same (its
        templates stay compiled), given this build's globals (labels, flags)."""
        if self._env is not None and self._env[0] == site_key:
            self._env[1].globals.update(env.globals)
            return self._env[1]
        self._env = (site_key, env)
        return env

    def memo(self, name: str, key: object, make: Callable[[], str]) -> str:
        kept = self.memos.get(name)
        if kept is not None and kept[0] == key:
            return kept[1]
        value = make()
        self.memos[name] = (key, value)
        return value

    def forget_others(self, keys: set[str]) -> None:
        """Drop what was kept for files that are gone (memory stays flat over a session)."""
        for key in [k for k in self.memos if k not in keys]:
            del self.memos[key]
        for key in [k for k in self.digests if k not in keys]:
            del self.digests[key]
        for key in [k for k in self.exports if k not in keys]:
            del self.exports[key]
        for key in [k for k in self.kept_pages if k not in keys]:
            del self.kept_pages[key]

    def check_nav(self, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
        """Give unread hand-written pages their titles (a dirty build reads only the
        pages it rebuilds, and a page shows others' titles in its navigation), then
        rebuild each page whose navigation shows something else than before
        (:mod:`.shown_nav`: with Material's ``navigation.prune`` a page shows its own
        section's entries; otherwise every page shows the whole navigation)."""
        for page in nav.pages:
            if page.markdown is None and not isinstance(page.file, PreviewFile) and page.file.abs_src_path:
                try:
                    page.read_source(config)
                except (OSError, ValueError):
                    pass  # MkDocs reports it when it builds the page
        pages = files.documentation_pages()
        linking = self._linking_to_added_or_removed(pages)
        features = list(config.theme.get("features") or ())
        shown = ShownNav(nav, features, pruned=prunes(
            config.theme.name, features, getattr(config.theme, "custom_dir", None)))
        keys = {}
        for file in pages:
            key = keys[file.src_uri] = shown.page(file.page)
            if self.everything or self.nav_keys.get(file.src_uri) != key or file.src_uri in linking:
                if isinstance(file, PreviewFile):
                    file.changed = True
                    file.same_content = file.same_content and file.src_uri not in linking
                else:
                    file.is_modified = _always_modified  # type: ignore[method-assign]
        self.nav_keys = keys

    def _linking_to_added_or_removed(self, pages: Sequence[File]) -> set[str]:
        """Pages whose Markdown may link to a page added or removed since the previous
        build (MkDocs turns ``x.md`` into the page's address only when it exists): those
        that name its file (:func:`link_name`), whatever else they say. Read by name, so
        never fewer than need it."""
        uris = {f.src_uri for f in pages}
        changed, self.page_uris = uris ^ self.page_uris, uris
        if self.builds <= 1 or not changed:
            return set()
        names = {written for uri in changed for written in (link_name(uri), quote(link_name(uri)))}
        found = set()
        for file in pages:
            text = file.page.markdown if file.page is not None and file.page.markdown is not None else None
            if text is None and isinstance(file, PreviewFile):
                text = file.content_string
            if text is None or any(name in text for name in names):
                found.add(file.src_uri)  # a page that could not be read is rebuilt anyway
        return found

    # -- after the pages -------------------------------------------------------------
    def reuses(self, file: File) -> bool:
        """Whether ``file``'s page is rebuilt for its navigation alone, so its content
        (the HTML between the theme's parts, and its table of contents) is the one kept
        from the build that last made it: neither Markdown, cjm's templates nor search
        read it again."""
        kept = self.kept_pages.get(file.src_uri)
        return (isinstance(file, PreviewFile) and file.same_content and not self.everything
                and kept is not None and kept[0] == self.digests.get(file.src_uri))

    def page_built(self, page: Page, content: str) -> None:
        """After search read ``page``: keep its finished content (compressed: a session
        holds one copy of every generated page), or give a reused page its kept one."""
        uri = page.file.src_uri
        if self.reuses(page.file):
            _digest, packed, toc = self.kept_pages[uri]
            page.content, page.toc = zlib.decompress(packed).decode("utf-8"), toc
            return  # search keeps its entries of the previous build (merge_search)
        self.built.add(page.url)
        if isinstance(page.file, PreviewFile) and uri in self.digests:
            self.kept_pages[uri] = (self.digests[uri], zlib.compress(content.encode("utf-8"), 1), page.toc)

    def clear_search_memory(self, plugins: Iterable[Any]) -> None:
        """Material's search plugin merges a dirty build into its previous index; the
        merge assumes one page was rebuilt. Without it, it writes this build's pages,
        which :meth:`merge_search` then completes."""
        for plugin in plugins:
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None

    def merge_search(self, site_dir: str, pages: list[Page]) -> None:
        """The whole search index: this build's entries for the pages it built, the
        kept entries for the others, none for pages that are gone."""
        path = Path(site_dir, SEARCH_INDEX)
        if not path.is_file():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in data.get("docs", []):
            fresh.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)
        for url in self.built:
            self.search[url] = fresh.get(url, [])
        urls = [page.url for page in pages]
        current = set(urls)
        for url in [u for u in self.search if u not in current]:
            del self.search[url]
        if self.built >= current:
            return  # every page was built: the file is whole already
        data["docs"] = [entry for url in urls for entry in self.search.get(url, ())]
        path.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")

    def remove_stale(self, files: Files) -> None:
        """Delete the output of pages and exports that no longer exist."""
        outputs = {f.abs_dest_path for f in files
                   if f.is_documentation_page() or isinstance(f, PreviewFile)}
        for stale in self.outputs - outputs:
            try:
                os.remove(stale)
            except OSError:
                continue
            folder = os.path.dirname(stale)
            try:
                os.rmdir(folder)  # a page's folder (maps/<id>/), if now empty
            except OSError:
                pass
        self.outputs = outputs
