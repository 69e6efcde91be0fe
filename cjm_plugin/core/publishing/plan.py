"""The whole handbook as one plan: every generated page, export and asset, for any engine.

:func:`plan_handbook` reads the project (its maps folder and configuration) and says,
without importing any site engine, what the handbook contains: each generated page's
source path and URL, title, place in the navigation, the Markdown the engine reads
(front-matter and the contributor's body), the HTML the page's template renders around
that body, its table of contents and what it depends on; the exports, the assets, and
the navigation. An engine adapter only delivers it: the MkDocs plugin hands pages and
files to MkDocs, ``cjm build --engine zensical`` stages them for Zensical.

The body's Markdown is the one part left to the engine (its Markdown extensions are the
site's); the generated HTML is put around the body's HTML after Markdown ran, so no
contributor data ever passes through Markdown.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from markupsafe import Markup, escape

from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.model.handbook import Handbook
from cjm_plugin.core.model.reviews import today
from cjm_plugin.core.publishing.addresses import first_part_uri
from cjm_plugin.core.publishing.assets import CJM_CSS, DIAGRAMS_JS, site_assets
from cjm_plugin.core.publishing.broken import BrokenPage, broken_pages
from cjm_plugin.core.publishing.clashes import SiteFiles
from cjm_plugin.core.publishing.dependencies import PageInputs
from cjm_plugin.core.publishing.navigation import NavBuilder, NavItem
from cjm_plugin.core.publishing.pages import PAGE_KINDS, NavPlace, PageSpec, page_inputs
from cjm_plugin.core.publishing.session import SessionCache
from cjm_plugin.core.publishing.site import ExportPlan, plan_exports, plan_pages, target_uri
from cjm_plugin.core.reading.loader import display_path, load_handbook
from cjm_plugin.core.reading.project import Project
from cjm_plugin.core.rendering.deferred import Deferred
from cjm_plugin.core.rendering.render import Renderer
from cjm_plugin.core.views.contexts import Section
from cjm_plugin.core.views.long_lists import LongLists

#: Where a page template puts the contributor's Markdown body (``{{ body }}``); an HTML
#: comment, which escaped contributor data can never contain.
BODY_MARK = "<!--cjm:body-->"
#: MkDocs' default ``exclude_docs``: dot files and a top-level ``templates/`` folder.
_EXCLUDED_TOP = ("templates",)


@dataclass(frozen=True)
class PlanOptions:
    """The ``cjm`` plugin's options that decide what the plan holds (``mkdocs.yml``)."""

    draft: bool = False
    draft_on_serve: bool = True
    wide_maps: bool = True
    nav: str = "auto"
    nav_group_size: int = 50
    mermaid: bool = True
    sanitize_html: bool = True

    @classmethod
    def from_settings(cls, options: Mapping[str, Any] | None) -> PlanOptions:
        known = {name: value for name, value in (options or {}).items()
                 if name in cls.__dataclass_fields__}
        return cls(**known)

    def drafts_shown(self, *, preview: bool) -> bool:
        """Drafts are shown while previewing and left out of built sites."""
        return self.draft_on_serve if preview else self.draft


def page_markdown(spec: PageSpec, *, wide: bool = True) -> str:
    """The generated page's Markdown: its front-matter (title, tags, ``hide``) and the
    contributor's body. Title and tags are escaped, because themes print them unescaped
    (Material's tags partial prints ``tag.name`` as is)."""
    meta = {"title": str(escape(spec.title)), **spec.meta}
    if wide and spec.kind == "map":
        # The journey and its grid need the width: no table of contents beside them
        # (its entries are the page's few sections, also reachable by scrolling).
        meta["hide"] = sorted({*meta.get("hide", ()), "toc"})
    if "tags" in meta:
        meta["tags"] = [str(escape(tag)) for tag in meta["tags"]]
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + spec.body


def page_url(uri: str, *, directory_urls: bool = True) -> str:
    """A file's URL in the site, relative to its root, as MkDocs and Zensical make it:
    ``maps/x.md`` -> ``maps/x/``, ``maps/index.md`` -> ``maps/``, ``a/b.csv`` as is."""
    if not uri.endswith(".md"):
        return quote(uri)
    parent, name = posixpath.split(uri[:-3])
    if name == "README":
        name = "index"
    if not directory_urls:
        return quote(posixpath.join(parent, f"{name}.html"))
    if name == "index":
        return quote(f"{parent}/" if parent else "./")
    return quote(posixpath.join(parent, name) + "/")


