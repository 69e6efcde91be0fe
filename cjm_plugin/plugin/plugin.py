"""The ``cjm`` MkDocs plugin: maps and personas become pages of the site.

Pages are generated in memory (never written into ``maps/`` or ``docs/``). A
generated page's Markdown is only the contributor's own body; the generated
part (facts, diagram, tables) is rendered by the core's Jinja templates and put
in front of the body's HTML after Markdown ran, so no contributor data ever
passes through Markdown or its extensions.
"""

from __future__ import annotations

import os
import posixpath
import re
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import yaml
from markupsafe import Markup, escape
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from ..core.i18n import Labels
from ..core.loader import load_handbook
from ..core.render import Renderer
from ..core.problems import Problem, one_line
from ..core.sanitize import clean_html
from ..core.model import MAX_REVIEW_EVERY
from ..core.reviews import today
from ..core.site import PageSpec, plan_files, plan_pages, target_uri
from ..core.structure import Handbook
from .config import CjmConfig
from .nav import NavBuilder

log = get_plugin_logger("cjm")

ASSETS = "assets/cjm"
#: A stand-in for the global ``mermaid`` that imports Mermaid's ESM build (from
#: ``{ASSETS}/mermaid/``) only when a page renders a diagram: see ``assets/diagrams.js``.
DIAGRAMS_JS = f"{ASSETS}/diagrams.js"
MERMAID_DIR = f"{ASSETS}/mermaid"
CJM_CSS = f"{ASSETS}/cjm.css"
#: The backlog page's scripts (its template links them): tablesort, vendored, and filters.
BACKLOG_SCRIPTS = ("tablesort/tablesort.min.js", "backlog.js")
_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>')
#: Where a page template puts the contributor's Markdown body (``{{ body }}``); an HTML
#: comment, which escaped contributor data can never contain.
BODY_MARK = "<!--cjm:body-->"


