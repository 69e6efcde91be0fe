"""What each page's template receives: one context builder per kind of page.

A builder takes what every page of one build shares (:class:`Build`), the page and a
function that turns a target (``map:<id>``, ``file:<path>``…) into a URL relative to the
page, and returns the names its template's "Context:" header lists. Values are the
views' data and the small named records below, never positional tuples, so that a
template reads ``link.title``, not ``link[0]``. A kind's ``*_sections`` function lists
the headings its template renders, for the page's table of contents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import matrix as matrix_geometry
from . import views
from .addresses import BACKLOG_CSV, BACKLOG_JSON, METRICS_CSV, METRICS_JSON, map_export_uri, map_uri
from .broken import BrokenPage
from .handbook import Appearance, Handbook, LaneEntry, MapDoc, title_order
from .i18n import Labels
from .evidence import entry_basis, map_basis, marks_basis
from .insights import insights, status_counts
from .matrix import prioritisation
from .items import tracked
from .lanes import BACKLOG_LANES
from .links import zoom_targets, zoomed_from
from .page_spec import PageSpec
from .reviews import DUE_SOON_DAYS, ReviewState

#: Turns a target (``map:<id>``, ``persona:<id>``, ``page:<name>``, ``file:<path>``)
#: into a URL relative to the page being rendered.
Href = Callable[[str], str]


@dataclass(frozen=True)
class Link:
    """A title and where it leads (``href`` is none for a name without a page)."""

    title: str
    href: str | None


@dataclass(frozen=True)
class ZoomedFrom:
    """A step of another map that zooms into this one."""

    map: Link
    stage: str
    step: str


@dataclass(frozen=True)
class StateLinks:
    """The two maps of a comparison: the current state and the future state."""

    current: Link
    future: Link


@dataclass(frozen=True)
class AppearanceRow:
    """A map a persona appears in, with the link to its page."""

    appearance: Appearance
    href: str


@dataclass(frozen=True)
class EntryLink:
    """A lane entry (where it is written) and the link to its map's page."""

    entry: LaneEntry
    href: str


@dataclass(frozen=True)
class TouchpointRow:
    """A touchpoint or channel (as first written) and every use of it."""

    name: str
    uses: list[EntryLink]


@dataclass(frozen=True)
class OwnerGroup:
    """The reviews page's table of one owner (``owner`` is empty for maps without one)."""

    owner: str
    rows: list[dict[str, Any]]


@dataclass(frozen=True)
class Section:
    """A heading a page's template renders: its anchor (the ``id``), its text, and
    whether it comes after the contributor's Markdown (a persona's "Appears in")."""

    anchor: str
    title: str
    after_body: bool = False


@dataclass
class Build:
    """What every page of one build shares: the handbook (which carries the build's
    date, its default review period and each map's review state), the labels and, in a
    preview, the pages of files with errors."""

    book: Handbook
    labels: Labels
    #: Preview only: pages of files that have errors, by page path (``maps/<id>.md``).
    broken: dict[str, BrokenPage] = field(default_factory=dict)

    @cached_property
    def zoomed_from(self) -> dict[str, list[tuple[MapDoc, str, str]]]:
        """Per map id, the steps of other maps that zoom into it."""
        return zoomed_from(self.book)

    def people(self, ids: list[str], href: Href) -> list[Link]:
        """Persona ids as names, linked when the persona has a page; free names as written."""
        book = self.book
        return [Link(book.display_name(i), href(f"persona:{i}") if i in book.personas else None)
                for i in ids]


# -- one context builder per kind of page ------------------------------------------

