"""Rendering the handbook's pages to HTML with Jinja templates.

The templates ship in ``core/templates``; a site's own folder is searched first,
so copying one template there and editing it overrides just that one, and a site's
template can extend the shipped one of the same name (``{% extends "cjm/map.html" %}``)
to override only a block. Every
value from a contributor's file is escaped (autoescape): it is data, not markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import (ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader,
                    StrictUndefined)
from markupsafe import Markup

from . import views
from .broken import BrokenPage
from .curve import CurvePoint, emotion_curve_svg
from .i18n import Labels
from .insights import insights, status_counts
from .items import metric, tracked
from .links import zoom_targets, zoomed_from
from .mermaid import LAYOUTS, JourneySection, JourneyTask, journey_rows, journey_source
from .model import MAP_TYPES
from .reviews import DEFAULT_REVIEW_EVERY, DUE_SOON_DAYS, review_state
from .site import PageSpec
from .handbook import Handbook, MapDoc

Href = Callable[[str], str]
#: A page rendered without the contributor's Markdown body.
NO_BODY = Markup("")

#: The template of each kind of page; a site overrides one by writing a file of
#: the same name in its templates folder.
TEMPLATES: dict[str, str] = {
    "map": "map.html",
    "persona": "persona.html",
    "maps": "maps_index.html",
    "personas": "personas_index.html",
    "touchpoints": "touchpoints.html",
    "backlog": "backlog.html",
    "reviews": "reviews.html",
    "insights": "insights.html",
    "broken": "problems.html",
}


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
    """Turns one page of the handbook into HTML."""

    def __init__(self, book: Handbook, labels: Labels, *, as_of: dt.date,
                 review_every: int = DEFAULT_REVIEW_EVERY, templates_dir: Path | None = None,
                 preview: bool = False):
        self.book = book
        self.labels = labels
        self.as_of = as_of
        self.review_every = review_every
        self.env = make_environment(templates_dir)
        self.env.globals.update(t=labels, faces=views.FACE_MOUTHS, metric_of=metric, tracked_of=tracked)
        #: A preview (``mkdocs serve``): draft maps are shown, marked as drafts.
        self.env.globals["preview"] = preview
        #: Preview only: pages of files that have errors, by page path (``maps/<id>.md``).
        self.broken: dict[str, BrokenPage] = {}

    @cached_property
    def zoomed_from(self) -> dict[str, list[tuple[MapDoc, str, str]]]:
        """Per map id, the steps of other maps that zoom into it."""
        return zoomed_from(self.book)

    def render(self, page: PageSpec, href: Href, body: Markup = NO_BODY) -> str:
        """The page's HTML; ``body`` (the contributor's Markdown as HTML, already safe)
        is placed by the template, so that e.g. a persona's story comes before its maps."""
        context = getattr(self, f"_{page.kind}")(page, href)
        return self.env.get_template(TEMPLATES[page.kind]).render(**context, body=body)

    # -- one context builder per kind of page -------------------------------------
    def _people(self, ids: list[str], href: Href) -> list[tuple[str, str | None]]:
        return [(self.book.display_name(i), href(f"persona:{i}") if i in self.book.personas else None)
                for i in ids]

    def _map(self, page: PageSpec, href: Href) -> dict[str, Any]:
        doc = self.book.maps[page.key or ""]
        plan = views.diagram_plan(doc, self.book)
        rows = self.journey_rows(plan)
        if max((len(r) for rs in rows.values() for r in rs), default=0) > views.MAX_DIAGRAM_CHARS \
                and not plan.summarised:
            plan = views.diagram_plan(doc, self.book, summarise=True)
            rows = self.journey_rows(plan)
        other = self.book.maps.get(doc.meta.compares or "")
        comparison = views.comparison(doc, self.book)
        broken = self.broken.get(f"maps/{doc.meta.compares}.md") if doc.meta.compares else None
        return {
            # The map it compares with has errors (preview): say so, link its problems.
            "compares_broken": (broken.title, href(f"map:{broken.id}")) if broken else None,
            "map": doc,
            "personas": self._people(doc.meta.persona_ids, href),
            "review": review_state(doc.meta, self.as_of, self.review_every),
            "compares": (other.title, href(f"map:{other.id}")) if other else None,
            "diagram": plan,
            # One Mermaid journey per row, for each reading width (see mermaid.RowLayout).
            "journey_rows": rows,
            "table": views.stage_table(doc, self.labels, self.book),
            "zoom_links": {mid: (self.book.maps[mid].title, href(f"map:{mid}"))
                           for _, _, mid in zoom_targets(doc) if mid in self.book.maps},
            "zoomed_from": [(d.title, href(f"map:{d.id}"), stage, step)
                            for d, stage, step in self.zoomed_from.get(doc.id, [])],
            "stale_before": self.as_of - dt.timedelta(days=doc.meta.review_every or self.review_every),
            "comparison": comparison,
            "comparison_links": (href(f"map:{comparison.current.id}"), href(f"map:{comparison.future.id}"))
            if comparison else None,
            "json_href": href(f"file:maps/{doc.id}.json"),
        }

    @staticmethod
    def sections(plan: views.DiagramPlan) -> list[JourneySection]:
        return [JourneySection(name, tuple(JourneyTask(n, s, tuple(a)) for n, s, a in tasks))
                for name, tasks in plan.sections]

    @classmethod
    def journey_rows(cls, plan: views.DiagramPlan) -> dict[str, list[str]]:
        """The diagram's rows for each layout, by layout name (empty: no steps)."""
        sections = cls.sections(plan)
        return {layout.name: journey_rows(sections, layout) if sections else [] for layout in LAYOUTS}

    @staticmethod
    def journey(title: str, plan: views.DiagramPlan) -> str:
        if not plan.sections:
            return ""
        return journey_source(title, [
            JourneySection(name, tuple(JourneyTask(n, s, tuple(a)) for n, s, a in tasks))
            for name, tasks in plan.sections])

    def curve(self, doc: MapDoc) -> Any:
        points = [CurvePoint(stage.name, step.name, step.score) for stage, step in doc.steps()]
        keys = ("score_1", "score_2", "score_3", "score_4", "score_5", "score_of")
        return emotion_curve_svg(points, title=f"{self.labels('emotion_curve')}: {doc.title}",
                                 labels={k: self.labels(k) for k in keys}, id_prefix=f"cjm-curve-{doc.id}")

    def _persona(self, page: PageSpec, href: Href) -> dict[str, Any]:
        persona = self.book.personas[page.key or ""]
        appearances = [(a, href(f"map:{a.map.id}")) for a in self.book.appearances.get(persona.id, [])]
        return {"persona": persona, "appearances": appearances}

    def _map_row(self, doc: MapDoc, href: Href) -> dict[str, Any]:
        parents = {d.id: d for d, _, _ in self.zoomed_from.get(doc.id, [])}
        return {"map": doc, "href": href(f"map:{doc.id}"),
                "part_of": [(d.title, href(f"map:{d.id}")) for d in parents.values()],
                "personas": self._people(doc.meta.persona_ids, href),
                "review": review_state(doc.meta, self.as_of, self.review_every)}

    def _maps(self, page: PageSpec, href: Href) -> dict[str, Any]:
        order = {t: i for i, t in enumerate(MAP_TYPES)}
        docs = sorted(self.book.maps.values(), key=lambda d: (order[d.meta.type], d.title.casefold()))
        broken = sorted((p for p in self.broken.values() if p.kind == "map"), key=lambda p: p.title.casefold())
        return {"rows": [self._map_row(d, href) for d in docs],
                "broken_rows": [{"page": p, "href": href(f"map:{p.id}")} for p in broken]}

    def _broken(self, page: PageSpec, href: Href) -> dict[str, Any]:
        return {"page": self.broken[page.uri]}

    def _personas(self, page: PageSpec, href: Href) -> dict[str, Any]:
        rows = [{"persona": p, "href": href(f"persona:{p.id}"),
                 "count": len(self.book.appearances.get(p.id, []))}
                for p in sorted(self.book.personas.values(), key=lambda p: p.name.casefold())]
        return {"rows": rows}

    def _touchpoints(self, page: PageSpec, href: Href) -> dict[str, Any]:
        links: dict[str, str] = {}

        def link(mid: str) -> str:
            if mid not in links:
                links[mid] = href(f"map:{mid}")
            return links[mid]

        rows = [(name, [{"entry": e, "href": link(e.map.id)} for e in uses])
                for name, uses in self.book.touchpoints.items()]
        return {"rows": rows}

    def _backlog(self, page: PageSpec, href: Href) -> dict[str, Any]:
        links: dict[str, str] = {}
        groups: dict[str, list[dict[str, Any]]] = {"pain_points": [], "opportunities": []}
        for entry in self.book.backlog:
            if entry.map.id not in links:
                links[entry.map.id] = href(f"map:{entry.map.id}")
            item = tracked(entry.text)
            groups[entry.lane].append({"entry": entry, "href": links[entry.map.id], "item": item,
                                       "owner": (item.owner if item else None) or entry.owner})
        return {"rows": groups["pain_points"] + groups["opportunities"],
                "statuses": status_counts(self.book),
                "tracking": any(row["item"] for rows in groups.values() for row in rows),
                "csv_href": href("file:backlog/backlog.csv"), "json_href": href("file:backlog/backlog.json"),
                "tablesort_js": href("file:assets/cjm/tablesort/tablesort.min.js"),
                "backlog_js": href("file:assets/cjm/backlog.js")}

    def _insights(self, page: PageSpec, href: Href) -> dict[str, Any]:
        data = insights(self.book, self.as_of, self.review_every)
        return {"data": data, "map_href": {mid: href(f"map:{mid}") for mid in self.book.maps},
                "csv_href": href("file:insights/metrics.csv"),
                "json_href": href("file:insights/metrics.json")}

    def _reviews(self, page: PageSpec, href: Href) -> dict[str, Any]:
        by_owner = views.reviews_by_owner(self.book, self.as_of, self.review_every)

        def row(doc: Any, review: Any) -> dict[str, Any]:
            return {"map": doc, "review": review, "href": href(f"map:{doc.id}")}

        groups = [(owner, [row(d, r) for d, r in items]) for owner, items in by_owner.items()]
        counts = views.review_counts(by_owner)
        # "3 maps overdue, 2 maps due within 14 days, 7 maps up to date": overdue and
        # due soon always, the other states when there are any.
        summary = [self.labels.plural(f"reviews_summary.{status}", n, days=DUE_SOON_DAYS)
                   for status, n in counts.items() if n or status in ("overdue", "due-soon")]
        return {"groups": groups, "summary": summary if by_owner else [],
                "overdue": [row(d, r) for d, r in views.overdue_across_owners(by_owner)]}
