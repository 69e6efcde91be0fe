"""The ``cjm`` MkDocs plugin: maps and personas become pages of the site.

Pages are generated in memory (never written into ``maps/`` or ``docs/``). A
generated page's Markdown is only the contributor's own body; the generated
part (facts, diagram, tables) is rendered by the core's Jinja templates and put
in front of the body's HTML after Markdown ran, so no contributor data ever
passes through Markdown or its extensions.
"""

from __future__ import annotations

import gc
import os
import posixpath
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from markupsafe import Markup, escape
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from ..core.translate import _, choose, set_language

from .. import __version__
from ..core.addresses import first_part_uri
from ..core.assets import CJM_CSS, DIAGRAMS_JS, site_assets
from ..core.broken import BrokenPage, broken_pages
from ..core.deferred import Deferred
from ..core.dependencies import PageInputs
from ..core.pages import INDEX_KINDS, page_inputs
from ..core.i18n import Labels
from ..core.clashes import SiteFiles
from ..core.build_log import drafts_line, errors_line, problem_lines
from ..core.loader import display_path, load_handbook
from ..core.render import Renderer
from ..core.problems import Problem, one_line
from ..core.sanitize import clean_html
from ..core.model import MAX_REVIEW_EVERY
from ..core.plan import BODY_MARK, page_markdown
from ..core.reviews import today
from ..core.site import PageSpec, plan_exports, plan_files, plan_pages, target_uri
from ..core.handbook import Handbook
from .config import CjmConfig
from .nav import NavBuilder
from .preview import PreviewFile, PreviewState, fingerprint, folder_state
from .staging import StagedSite

log = get_plugin_logger("cjm")

#: The kinds of index page (one per site), which a page written at its path replaces.
INDEX_NAMES = frozenset(kind.name for kind in INDEX_KINDS)