def map_page(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    book = build.book
    doc = book.maps[page.key or ""]
    plan = views.diagram_plan(doc, book)
    other = book.maps.get(doc.meta.compares or "")
    comparison = views.comparison(doc, book)
    broken = build.broken.get(map_uri(doc.meta.compares)) if doc.meta.compares else None
    return {
        # The map it compares with has errors (preview): say so, link its problems.
        "compares_broken": Link(broken.title, href(f"map:{broken.id}")) if broken else None,
        "map": doc,
        "personas": build.people(doc.meta.persona_ids, href),
        "review": build.book.reviews[doc.id],
        "compares": Link(other.title, href(f"map:{other.id}")) if other else None,
        "diagram": plan,
        # One Mermaid journey per row, for each reading width (see mermaid.RowLayout).
        "journey_rows": plan.rows,
        "table": views.stage_table(doc, build.labels, book),
        # By map id: the grid links each step that zooms; the facts list each map once.
        "zoom_links": {mid: Link(book.maps[mid].title, href(f"map:{mid}"))
                       for _, _, mid in zoom_targets(doc) if mid in book.maps},
        "zoomed_from": [ZoomedFrom(Link(d.title, href(f"map:{d.id}")), stage, step)
                        for d, stage, step in build.zoomed_from.get(doc.id, [])],
        "stale_before": book.as_of - dt.timedelta(days=doc.meta.review_every or book.review_every),
        "comparison": comparison,
        "comparison_links": StateLinks(
            Link(comparison.current.title, href(f"map:{comparison.current.id}")),
            Link(comparison.future.title, href(f"map:{comparison.future.id}"))) if comparison else None,
        "json_href": href(f"file:{map_export_uri(doc.id)}"),
    }


def map_sections(context: Mapping[str, Any], labels: Labels) -> list[Section]:
    sections = [Section("cjm-journey", labels("journey")), Section("cjm-stages", labels("stage_table"))]
    if context["comparison"]:
        sections.append(Section("cjm-comparison", labels("comparison")))
    return sections


def persona_page(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    persona = build.book.personas[page.key or ""]
    appearances = [AppearanceRow(a, href(f"map:{a.map.id}"))
                   for a in build.book.appearances.get(persona.id, [])]
    return {"persona": persona, "appearances": appearances}


def persona_sections(context: Mapping[str, Any], labels: Labels) -> list[Section]:
    return [Section("cjm-appears-in", labels("appears_in"), after_body=True)]


def _map_row(build: Build, doc: MapDoc, href: Href) -> dict[str, Any]:
    parents = {d.id: d for d, _, _ in build.zoomed_from.get(doc.id, [])}
    return {"map": doc, "href": href(f"map:{doc.id}"),
            "part_of": [Link(d.title, href(f"map:{d.id}")) for d in parents.values()],
            "personas": build.people(doc.meta.persona_ids, href),
            "review": build.book.reviews[doc.id]}


def maps_index(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    docs = [doc for docs in build.book.maps_by_type.values() for doc in docs]
    broken = sorted((p for p in build.broken.values() if p.kind == "map"),
                    key=lambda p: title_order(p.title))
    return {"rows": [_map_row(build, d, href) for d in docs],
            "broken_rows": [{"page": p, "href": href(f"map:{p.id}")} for p in broken]}


def broken_page(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    return {"page": build.broken[page.uri]}


def personas_index(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    book = build.book
    rows = [{"persona": p, "href": href(f"persona:{p.id}"), "count": len(book.appearances.get(p.id, []))}
            for p in book.personas_by_name]
    return {"rows": rows}


def touchpoints(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    links: dict[str, str] = {}

    def link(mid: str) -> str:
        if mid not in links:
            links[mid] = href(f"map:{mid}")
        return links[mid]

    rows = [TouchpointRow(name, [EntryLink(e, link(e.map.id)) for e in uses])
            for name, uses in build.book.touchpoints.items()]
    return {"rows": rows}


def backlog(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    links: dict[str, str] = {}
    groups: dict[str, list[dict[str, Any]]] = {lane: [] for lane in BACKLOG_LANES}
    for entry in build.book.backlog:
        if entry.map.id not in links:
            links[entry.map.id] = href(f"map:{entry.map.id}")
        item = tracked(entry.text)
        basis, source = entry_basis(entry)
        groups[entry.lane].append({"entry": entry, "href": links[entry.map.id], "item": item,
                                   "owner": (item.owner if item else None) or entry.owner,
                                   "basis": basis, "source": source})
    rows = [row for lane in BACKLOG_LANES for row in groups[lane]]
    return {"rows": rows, "row_groups": _by_map_and_kind(rows),
            "statuses": status_counts(build.book),
            "tracking": any(row["item"] for rows in groups.values() for row in rows),
            "scoring": any(row["item"] and (row["item"].impact or row["item"].effort)
                           for row in rows),
            "basis": any(row["basis"] for row in rows),
            "matrix": prioritisation(build.book, href), "geometry": matrix_geometry,
            "csv_href": href(f"file:{BACKLOG_CSV}"), "json_href": href(f"file:{BACKLOG_JSON}"),
            "tablesort_js": href("file:assets/cjm/tablesort/tablesort.min.js"),
            "backlog_js": href("file:assets/cjm/backlog.js")}


def backlog_sections(context: Mapping[str, Any], labels: Labels) -> list[Section]:
    if not context["matrix"].points:
        return []
    return [Section("cjm-matrix", labels("matrix")), Section("cjm-entries", labels("backlog_entries"))]


def _by_map_and_kind(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The backlog's rows cut where the map or the kind changes (the rows list each
    map's entries of one kind together): the parts the preview keeps between saves."""
    groups: list[list[dict[str, Any]]] = []
    last: tuple[str, str] | None = None
    for row in rows:
        here = (row["entry"].lane, row["entry"].map.id)
        if here != last:
            groups.append([])
            last = here
        groups[-1].append(row)
    return groups


def insights_page(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    data = insights(build.book, build.book.as_of, build.book.review_every)
    docs = [doc for docs in build.book.maps_by_type.values() for doc in docs]
    return {"data": data, "map_href": {mid: href(f"map:{mid}") for mid in build.book.maps},
            "matrix": prioritisation(build.book, href), "geometry": matrix_geometry,
            "bases": [map_basis(doc) for doc in docs] if marks_basis(docs) else [],
            "csv_href": href(f"file:{METRICS_CSV}"),
            "json_href": href(f"file:{METRICS_JSON}")}


#: The insights page's sections, in page order: (anchor, label).
INSIGHTS_SECTIONS = (("cjm-heat-map", "heat_map"), ("cjm-lowest", "lowest_moments"),
                     ("cjm-metrics-missed", "metrics_missed"), ("cjm-progress", "status_counts"),
                     ("cjm-recurring", "recurring"), ("cjm-coverage", "coverage"))


def insights_sections(context: Mapping[str, Any], labels: Labels) -> list[Section]:
    sections = [Section(anchor, labels(label)) for anchor, label in INSIGHTS_SECTIONS]
    if context["matrix"].points:  # after the progress of the tracked items
        sections.insert(4, Section("cjm-matrix", labels("matrix")))
    if context["bases"]:
        sections.append(Section("cjm-basis", labels("basis_section")))
    return sections


def reviews(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    by_owner = views.reviews_by_owner(build.book)

    def row(doc: MapDoc, review: ReviewState) -> dict[str, Any]:
        return {"map": doc, "review": review, "href": href(f"map:{doc.id}")}

    groups = [OwnerGroup(owner, [row(d, r) for d, r in items]) for owner, items in by_owner.items()]
    counts = views.review_counts(by_owner)
    # "3 maps overdue, 2 maps due within 14 days, 7 maps up to date": overdue and
    # due soon always, the other states when there are any.
    summary = [build.labels.plural(f"reviews_summary.{status}", n, days=DUE_SOON_DAYS)
               for status, n in counts.items() if n or status in ("overdue", "due-soon")]
    return {"groups": groups, "summary": summary if by_owner else [],
            "overdue": [row(d, r) for d, r in views.overdue_across_owners(by_owner)]}


def reviews_sections(context: Mapping[str, Any], labels: Labels) -> list[Section]:
    sections = [Section("cjm-overdue", labels("overdue_maps"))] if context["overdue"] else []
    return sections + [Section(f"cjm-owner-{i}", group.owner or labels("no_owner"))
                       for i, group in enumerate(context["groups"], start=1)]
