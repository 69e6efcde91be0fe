"""The ``cjm`` MkDocs plugin: maps and personas become pages of the site.

Pages are generated in memory (never written into ``maps/`` or ``docs/``). A
generated page's Markdown is only the contributor's own body; the generated
part (facts, diagram, tables) is rendered by the core's Jinja templates and put
in front of the body's HTML after Markdown ran, so no contributor data ever
passes through Markdown or its extensions.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from markupsafe import escape
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.language.translate import _, choose, set_language
from cjm_plugin.core.model.handbook import Handbook
from cjm_plugin.core.model.model import MAX_REVIEW_EVERY
from cjm_plugin.core.model.reviews import review_every_allowed, today
from cjm_plugin.core.publishing.assets import CJM_CSS, DIAGRAMS_JS
from cjm_plugin.core.publishing.pages import INDEX_KINDS
from cjm_plugin.core.publishing.plan import HandbookPlan, PlannedPage, plan_handbook
from cjm_plugin.core.publishing.site import PageSpec
from cjm_plugin.core.reading.loader import display_path
from cjm_plugin.core.reading.project import Project
from cjm_plugin.core.rendering.deferred import Deferred
from cjm_plugin.core.rendering.render import Renderer
from cjm_plugin.core.rendering.sanitize import clean_html
from cjm_plugin.core.reporting.build_log import drafts_line, errors_line, problem_lines
from cjm_plugin.core.reporting.problems import Problem, one_line

from .. import __version__
from .config import CjmConfig
from .preview import PreviewFile, PreviewState, fingerprint, folder_state
from .staging import StagedSite

log = get_plugin_logger("cjm")

#: The index pages (one per site), which a page written at their path replaces.
INDEX_URIS = frozenset(kind.address(None) for kind in INDEX_KINDS)


class CjmPlugin(BasePlugin[CjmConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.book = Handbook()
        #: The core's plan of the handbook (``core/publishing/plan.py``), made in on_files.
        self.plan = HandbookPlan(read=self.book, book=self.book)
        self.pages: dict[str, PlannedPage] = {}
        self.maps_dir = Path("maps")
        self.templates_dir: Path | None = None
        self.is_serve = False
        #: `mkdocs serve --dirty`: rebuild only the pages a change touches (see preview.py).
        self.is_dirty = False
        self.preview = PreviewState()
        self._files = Files([])
        #: Title and map type of each map and persona page at the previous build (serve).
        self._listed: dict[str, tuple[str, str]] = {}
        #: Per page being built, the parts search never reads (see on_page_content).
        self._later: dict[str, Deferred] = {}
        #: `mkdocs build` writes into a fresh folder, moved into place when it succeeded.
        self._staged: StagedSite | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts are shown while previewing and left out of built sites (Material's blog
        # plugin does the same); only `mkdocs serve` says which one this is.
        self.is_serve = command == "serve"
        self.is_dirty = self.is_serve and dirty
        # Everything a serve session keeps from build to build, caches included, lives
        # as long as the session (MkDocs keeps this plugin across its rebuilds).
        self.preview = PreviewState()
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
        if not review_every_allowed(self.config.review_every):
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
        """The core's plan of the handbook (``core/publishing/plan.py``), handed to MkDocs: its pages,
        exports and assets become files, its navigation the site's."""
        base = Path(config.config_file_path or ".").resolve().parent
        self._drop_kept_maps(files)
        self.plan = plan = self._plan(files, config, base, today())
        self.book = plan.book
        self._report(plan.read, strict=bool(config.strict), preview=self.is_serve)
        drafts = drafts_line(plan.drafts_left_out)
        if drafts:
            log.info("%s", drafts)
        for uri in plan.replaced:
            if uri in INDEX_URIS:
                log.info("%s", _("{page} is written by hand in docs/; it is used instead of the "
                                 "generated page", page=uri))
        self.pages = plan.pages
        self._add_pages(files, config, base)
        if self.is_dirty:
            self._preview_exports(files, config)
        else:
            for uri, (_source, make) in plan.export_plan.items():
                # bytes, and the str not kept (plan.exports would keep it): half the memory
                # of a str holding any non-Latin-1 character (profile: bench/)
                files.append(File.generated(config, uri, content=make().encode("utf-8")))
        # The backlog's scripts are loaded by the backlog page only.
        for uri, path in plan.assets.items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        if plan.nav is not None:
            config.nav = plan.nav
        self._files = files
        if self.is_serve:
            self._remember_places()
        # The handbook and every file's parse live until the build ends: kept out of the
        # cyclic garbage collector's full passes, which otherwise walk them again and again
        # while the pages are built (at 4,000 maps those passes grew 4.6x for 4x the maps).
        # Unfrozen when the build ends, so a serve session's old builds are collected.
        gc.freeze()
        return files

    def _drop_kept_maps(self, files: Files) -> None:
        """Maps kept inside docs/ must not also become plain pages."""
        maps = self.maps_dir.resolve()
        for file in list(files):
            if file.abs_src_path and maps in Path(file.abs_src_path).resolve().parents:
                files.remove(file)

    def _plan(self, files: Files, config: MkDocsConfig, base: Path, as_of: dt.date) -> HandbookPlan:
        """The plan, given the site's files as MkDocs lists them (theme and other plugins'
        files included, so nothing cjm makes replaces one)."""
        project = Project(root=base, config_file=Path(config.config_file_path) if config.config_file_path else None,
                          maps_dir=self.maps_dir, review_every=self.config.review_every,
                          language=self.labels.language, templates_dir=self.templates_dir,
                          docs_dir=Path(config.docs_dir), use_directory_urls=bool(config.use_directory_urls),
                          options=dict(self.config))
        shown = {f.src_uri: display_path(Path(f.abs_src_path), base) if f.abs_src_path else f.src_uri
                 for f in files}
        # MkDocs' own rule for its automatic nav (structure/nav.py): pages in `not_in_nav`
        # and excluded ones stay out.
        in_nav = [f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_nav)]
        return plan_handbook(project, preview=self.is_serve, as_of=as_of, own_files=list(shown),
                             shown_paths=shown, hand_nav=config.nav, nav_pages=in_nav, labels=self.labels,
                             setup_renderer=self._keep_renderer(config, as_of) if self.is_dirty else None,
                             known_places=self._listed if self.is_serve else None,
                             cache=self.preview.cache if self.is_serve else None)  # a build reads every file

    def _keep_renderer(self, config: MkDocsConfig, as_of: dt.date) -> Callable[[Renderer], None]:
        """A dirty preview keeps the backlog's rows and the compiled templates from save
        to save (the same templates compile once per session, not once per save)."""
        site_key = self._site_key(config, as_of)
        self.preview.start(site_key)

        def keep(renderer: Renderer) -> None:
            renderer.kept_rows = self.preview.cache.backlog_rows
            renderer.env = self.preview.keep_environment(site_key, renderer.env)
        return keep

    def _add_pages(self, files: Files, config: MkDocsConfig, base: Path) -> None:
        """The generated pages as files; in a dirty preview each marked changed or not."""
        generated_file = PreviewFile if self.is_dirty else File
        for uri, page in self.pages.items():
            file = generated_file.generated(config, uri, content=self._page_source(page))
            if self.is_dirty and isinstance(file, PreviewFile):
                self.preview.mark(file, page.inputs)
            # "Edit this page" opens the map's own file: relative to docs/, so that
            # the theme's repo_url + edit_uri (".../edit/main/docs/") + "../maps/x.md"
            # resolves to the file in the repository.
            # Percent-encoded: a file name is data, never part of the link's markup.
            file.edit_uri = (quote(os.path.relpath(base / page.source, config.docs_dir).replace(os.sep, "/"))
                             if page.source else None)
            files.append(file)

    def _remember_places(self) -> None:
        """Serve: each map and persona page's title and map type, which its page keeps
        when a save breaks its front-matter (``plan_handbook``'s ``known_places``)."""
        maps = self.plan.book.maps
        self._listed = {uri: (page.title, maps[page.spec.key or ""].meta.type if page.spec.kind == "map" else "")
                        for uri, page in self.pages.items() if page.spec.kind in ("map", "persona")}
        self._listed.update({uri: (page.title, page.map_type) for uri, page in self.plan.broken.items()})

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

    def _preview_exports(self, files: Files, config: MkDocsConfig) -> None:
        """The exports of a dirty serve build, each made and written again only when what
        it is made from changed (``site.plan_exports``)."""
        inputs = self.plan.inputs.inputs
        for uri, (source, make) in self.plan.export_plan.items():
            content, changed = self.preview.export(uri, inputs.export(source), make)
            file = PreviewFile.generated(config, uri, content=content)
            file.changed = changed  # type: ignore[attr-defined]  # generated() returns cls
            files.append(file)
        self.preview.forget_others({*self.plan.export_plan, *self.pages})

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

    @event_priority(-100)  # after search read the page (and dropped its data-search-* marks)
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self.is_dirty:
            later, content = self._later.get(page.file.src_uri), page.content or ""
            self.preview.page_built(page, later.put_back(content) if later else content)
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
    def _report(book: Handbook, *, strict: bool, preview: bool) -> None:
        """Each error is one warning to MkDocs, so ``--strict`` fails on them (and counts
        them right) while a lenient build goes on without the files that have them."""
        for is_error, line in problem_lines(book):
            (log.warning if is_error else log.info)("%s", line)
        summary = errors_line(book, strict=strict, preview=preview)
        if summary:
            log.info("%s", summary)

    def _page_source(self, page: PlannedPage) -> str:
        """The generated page's Markdown (``core/plan.page_markdown``: title and tags go
        through YAML front-matter, parsed back by MkDocs, which sets page.title and
        page.meta from it before any plugin, tags or search, sees the page); in a dirty
        preview kept from build to build (made again only when the page's spec changed)."""
        if not self.is_dirty:
            return page.markdown
        return self.preview.memo(page.uri, (page.spec, page.spec.meta), lambda: page.markdown)

    # -- pages -------------------------------------------------------------------------
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # The edit URL of a generated page goes through docs/ ("…/docs/../maps/x.md");
        # MkDocs resolves the ".." only when edit_uri is relative to repo_url.
        if page.file.src_uri in self.pages and page.edit_url:
            parts = urlsplit(page.edit_url)
            path = posixpath.normpath(parts.path) if ".." in parts.path else parts.path
            page.edit_url = urlunsplit(parts._replace(path=path))
        planned = self.pages.get(page.file.src_uri)
        if self.is_dirty and self.preview.reuses(page.file):
            # Rebuilt for its navigation alone: its content is the kept one (preview.py).
            page.render = lambda config, files: None  # type: ignore[method-assign]
            page.content = ""
        elif planned is not None and planned.source:
            self._guard_render(page, planned.spec)
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
        planned = self.pages.get(page.file.src_uri)
        if planned is None or (self.is_dirty and self.preview.reuses(page.file)):
            return html
        if self.config.sanitize_html and planned.source:
            html = clean_html(html)
        # The template places the body (a marker stands for it; by default it follows the
        # generated part). The body's HTML never passes through Jinja. The table of contents
        # gets the headings the page kind renders (from its data, as Material's tags plugin
        # does) around the body's own; titles escaped, as Markdown's own TOC titles are.
        before, after, sections = planned.render()
        page.toc.items[:] = ([AnchorLink(str(escape(s.title)), s.anchor, 2) for s in sections if not s.after_body]
                             + list(page.toc.items)
                             + [AnchorLink(str(escape(s.title)), s.anchor, 2) for s in sections if s.after_body])
        # The parts search never reads wait outside the content until the page is written
        # (core/rendering/deferred.py): the search plugin then parses half the tags of a map page.
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