def relative_url(url: str, other: str) -> str:
    """``url`` relative to the page at ``other`` (both from the site's root), as MkDocs'
    ``get_relative_url`` makes links."""
    dirname, _, basename = other.rpartition("/")
    if "." in basename:
        other = dirname
    other_parts = [p for p in posixpath.normpath(other).split("/") if p not in ("", ".")] if other else []
    dest_parts = [p for p in posixpath.normpath(url).split("/") if p not in ("", ".")] if url else []
    common = 0
    for a, b in zip(other_parts, dest_parts, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return rel + "/" if url.endswith("/") else rel


@dataclass(frozen=True)
class PlannedPage:
    """One generated page, complete: what any engine needs to publish it.

    Its Markdown, HTML and digest are made when first asked for: the MkDocs plugin
    renders a page while MkDocs builds it (and a ``--dirty`` preview only the pages a
    save changed), Zensical's stage every page once."""

    spec: PageSpec
    #: Its URL from the site's root (``maps/x/``).
    url: str
    nav: NavPlace
    #: The contributor's file, from the project's root (its "edit this page" target).
    source: str | None = None
    wide: bool = field(default=True, repr=False)
    _render: Callable[[], tuple[str, list[Section]]] = field(default=lambda: ("", []), repr=False,
                                                             compare=False)
    _inputs: Callable[[], bytes] = field(default=lambda: b"", repr=False, compare=False)

    @property
    def uri(self) -> str:
        return self.spec.uri

    @property
    def title(self) -> str:
        return self.spec.title

    @cached_property
    def markdown(self) -> str:
        """What the engine's Markdown reads: front-matter, then the contributor's body."""
        return page_markdown(self.spec, wide=self.wide)

    def render(self) -> tuple[str, str, tuple[Section, ...]]:
        """Made again on each call (nothing kept): the HTML the page's template renders
        before and after the body's HTML, and the headings it renders, for the table of
        contents (around the body's)."""
        html, sections = self._render()
        before, _, after = html.partition(BODY_MARK)
        return before, after, tuple(sections)

    @cached_property
    def _rendered(self) -> tuple[str, str, tuple[Section, ...]]:
        return self.render()

    @property
    def before(self) -> str:
        return self._rendered[0]

    @property
    def after(self) -> str:
        return self._rendered[1]

    @property
    def toc(self) -> tuple[Section, ...]:
        return self._rendered[2]

    @cached_property
    def inputs(self) -> bytes:
        """A digest of everything the page shows (``core/dependencies.py``)."""
        return self._inputs()

    def search_html(self) -> str:
        """The generated HTML search should read: without the parts the templates mark
        ``cjm-later`` (drawings, rows that repeat other pages)."""
        later = Deferred()
        return later.take_out(self.before) + later.take_out(self.after)


@dataclass
class HandbookPlan:
    """Everything the handbook adds to a site."""

    #: The handbook as read, drafts included, with every problem found.
    read: Handbook
    #: The handbook published (drafts left out unless shown).
    book: Handbook
    #: The site's own files (the ones the plan leaves in place), by where they land.
    site: SiteFiles = field(default_factory=SiteFiles)
    #: In a preview, the pages of map and persona files that have errors, by page path.
    broken: dict[str, BrokenPage] = field(default_factory=dict)
    #: The digests of what each page and export is made from (the preview's).
    inputs: PageInputsLater = field(init=False, repr=False)
    #: The rows of the long lists, shared by the pages' parts and their digests.
    lists: LongLists = field(init=False, repr=False)
    pages: dict[str, PlannedPage] = field(default_factory=dict)
    #: Exports by their path in the site, each with what it is made from and how to
    #: make it (``site.plan_exports``); :attr:`exports` makes them.
    export_plan: ExportPlan = field(default_factory=dict)
    #: Packaged files by their path in the site.
    assets: dict[str, Path] = field(default_factory=dict)
    extra_css: list[str] = field(default_factory=list)
    #: Scripts every page loads, each (path, deferred).
    extra_javascript: list[tuple[str, bool]] = field(default_factory=list)
    #: The navigation (``nav:`` as MkDocs writes it), or None to leave the site's alone.
    nav: list[NavItem] | None = None
    #: Generated paths a page written in ``docs/`` replaces, with that page.
    replaced: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lists = LongLists(self.book)
        self.inputs = PageInputsLater(self.book, self.broken, self.lists)

    @property
    def drafts_left_out(self) -> int:
        return len(self.read.maps) - len(self.book.maps)

    @cached_property
    def exports(self) -> dict[str, str]:
        """Exports by their path in the site (the backlog and metrics, each map's JSON)."""
        return {uri: make() for uri, (_, make) in self.export_plan.items()}


def docs_files(docs_dir: Path | None, maps_dir: Path | None = None) -> list[str]:
    """The site's own files under ``docs_dir`` (paths with ``/``), in the order MkDocs
    lists them (a folder's index first, its files before its subfolders); dot files, a
    top-level ``templates/`` and maps kept inside ``docs/`` left out."""
    if docs_dir is None or not docs_dir.is_dir():
        return []
    maps = maps_dir.resolve() if maps_dir is not None else None
    found: list[str] = []
    for folder, dirs, files in os.walk(docs_dir):
        rel = Path(folder).relative_to(docs_dir)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not (rel == Path(".") and d in _EXCLUDED_TOP)
                         and (maps is None or (Path(folder) / d).resolve() != maps))
        for name in sorted(files, key=lambda f: (os.path.splitext(f)[0] not in ("index", "README"), f)):
            if not name.startswith("."):
                found.append((rel / name).as_posix())
    return found