class CjmPlugin(BasePlugin[CjmConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.book = Handbook()
        self.pages: dict[str, PageSpec] = {}
        self.maps_dir = Path("maps")
        self.templates_dir: Path | None = None
        self.renderer: Renderer | None = None
        self.is_serve = False
        #: `mkdocs serve --dirty`: rebuild only the pages a change touches (see preview.py).
        self.is_dirty = False
        self.preview = PreviewState()
        #: In serve, the pages of map and persona files that have errors, by page path.
        self.broken: dict[str, BrokenPage] = {}
        self._files = Files([])
        #: Title and map type of each map and persona page at the previous build (serve).
        self._listed: dict[str, tuple[str, str]] = {}
        #: Per page being built, the parts search never reads (see on_page_content).
        self._later: dict[str, Deferred] = {}
        #: The files the site had before cjm added its own: none of them is replaced.
        self._site = SiteFiles()
        #: `mkdocs build` writes into a fresh folder, moved into place when it succeeded.
        self._staged: StagedSite | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts are shown while previewing and left out of built sites (Material's blog
        # plugin does the same); only `mkdocs serve` says which one this is.
        self.is_serve = command == "serve"
        self.is_dirty = self.is_serve and dirty
        # A failed build must not leave half a site where the last good one was (see
        # staging.py); `--dirty` adds to the old site, and serve has a folder of its own.
        self._staged = StagedSite() if command == "build" and not dirty else None

    # -- configuration -------------------------------------------------------------
    @event_priority(100)  # before any other plugin reads site_dir
    def _stage_site(self, config: MkDocsConfig) -> MkDocsConfig:
        if self._staged is not None:
            self._staged.start(config)
        return config

    def on_shutdown(self) -> None:
        if self._staged is not None:
            self._staged.finish()

    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        # Not resolved: the loader must see a link that leads out of the project.
        self.maps_dir = Path(os.path.abspath(base / self.config.maps_dir))
        self.templates_dir = (base / self.config.templates_dir).resolve() if self.config.templates_dir else None
        # What writers read (problems, log lines) is in the site's language, or CJM_LANG's.
        set_language(choose(None, str(config.theme.get("language") or "en")))
        if self.templates_dir is not None and not self.templates_dir.is_dir():
            raise PluginError(_("cjm: templates_dir '{folder}' is not a folder",
                                folder=self.config.templates_dir))
        self.labels = Labels(str(config.theme.get("language") or "en"), self.templates_dir)
        if not 1 <= self.config.review_every <= MAX_REVIEW_EVERY:
            raise PluginError(_("cjm: review_every must be from 1 to {most} days", most=MAX_REVIEW_EVERY))
        if self.config.mermaid:
            # On every page (instant navigation keeps it): deferred, it does not block the
            # page, yet runs before DOMContentLoaded, so Material finds `mermaid` defined
            # and never fetches it from a CDN. Mermaid itself is loaded only by a diagram.
            script = ExtraScriptValue(DIAGRAMS_JS)
            script.defer = True
            config.extra_javascript.append(script)
        config.extra_css.append(CJM_CSS)
        return config

    # -- the maps become files -------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        base = Path(config.config_file_path or ".").resolve().parent
        as_of = today()
        for file in list(files):  # maps kept inside docs/ must not also become plain pages
            if file.abs_src_path and self.maps_dir.resolve() in Path(file.abs_src_path).resolve().parents:
                files.remove(file)
        self._site = site = SiteFiles.of(
            ((f.src_uri, display_path(Path(f.abs_src_path), base) if f.abs_src_path else f.src_uri)
             for f in files), bool(config.use_directory_urls))
        book = load_handbook(self.maps_dir, root=base, as_of=as_of,
                             default_review_every=self.config.review_every, site=site)
        self._report(book, strict=bool(config.strict))
        with_drafts = self.config.draft_on_serve if self.is_serve else self.config.draft
        self.book = book if with_drafts else book.without_drafts()
        drafts = drafts_line(len(book.maps) - len(self.book.maps))
        if drafts:
            log.info("%s", drafts)
        self.renderer = Renderer(self.book, self.labels, templates_dir=self.templates_dir,
                                 preview=self.is_serve,
                                 kept_rows=self.preview.backlog_rows if self.is_dirty else None)
        # Serve only: a file with errors keeps its page, which lists its problems.
        self.broken = broken_pages(book, self.maps_dir, root=base) if self.is_serve else {}
        for uri, page in self.broken.items():
            if page.title == page.id and uri in self._listed:  # front-matter unreadable: keep
                title, map_type = self._listed[uri]             # its place in the navigation
                self.broken[uri] = replace(page, title=title, map_type=map_type)
        self.renderer.broken = self.broken
        inputs = PageInputs(self.book, self.broken) if self.is_dirty else None
        if inputs is not None:
            site_key = self._site_key(config, as_of)
            self.preview.start(site_key)
            # The same templates compile once per session, not once per save.
            self.renderer.env = self.preview.keep_environment(site_key, self.renderer.env)
        generated_file = PreviewFile if self.is_dirty else File

        self.pages = {}
        broken_specs = [PageSpec(uri, "broken", page.id, page.title, source=page.files[0].path)
                        for uri, page in self.broken.items()]
        for spec in [*plan_pages(self.book, self.labels), *broken_specs]:
            if spec.part > 1 and site.replaces_index(first_part_uri(spec.uri, spec.part)) \
                    and spec.kind in INDEX_NAMES:
                continue  # continues a generated page the site replaced (said below)
            if site.replaces_index(spec.uri) and spec.kind in INDEX_NAMES:
                log.info("%s", _("{page} is written by hand in docs/; it is used instead of the "
                                 "generated page", page=spec.uri))
                continue
            if files.get_file_from_path(spec.uri) is not None or site.clash(spec.uri):
                continue  # the site's own file is kept; the loader reported the clash
            self.pages[spec.uri] = spec
            file = generated_file.generated(config, spec.uri, content=self._page_source(spec))
            if inputs is not None and isinstance(file, PreviewFile):
                self.preview.mark(file, page_inputs(inputs, spec))
            # "Edit this page" opens the map's own file: relative to docs/, so that
            # the theme's repo_url + edit_uri (".../edit/main/docs/") + "../maps/x.md"
            # resolves to the file in the repository.
            # Percent-encoded: a file name is data, never part of the link's markup.
            file.edit_uri = (quote(os.path.relpath(base / spec.source, config.docs_dir).replace(os.sep, "/"))
                             if spec.source else None)
            files.append(file)
        if inputs is None:
            for uri, content in plan_files(self.book).items():
                if site.clash(uri):
                    continue  # the site's own file is kept; the loader reported the clash
                # bytes: half the memory of a str holding any non-Latin-1 character (profile: bench/)
                files.append(File.generated(config, uri, content=content.encode("utf-8")))
        else:
            self._preview_exports(files, config, inputs)
        for uri, path in site_assets(mermaid=self.config.mermaid).items():
            # The backlog's scripts are loaded by the backlog page only.
            if not site.clash(uri):  # a file of the site there is kept (the loader said so)
                files.append(File.generated(config, uri, abs_src_path=str(path)))

        if self.config.nav == "auto":
            titles = {uri: str(escape(spec.title)) for uri, spec in self.pages.items()}
            types: dict[str, str] = {mid: doc.meta.type for mid, doc in self.book.maps.items()}
            # A broken file's page stays where the file's page was (same title and group),
            # so a typo does not move the navigation under the reader.
            types.update({page.id: page.map_type for page in self.broken.values() if page.kind == "map"})
            listed = [replace(spec, kind=self.broken[uri].kind) if spec.kind == "broken" else spec
                      for uri, spec in self.pages.items()]
            nav = NavBuilder(listed, titles, self.labels, types,
                             self.config.nav_group_size)
            config.nav = nav.automatic(files) if config.nav is None else nav.fill(config.nav)
        self._files = files
        if self.is_serve:
            self._listed = {uri: (spec.title, self.book.maps[spec.key or ""].meta.type
                                  if spec.kind == "map" else "")
                            for uri, spec in self.pages.items() if spec.kind in ("map", "persona")}
            self._listed.update({uri: (page.title, page.map_type) for uri, page in self.broken.items()})
        # The handbook and every file's parse live until the build ends: kept out of the
        # cyclic garbage collector's full passes, which otherwise walk them again and again
        # while the pages are built (at 4,000 maps those passes grew 4.6x for 4x the maps).
        # Unfrozen when the build ends, so a serve session's old builds are collected.
        gc.freeze()
        return files

    on_config = CombinedEvent(_stage_site, _configure)

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        if self._staged is not None:
            self._staged.failed = True

    def _site_key(self, config: MkDocsConfig, as_of: object) -> bytes:
        """What every page depends on: the configuration, cjm's version, the site's own
        templates and labels, theme overrides, and the day review states are judged on."""
        path = Path(config.config_file_path) if config.config_file_path else None
        custom = getattr(config.theme, "custom_dir", None)
        return fingerprint([
            path.read_bytes() if path is not None and path.is_file() else b"",
            __version__, str(as_of), repr(sorted(self.config.items())),
            *folder_state(self.templates_dir), *folder_state(Path(custom) if custom else None)])

    def _preview_exports(self, files: Files, config: MkDocsConfig, inputs: PageInputs) -> None:
        """The exports of a dirty serve build, each made and written again only when what
        it is made from changed (``site.plan_exports``)."""
        made = plan_exports(self.book)
        for uri, (source, make) in made.items():
            if self._site.clash(uri):
                continue  # the site's own file is kept; the loader reported the clash
            digest = inputs.export(source)
            content, changed = self.preview.export(uri, digest, make)
            file = PreviewFile.generated(config, uri, content=content)
            file.changed = changed  # type: ignore[attr-defined]  # generated() returns cls
            files.append(file)
        self.preview.forget_others({*made, *self.pages})

    @event_priority(-100)  # after any plugin that changes the navigation
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.is_dirty:
            self.preview.check_nav(nav, files, config)
            pages = files.documentation_pages()
            changed = [f.src_uri for f in pages if f.is_modified()]
            log.info("%s", _("preview build {build}: {changed} of {pages} pages to rebuild",
                             build=self.preview.builds, changed=len(changed), pages=len(pages)))
            log.debug("preview build %d rebuilds: %s", self.preview.builds, ", ".join(changed))
        return nav

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self.is_dirty:
            self.preview.page_built(page)
        return context

    @event_priority(100)  # before the search plugin writes its index
    def _before_search(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()  # frozen in on_files
        if self.is_dirty:
            self.preview.clear_search_memory(config.plugins.values())

    @event_priority(-100)  # after it: the index made whole, stale pages removed
    def _after_search(self, *, config: MkDocsConfig) -> None:
        if self._staged is not None:
            self._staged.built = True  # a later error (--strict's count) still says failed
        if self.is_dirty:
            pages = [f.page for f in self._files.documentation_pages() if f.page is not None]
            self.preview.merge_search(config.site_dir, pages)
            self.preview.remove_stale(self._files)

    on_post_build = CombinedEvent(_before_search, _after_search)

    @staticmethod
    def _report(book: Handbook, *, strict: bool) -> None:
        """Each error is one warning to MkDocs, so ``--strict`` fails on them (and counts
        them right) while a lenient build goes on without the files that have them."""
        for is_error, line in problem_lines(book):
            (log.warning if is_error else log.info)("%s", line)
        summary = errors_line(book, strict=strict)
        if summary:
            log.info("%s", summary)

    def _page_source(self, spec: PageSpec) -> str:
        """The generated page's Markdown; in a dirty preview kept from build to build
        (made again only when the page's spec changed)."""
        if not self.is_dirty:
            return self._markdown(spec, wide=self.config.wide_maps)
        return self.preview.memo(spec.uri, (spec, spec.meta),
                                 lambda: self._markdown(spec, wide=self.config.wide_maps))

    @staticmethod
    def _markdown(spec: PageSpec, *, wide: bool = True) -> str:
        # Title and tags go through YAML front-matter (dumped here, parsed back by MkDocs) because
        # MkDocs sets page.title and page.meta from it before any plugin (tags, search) sees the page.
        return page_markdown(spec, wide=wide)

    # -- pages -------------------------------------------------------------------------
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # The edit URL of a generated page goes through docs/ ("…/docs/../maps/x.md");
        # MkDocs resolves the ".." only when edit_uri is relative to repo_url.
        if page.file.src_uri in self.pages and page.edit_url:
            parts = urlsplit(page.edit_url)
            path = posixpath.normpath(parts.path) if ".." in parts.path else parts.path
            page.edit_url = urlunsplit(parts._replace(path=path))
        spec = self.pages.get(page.file.src_uri)
        if spec is not None and spec.source:
            self._guard_render(page, spec)
        return markdown

    @staticmethod
    def _guard_render(page: Page, spec: PageSpec) -> None:
        """Python-Markdown recurses into nested emphasis, lists and HTML blocks; a few
        kilobytes nested deep enough raise RecursionError, which would stop the whole
        build naming the generated page. Catch it for this page alone and name the file."""
        render = page.render

        def guarded(config: MkDocsConfig, files: Files) -> None:
            try:
                render(config, files)
            except RecursionError:
                page.content, page.toc = "", get_toc([])
                log.warning("%s", one_line(str(Problem(
                    spec.source or spec.uri, spec.body_line, 1,
                    _("the Markdown below the front-matter nests too deeply to be read (emphasis, "
                      "lists or HTML blocks inside each other); simplify it"),
                    code="body.too-deep"))))

        page.render = guarded  # type: ignore[method-assign]

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is None or self.renderer is None:
            return html

        def href(target: str) -> str:
            other = files.get_file_from_path(target_uri(target))
            return other.url_relative_to(page.file) if other else "#"

        if self.config.sanitize_html and spec.source:
            html = clean_html(html)
        # The template places the body (a marker stands for it; by default it follows the
        # generated part). The body's HTML never passes through Jinja. The table of contents
        # gets the headings the page kind renders (from its data, as Material's tags plugin
        # does) around the body's own; titles escaped, as Markdown's own TOC titles are.
        generated, sections = self.renderer.render_with_toc(spec, href, body=Markup(BODY_MARK))
        before, _mark, after = generated.partition(BODY_MARK)
        page.toc.items[:] = ([AnchorLink(str(escape(s.title)), s.anchor, 2) for s in sections if not s.after_body]
                             + list(page.toc.items)
                             + [AnchorLink(str(escape(s.title)), s.anchor, 2) for s in sections if s.after_body])
        # The parts search never reads wait outside the content until the page is written
        # (core/deferred.py): the search plugin then parses half the tags of a map page.
        later = self._later[page.file.src_uri] = Deferred()
        return later.take_out(before) + html + later.take_out(after)

    @event_priority(100)  # before any plugin that reads the finished page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        later = self._later.pop(page.file.src_uri, None)
        return later.put_back(output) if later else output

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if not self.is_dirty:
            log.info("%s", _("a save rebuilds every page; `mkdocs serve --dirty` rebuilds only the "
                             "pages the saved map or persona changes"))
        server.watch(str(self.maps_dir))
        if self.templates_dir is not None:
            server.watch(str(self.templates_dir))
        return server
