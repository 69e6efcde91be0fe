"""Rendering the handbook's pages to HTML with Jinja templates.

The templates ship in ``core/templates``; a site's own folder is searched first,
so copying one template there and editing it overrides just that one, and a site's
template can extend the shipped one of the same name (``{% extends "cjm/map.html" %}``)
to override only a block. Every
value from a contributor's file is escaped (autoescape): it is data, not markup.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, StrictUndefined
from markupsafe import Markup

from cjm_plugin.core import views
from cjm_plugin.core.language.formats import Formats
from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.model.handbook import Handbook
from cjm_plugin.core.model.items import metric, tracked
from cjm_plugin.core.model.lanes import TOUCHPOINT_LANES
from cjm_plugin.core.publishing.broken import BrokenPage
from cjm_plugin.core.publishing.kept import KeptParts
from cjm_plugin.core.publishing.pages import PAGE_KINDS, PageSpec
from cjm_plugin.core.views.contexts import Build, Href, Section


def _shown(row: dict[str, Any]) -> tuple[Any, ...]:
    """What the shipped backlog row shows of an entry (its item is read from its text)."""
    entry = row["entry"]
    return (entry.lane, entry.text, entry.map.id, entry.map.title, row["href"], entry.stage.name,
            entry.step.name if entry.step else None, row["owner"], repr(row.get("item")),
            row.get("basis"), row.get("anchor"))


#: A page rendered without the contributor's Markdown body.
NO_BODY = Markup("")


#: The prefix that always names a shipped template, even when the site has one of the
#: same name: a site's ``map.html`` can ``{% extends "cjm/map.html" %}`` and override
#: one block.
SHIPPED_PREFIX = "cjm"


def make_environment(templates_dir: Path | None = None) -> Environment:
    """Templates are looked up under ``cjm/`` (the shipped ones), then in the site's
    folder, then among the shipped ones."""
    shipped = PackageLoader("cjm_plugin.core", "templates")
    loaders: list[Any] = [PrefixLoader({SHIPPED_PREFIX: shipped})]
    if templates_dir is not None:
        loaders.append(FileSystemLoader(str(templates_dir)))
    loaders.append(shipped)
    return Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class Renderer:
    """Turns one page of the handbook into HTML: the page's kind (``pages.PAGE_KINDS``)
    names its template and builds its context from what the build shares."""

    def __init__(self, book: Handbook, labels: Labels, *, templates_dir: Path | None = None,
                 preview: bool = False, kept_rows: KeptParts[str] | None = None):
        #: The handbook carries the build's date and default review period.
        self.build = Build(book, labels)
        self.env = make_environment(templates_dir)
        # repeated_lanes: the lanes whose values repeat across maps (touchpoints), out of
        # search on the map pages (partials/stage_table.html).
        self.env.globals.update(t=labels, faces=views.FACE_MOUTHS, metric_of=metric, tracked_of=tracked,
                                repeated_lanes=TOUCHPOINT_LANES,
                                backlog_rows=self.backlog_rows)
        # Numbers and dates as the reader's locale writes them (18.000 in Indonesian).
        formats = Formats(labels.language, labels("date_format"))
        self.env.filters.update(number=formats.number, one_decimal=formats.one_decimal,
                                signed=formats.signed, day=formats.date)
        #: A preview (``mkdocs serve``): draft maps are shown, marked as drafts.
        self.env.globals["preview"] = preview
        #: The preview's backlog rows, kept from save to save (``None``: a build, all made).
        self.kept_rows = kept_rows

    def backlog_rows(self, groups: list[list[dict[str, Any]]], tracking: bool,
                     scoring: bool = False, basis: bool = False) -> Markup:
        """The backlog's rows (``partials/backlog_rows.html``), one part per map and kind;
        in the preview a part is kept while what its rows show is the same."""
        template = self.env.get_template("partials/backlog_rows.html")
        if self.kept_rows is None:
            return Markup(template.render(rows=[row for rows in groups for row in rows],
                                          tracking=tracking, scoring=scoring, basis=basis))
        # The key holds the template too: a site's templates changed, every row is made again.
        wanted = (((template, tracking, scoring, basis, self.build.labels.key,
                    tuple(_shown(row) for row in rows)),
                   partial(template.render, rows=rows, tracking=tracking, scoring=scoring,
                           basis=basis)) for rows in groups)
        return Markup("".join(self.kept_rows.parts(wanted)))

    @property
    def broken(self) -> dict[str, BrokenPage]:
        """Preview only: pages of files that have errors, by page path (``maps/<id>.md``)."""
        return self.build.broken

    @broken.setter
    def broken(self, pages: dict[str, BrokenPage]) -> None:
        self.build.broken = pages

    def render(self, page: PageSpec, href: Href, body: Markup = NO_BODY) -> str:
        """The page's HTML; ``body`` (the contributor's Markdown as HTML, already safe)
        is placed by the template, so that e.g. a persona's story comes before its maps."""
        return self.render_with_toc(page, href, body)[0]

    def render_with_toc(self, page: PageSpec, href: Href,
                        body: Markup = NO_BODY) -> tuple[str, list[Section]]:
        """The page's HTML and the headings its template renders (for its table of
        contents), both from the same context: the table is made from the data, not
        read back from the HTML."""
        kind = PAGE_KINDS[page.kind]
        context = kind.context(self.build, page, href)
        html = self.env.get_template(kind.template).render(**context, body=body)
        return html, kind.toc(context, self.build.labels)