def plan_handbook(project: Project, *, preview: bool = False, as_of: dt.date | None = None,
                  own_files: Iterable[str] | None = None, shown_paths: Mapping[str, str] | None = None,
                  hand_nav: Any = None, nav_pages: Iterable[str] | None = None,
                  labels: Labels | None = None, links_from_source: bool = False,
                  setup_renderer: Callable[[Renderer], None] | None = None,
                  known_places: Mapping[str, tuple[str, str]] | None = None,
                  cache: SessionCache | None = None) -> HandbookPlan:
    """The handbook's plan for ``project``.

    ``own_files`` are the site's own files (by default read from its ``docs_dir``),
    ``shown_paths`` how messages show them; ``hand_nav`` a ``nav:`` written in the
    configuration (by default the project's), which the plan fills, and ``nav_pages``
    the site's own pages an automatic navigation lists (by default its Markdown files).
    ``setup_renderer`` adjusts the renderer before any page is rendered (the MkDocs
    preview keeps its templates and backlog rows from save to save); ``known_places``
    gives, in a preview, the title and map type each page had at the previous build, so
    that a file whose front-matter cannot be read keeps its place in the navigation;
    ``cache`` is a preview session's (each file's parse and the exports' parts are kept
    from save to save), none for a build.

    Links in the rendered HTML are relative to the page's URL (MkDocs puts the HTML in
    the page as is), or with ``links_from_source`` to its source file, as links written
    in Markdown are (Zensical resolves every relative link of a page from its file)."""
    options = PlanOptions.from_settings(project.options)
    own = list(own_files) if own_files is not None else docs_files(project.docs_dir, project.maps_dir)
    site = _site_files(project, own, shown_paths)
    read = load_handbook(project.maps_dir, root=project.root, as_of=as_of or today(),
                         default_review_every=project.review_every, site=site, cache=cache)
    book = read if options.drafts_shown(preview=preview) else read.without_drafts()
    labels = labels or Labels(project.language, project.templates_dir)
    broken = _broken(read, project, known_places) if preview else {}
    renderer = Renderer(book, labels, templates_dir=project.templates_dir, preview=preview)
    renderer.broken = broken
    if setup_renderer is not None:
        setup_renderer(renderer)
    plan = HandbookPlan(read=read, book=book, site=site, broken=broken)
    specs = [*plan_pages(book, labels, plan.lists),
             *(PageSpec(uri, "broken", page.id, page.title, source=page.files[0].path)
               for uri, page in broken.items())]
    own_set = set(own)
    # An index page written by hand is used instead of the generated one; any other
    # page, export or asset at the place of a site's file is left out (the loader
    # reported the clash), as the MkDocs plugin does.
    kept = [spec for spec in specs if spec.uri not in own_set and not site.clash(spec.uri)
            and first_part_uri(spec.uri, spec.part) not in own_set]
    plan.replaced = [spec.uri for spec in specs if spec.uri in own_set]
    plan.export_plan = {uri: made for uri, made in plan_exports(book, cache).items() if not site.clash(uri)}
    plan.assets = {uri: path for uri, path in site_assets(mermaid=options.mermaid).items()
                   if not site.clash(uri)}
    plan.extra_css = [CJM_CSS]
    plan.extra_javascript = [(DIAGRAMS_JS, True)] if options.mermaid else []
    _plan_pages(plan, kept, own, renderer, plan.inputs, options,
                directory_urls=project.use_directory_urls, links_from_source=links_from_source)
    if options.nav == "auto":
        own_pages = (list(nav_pages) if nav_pages is not None
                     else [path for path in own if path.endswith(".md")])
        plan.nav = _navigation(plan, own_pages, broken, labels, options,
                               hand_nav if hand_nav is not None else project.settings.get("nav"))
    return plan