def _files_under(folder: Path) -> list[Path]:
    """The bundled Mermaid: its ESM entry, every chunk it may import, LICENSE, VERSION."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


class CjmPlugin(BasePlugin[CjmConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.book = Handbook()
        self.pages: dict[str, PageSpec] = {}
        self.maps_dir = Path("maps")
        self.templates_dir: Path | None = None
        self.renderer: Renderer | None = None
        self.is_serve = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Drafts are shown while previewing and left out of built sites (Material's blog
        # plugin does the same); only `mkdocs serve` says which one this is.
        self.is_serve = command == "serve"

    # -- configuration -------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        # Not resolved: the loader must see a link that leads out of the project.
        self.maps_dir = Path(os.path.abspath(base / self.config.maps_dir))
        self.templates_dir = (base / self.config.templates_dir).resolve() if self.config.templates_dir else None
        if self.templates_dir is not None and not self.templates_dir.is_dir():
            raise PluginError(f"cjm: templates_dir '{self.config.templates_dir}' is not a folder")
        self.labels = Labels(str(config.theme.get("language") or "en"), self.templates_dir)
        if not 1 <= self.config.review_every <= MAX_REVIEW_EVERY:
            raise PluginError(f"cjm: review_every must be from 1 to {MAX_REVIEW_EVERY} days")
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
        on = today()
        book = load_handbook(self.maps_dir, root=base, on=on,
                             default_review_every=self.config.review_every)
        self._report(book, strict=bool(config.strict))
        with_drafts = self.config.draft_on_serve if self.is_serve else self.config.draft
        self.book = book if with_drafts else book.without_drafts()
        if len(self.book.maps) < len(book.maps):
            left_out = len(book.maps) - len(self.book.maps)
            log.info("%d draft map%s not published (status: draft, or no status); set "
                     "'status: review' or 'published' to publish one, or the plugin option "
                     "'draft: true' to publish drafts", left_out, " is" if left_out == 1 else "s are")
        self.renderer = Renderer(self.book, self.labels, on=on,
                                 review_every=self.config.review_every,
                                 templates_dir=self.templates_dir, preview=self.is_serve)

        for file in list(files):  # maps kept inside docs/ must not also become plain pages
            if file.abs_src_path and self.maps_dir.resolve() in Path(file.abs_src_path).resolve().parents:
                files.remove(file)

        self.pages = {}
        for spec in plan_pages(self.book, self.labels):
            if files.get_file_from_path(spec.uri) is not None:
                log.info("%s is written by hand in docs/; it is used instead of the generated page", spec.uri)
                continue
            self.pages[spec.uri] = spec
            file = File.generated(config, spec.uri,
                                  content=self._markdown(spec, wide=self.config.wide_maps))
            # "Edit this page" opens the map's own file: relative to docs/, so that
            # the theme's repo_url + edit_uri (".../edit/main/docs/") + "../maps/x.md"
            # resolves to the file in the repository.
            # Percent-encoded: a file name is data, never part of the link's markup.
            file.edit_uri = (quote(os.path.relpath(base / spec.source, config.docs_dir).replace(os.sep, "/"))
                             if spec.source else None)
            files.append(file)
        for uri, content in plan_files(self.book).items():
            # bytes: half the memory of a str holding any non-Latin-1 character (profile: bench/)
            files.append(File.generated(config, uri, content=content.encode("utf-8")))
        assets = resources.files("cjm_plugin").joinpath("assets")
        if self.config.mermaid:
            files.append(File.generated(config, DIAGRAMS_JS, abs_src_path=str(assets / "diagrams.js")))
            for path in _files_under(Path(str(assets / "mermaid"))):
                uri = f"{MERMAID_DIR}/{path.relative_to(Path(str(assets / 'mermaid'))).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        files.append(File.generated(config, CJM_CSS, abs_src_path=str(assets / "cjm.css")))
        for script in BACKLOG_SCRIPTS:  # sorting and filters, loaded by the backlog page only
            files.append(File.generated(config, f"{ASSETS}/{script}", abs_src_path=str(assets / script)))

        if self.config.nav == "auto":
            titles = {uri: str(escape(spec.title)) for uri, spec in self.pages.items()}
            types = {mid: doc.meta.type for mid, doc in self.book.maps.items()}
            nav = NavBuilder(list(self.pages.values()), titles, self.labels, types,
                             self.config.nav_group_size)
            config.nav = nav.automatic(files) if config.nav is None else nav.fill(config.nav)
        return files

    @staticmethod
    def _report(book: Handbook, *, strict: bool) -> None:
        """Each error is one warning to MkDocs, so ``--strict`` fails on them (and counts
        them right) while a lenient build goes on without the files that have them."""
        for problem in book.problems:
            (log.warning if problem.is_error else log.info)("%s", one_line(str(problem)))
        if book.errors:
            errors, files = len(book.errors), len({p.path for p in book.errors})
            counted = (f"{errors} error{'s' if errors != 1 else ''} in "
                       f"{files} file{'s' if files != 1 else ''}")
            outcome = ("the strict build fails" if strict else
                       "that file is left out of the site" if files == 1 else
                       "those files are left out of the site")
            log.info("%s; %s (run `cjm check` for the list)", counted, outcome)

    @staticmethod
    def _markdown(spec: PageSpec, *, wide: bool = True) -> str:
        # The title and tags are escaped here because themes print them unescaped
        # (Material's tags partial prints ``tag.name`` as is).
        meta = {"title": str(escape(spec.title)), **spec.meta}
        if wide and spec.kind == "map":
            # The journey and its grid need the width: no table of contents beside them
            # (its entries are the page's few sections, also reachable by scrolling).
            meta["hide"] = sorted({*meta.get("hide", ()), "toc"})
        if "tags" in meta:
            meta["tags"] = [str(escape(tag)) for tag in meta["tags"]]
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + spec.body

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
                    "the Markdown below the front-matter nests too deeply to be read (emphasis, "
                    "lists or HTML blocks inside each other); simplify it"))))

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
        # generated part). The body's HTML never passes through Jinja nor the heading scan:
        # the table of contents gets the generated parts' headings around the body's own.
        generated = self.renderer.render(spec, href, body=Markup(BODY_MARK))
        before, _, after = generated.partition(BODY_MARK)
        page.toc.items[:] = ([AnchorLink(title, ident, 2) for ident, title in _H2.findall(before)]
                             + list(page.toc.items)
                             + [AnchorLink(title, ident, 2) for ident, title in _H2.findall(after)])
        return before + html + after

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.maps_dir))
        if self.templates_dir is not None:
            server.watch(str(self.templates_dir))
        return server
