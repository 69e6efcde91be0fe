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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from markupsafe import Markup, escape

from .addresses import first_part_uri
from .assets import CJM_CSS, DIAGRAMS_JS, site_assets
from .broken import BrokenPage, broken_pages
from .contexts import Section
from .deferred import Deferred
from .dependencies import PageInputs
from .handbook import Handbook
from .i18n import Labels
from .clashes import SiteFiles
from .loader import display_path, load_handbook
from .navigation import NavBuilder, NavItem
from .pages import PAGE_KINDS, NavPlace, PageSpec, page_inputs
from .project import Project
from .render import Renderer
from .reviews import today
from .site import plan_files, plan_pages, target_uri

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
    """One generated page, complete: what any engine needs to publish it."""

    spec: PageSpec
    #: Its URL from the site's root (``maps/x/``).
    url: str
    nav: NavPlace
    #: What the engine's Markdown reads: front-matter, then the contributor's body.
    markdown: str
    #: The HTML the page's template renders before and after the body's HTML.
    before: str
    after: str
    #: The headings the template renders, for the table of contents (around the body's).
    toc: tuple[Section, ...]
    #: A digest of everything the page shows (``core/dependencies.py``).
    inputs: bytes
    #: The contributor's file, from the project's root (its "edit this page" target).
    source: str | None = None

    @property
    def uri(self) -> str:
        return self.spec.uri

    @property
    def title(self) -> str:
        return self.spec.title

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
    pages: dict[str, PlannedPage] = field(default_factory=dict)
    #: Exports by their path in the site (the backlog and metrics, each map's JSON).
    exports: dict[str, str] = field(default_factory=dict)
    #: Packaged files by their path in the site.
    assets: dict[str, Path] = field(default_factory=dict)
    extra_css: list[str] = field(default_factory=list)
    #: Scripts every page loads, each (path, deferred).
    extra_javascript: list[tuple[str, bool]] = field(default_factory=list)
    #: The navigation (``nav:`` as MkDocs writes it), or None to leave the site's alone.
    nav: list[NavItem] | None = None
    #: Generated paths a page written in ``docs/`` replaces, with that page.
    replaced: list[str] = field(default_factory=list)

    @property
    def drafts_left_out(self) -> int:
        return len(self.read.maps) - len(self.book.maps)


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
                  own_files: Iterable[str] | None = None, hand_nav: Any = None,
                  labels: Labels | None = None, links_from_source: bool = False) -> HandbookPlan:
    """The handbook's plan for ``project``. ``own_files`` are the site's own files (by
    default read from its ``docs_dir``); ``hand_nav`` a ``nav:`` written in the
    configuration (by default the project's), which the plan fills.

    Links in the rendered HTML are relative to the page's URL (MkDocs puts the HTML in
    the page as is), or with ``links_from_source`` to its source file, as links written
    in Markdown are (Zensical resolves every relative link of a page from its file)."""
    options = PlanOptions.from_settings(project.options)
    own = list(own_files) if own_files is not None else docs_files(project.docs_dir, project.maps_dir)
    # The site's own files, as the MkDocs plugin sees them: a map whose page or export
    # would land on one is an error in its file (the loader says so), and nothing cjm
    # makes replaces one (core/clashes.py).
    docs_dir = project.docs_dir
    site = SiteFiles.of(((uri, display_path(docs_dir / uri, project.root) if docs_dir else uri)
                         for uri in own), project.use_directory_urls)
    read = load_handbook(project.maps_dir, root=project.root, as_of=as_of or today(),
                         default_review_every=project.review_every, site=site)
    book = read if options.drafts_shown(preview=preview) else read.without_drafts()
    labels = labels or Labels(project.language, project.templates_dir)
    renderer = Renderer(book, labels, templates_dir=project.templates_dir, preview=preview)
    broken = broken_pages(read, project.maps_dir, root=project.root) if preview else {}
    renderer.broken = broken
    plan = HandbookPlan(read=read, book=book)

    specs = [*plan_pages(book, labels),
             *(PageSpec(uri, "broken", page.id, page.title, source=page.files[0].path)
               for uri, page in broken.items())]
    own_set = set(own)
    # An index page written by hand is used instead of the generated one; any other
    # page, export or asset at the place of a site's file is left out (the loader
    # reported the clash), as the MkDocs plugin does.
    kept = [spec for spec in specs if spec.uri not in own_set and not site.clash(spec.uri)
            and first_part_uri(spec.uri, spec.part) not in own_set]
    plan.replaced = [spec.uri for spec in specs if spec.uri in own_set]
    plan.exports = {uri: text for uri, text in plan_files(book).items() if not site.clash(uri)}
    plan.assets = {uri: path for uri, path in site_assets(mermaid=options.mermaid).items()
                   if not site.clash(uri)}
    plan.extra_css = [CJM_CSS]
    plan.extra_javascript = [(DIAGRAMS_JS, True)] if options.mermaid else []

    directory_urls = project.use_directory_urls
    urls = {path: page_url(path, directory_urls=directory_urls)
            for path in [*own, *(s.uri for s in kept), *plan.exports, *plan.assets]}
    inputs = PageInputs(book, broken)
    for spec in kept:
        href = _href_maker(urls, spec.uri if links_from_source else urls[spec.uri])
        html, sections = renderer.render_with_toc(spec, href, body=Markup(BODY_MARK))
        before, _, after = html.partition(BODY_MARK)
        plan.pages[spec.uri] = PlannedPage(
            spec, urls[spec.uri], PAGE_KINDS[spec.kind].nav,
            page_markdown(spec, wide=options.wide_maps), before, after, tuple(sections),
            page_inputs(inputs, spec), spec.source)

    if options.nav == "auto":
        plan.nav = _navigation(plan, own, broken, labels, options,
                               hand_nav if hand_nav is not None else project.settings.get("nav"))
    return plan


def _href_maker(urls: Mapping[str, str], here: str) -> Callable[[str], str]:
    def href(target: str) -> str:
        url = urls.get(target_uri(target))
        return relative_url(url, here) if url is not None else "#"
    return href


def _navigation(plan: HandbookPlan, own: list[str], broken: Mapping[str, BrokenPage],
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
    return nav.automatic([path for path in own if path.endswith(".md") and path not in generated])