def _site_files(project: Project, own: list[str], shown: Mapping[str, str] | None) -> SiteFiles:
    """The site's own files, as the MkDocs plugin sees them: a map whose page or export
    would land on one is an error in its file (the loader says so), and nothing cjm
    makes replaces one (core/clashes.py)."""
    docs_dir = project.docs_dir
    if shown is None:
        shown = {uri: display_path(docs_dir / uri, project.root) if docs_dir else uri for uri in own}
    return SiteFiles.of(((uri, shown.get(uri, uri)) for uri in own), project.use_directory_urls)


def _broken(read: Handbook, project: Project,
            known_places: Mapping[str, tuple[str, str]] | None) -> dict[str, BrokenPage]:
    """The preview's pages of files with errors; one whose front-matter cannot be read
    keeps the title and group its page had (a typo does not move the navigation)."""
    broken = broken_pages(read, project.maps_dir, root=project.root)
    for uri, page in broken.items():
        if known_places and page.title == page.id and uri in known_places:
            title, map_type = known_places[uri]
            broken[uri] = replace(page, title=title, map_type=map_type)
    return broken


class PageInputsLater:
    """The digests of what each page shows (``core/dependencies.py``), computed the first
    time a page's digest is asked for (only the preview asks)."""

    def __init__(self, book: Handbook, broken: Mapping[str, BrokenPage], lists: LongLists):
        self._args = (book, broken, lists)

    @cached_property
    def inputs(self) -> PageInputs:
        return PageInputs(*self._args)

    def of(self, spec: PageSpec) -> bytes:
        return page_inputs(self.inputs, spec)


def _plan_pages(plan: HandbookPlan, kept: list[PageSpec], own: list[str], renderer: Renderer,
                inputs: PageInputsLater, options: PlanOptions, *, directory_urls: bool,
                links_from_source: bool) -> None:
    """Each kept page with its URL and how to render it, in ``plan.pages``."""
    urls = {path: page_url(path, directory_urls=directory_urls)
            for path in [*own, *(s.uri for s in kept), *plan.export_plan, *plan.assets]}
    for spec in kept:
        href = _href_maker(urls, spec.uri if links_from_source else urls[spec.uri])
        plan.pages[spec.uri] = PlannedPage(
            spec, urls[spec.uri], PAGE_KINDS[spec.kind].nav, spec.source, options.wide_maps,
            partial(renderer.render_with_toc, spec, href, body=Markup(BODY_MARK)),
            partial(inputs.of, spec))


def _href_maker(urls: Mapping[str, str], here: str) -> Callable[[str], str]:
    def href(target: str) -> str:
        url = urls.get(target_uri(target))
        return relative_url(url, here) if url is not None else "#"
    return href


def _navigation(plan: HandbookPlan, own_pages: list[str], broken: Mapping[str, BrokenPage],
                labels: Labels, options: PlanOptions, hand_nav: Any) -> list[NavItem]:
    """The site's navigation with the generated pages in it, as the plugin makes it."""
    specs = [page.spec for page in plan.pages.values()]
    titles = {spec.uri: str(escape(spec.title)) for spec in specs}
    types: dict[str, str] = {mid: doc.meta.type for mid, doc in plan.book.maps.items()}
    types.update({page.id: page.map_type for page in broken.values() if page.kind == "map"})
    listed = [PageSpec(s.uri, broken[s.uri].kind, s.key, s.title, s.body, s.meta, s.source, s.body_line)
              if s.kind == "broken" else s for s in specs]
    nav = NavBuilder(listed, titles, labels, types, options.nav_group_size)
    if hand_nav is not None:
        return list(nav.fill(hand_nav))
    generated = set(plan.pages)
    return nav.automatic([path for path in own_pages if path not in generated])
