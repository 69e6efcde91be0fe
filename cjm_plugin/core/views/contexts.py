"""What each page's template receives: one context builder per kind of page.

A builder takes what every page of one build shares (:class:`Build`), the page and a
function that turns a target (``map:<id>``, ``file:<path>``…) into a URL relative to the
page, and returns the names its template's "Context:" header lists. Values are the
views' data and the small named records below, never positional tuples, so that a
template reads ``link.title``, not ``link[0]``. A kind's ``*_sections`` function lists
the headings its template renders, for the page's table of contents.
"""

from __future__ import annotations

import bisect
import datetime as dt
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import quote

from cjm_plugin.core import views
from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.model.evidence import MapBasis, entry_basis, map_basis
from cjm_plugin.core.model.handbook import Appearance, Handbook, LaneEntry, MapDoc, title_order
from cjm_plugin.core.model.items import ITEM_STATUSES, tracked
from cjm_plugin.core.model.lanes import BACKLOG_LANES
from cjm_plugin.core.model.links import zoom_targets, zoomed_from
from cjm_plugin.core.model.reviews import DUE_SOON_DAYS, ReviewState
from cjm_plugin.core.publishing import backlog_data
from cjm_plugin.core.publishing.addresses import (
    ASSETS_DIR,
    BACKLOG_CSV,
    BACKLOG_DATA,
    BACKLOG_JSON,
    METRICS_CSV,
    METRICS_JSON,
    first_part_uri,
    map_export_uri,
    map_uri,
    part_uri,
)
from cjm_plugin.core.publishing.broken import BrokenPage
from cjm_plugin.core.publishing.page_spec import PageSpec
from cjm_plugin.core.publishing.paging import Pager, pager
from cjm_plugin.core.views import matrix as matrix_geometry
from cjm_plugin.core.views.insights import HeatMap, Insights, insights, status_counts
from cjm_plugin.core.views.long_lists import group_slugs
from cjm_plugin.core.views.matrix import prioritisation

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
    """A touchpoint or channel (as first written) and its uses on this page (every use,
    unless its uses run over several parts of a long list: ``continued`` then says it
    started on an earlier part). ``anchor`` is its row's ``id``, made from its name."""

    name: str
    uses: list[EntryLink]
    anchor: str
    continued: bool = False


@dataclass(frozen=True)
class OwnerGroup:
    """The reviews page's table of one owner (``owner`` is empty for maps without one);
    ``anchor`` is its heading's ``id``, made from the owner's name; ``continued`` says
    the owner's table started on an earlier part of the page."""

    owner: str
    rows: list[dict[str, Any]]
    anchor: str
    continued: bool = False


@dataclass(frozen=True)
class GroupStart:
    """Where a group of a long list's rows starts (a type of map, a touchpoint, an
    owner): its name, how many rows it has and the link to its first row."""

    title: str
    count: int
    href: str


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
    def insights(self) -> Insights:
        """The insights page's data, made once for all its parts."""
        return insights(self.book, self.book.as_of, self.book.review_every)

    @cached_property
    def bases(self) -> list[MapBasis]:
        """Each map's counts by what it rests on, type by type (none when no map marks a
        basis): made once for all the insights page's parts."""
        docs = [doc for docs in self.book.maps_by_type.values() for doc in docs]
        bases = [map_basis(doc) for doc in docs]
        return bases if any(b.research or b.assumption for b in bases) else []

    @cached_property
    def reviews_by_owner(self) -> dict[str, list[tuple[MapDoc, ReviewState]]]:
        return views.reviews_by_owner(self.book)

    @cached_property
    def touchpoint_anchors(self) -> dict[str, str]:
        """Each touchpoint's row ``id`` on the touchpoints page."""
        return {name: f"cjm-touchpoint-{slug}" for name, slug in group_slugs(self.book.touchpoints).items()}

    @cached_property
    def owner_anchors(self) -> dict[str, str]:
        """Each owner's heading ``id`` on the reviews page (``""``: no owner)."""
        return {owner: f"cjm-owner-{slug}" for owner, slug in group_slugs(self.reviews_by_owner).items()}

    @cached_property
    def zoomed_from(self) -> dict[str, list[tuple[MapDoc, str, str]]]:
        """Per map id, the steps of other maps that zoom into it."""
        return zoomed_from(self.book)

    def people(self, ids: list[str], href: Href) -> list[Link]:
        """Persona ids as names, linked when the persona has a page; free names as written."""
        book = self.book
        return [Link(book.display_name(i), href(f"persona:{i}") if i in book.personas else None)
                for i in ids]


# -- long lists cut into parts (core/paging.py) -------------------------------------

def part_pager(page: PageSpec, href: Href) -> Pager:
    """The pager of ``page``'s part of its long list (``page.starts``)."""
    first = first_part_uri(page.uri, page.part)
    return pager(page.part, page.parts, lambda n: href(f"file:{part_uri(first, n)}"))


def part_of(page: PageSpec, row: int) -> int:
    """The part (from 1) of ``page``'s long list that shows the row at ``row``."""
    return bisect.bisect_right(page.starts, row) if page.starts else 1


def group_starts(page: PageSpec, groups: list[tuple[str, int]], href: Href,
                 anchors: list[str] | None = None) -> list[GroupStart]:
    """Where each group of a long list starts, given each group's name and row count in
    the list's order, and the ``id`` of each group's first row (empty when the list
    fits one page)."""
    if page.parts == 1:
        return []
    first = first_part_uri(page.uri, page.part)
    starts, row = [], 0
    for index, (title, count) in enumerate(groups):
        part = part_of(page, row)
        link = href(f"file:{part_uri(first, part)}") + (f"#{anchors[index]}" if anchors else "")
        starts.append(GroupStart(title, count, link))
        row += count
    return starts


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
    start, stop = page.rows
    every = build.book.appearances.get(persona.id, [])
    appearances = [AppearanceRow(a, href(f"map:{a.map.id}")) for a in every[start:stop]]
    return {"persona": persona, "appearances": appearances,
            "pager": part_pager(page, href), "continued": page.part > 1}


def persona_sections(context: Mapping[str, Any], labels: Labels) -> list[Section]:
    return [Section("cjm-appears-in", labels("appears_in"), after_body=not context.get("continued"))]


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
    pager_of = part_pager(page, href)
    by_type = [(build.labels(f"type.{t}"), len(d)) for t, d in build.book.maps_by_type.items() if d]
    start, stop = page.rows
    return {"rows": [_map_row(build, d, href) for d in docs[start:stop]],
            # The files with errors (preview) after the last part's maps.
            "broken_rows": [{"page": p, "href": href(f"map:{p.id}")} for p in broken]
            if page.part == pager_of.parts else [],
            "pager": pager_of,
            "starts": group_starts(page, by_type, href) if page.part == 1 else []}


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

    every = build.book.touchpoints
    # This part's uses, cut from the list of every use (touchpoint by touchpoint).
    start, stop = page.rows
    rows, row = [], 0
    anchors = build.touchpoint_anchors
    for name, uses in every.items():
        shown = uses[max(0, start - row):max(0, stop - row)]
        if shown:
            rows.append(TouchpointRow(name, [EntryLink(e, link(e.map.id)) for e in shown],
                                      anchors[name], continued=row < start))
        row += len(uses)
    groups = [(name, len(uses)) for name, uses in every.items()]
    return {"rows": rows, "pager": part_pager(page, href),
            "starts": group_starts(page, groups, href, [anchors[name] for name in every])
            if page.part == 1 else []}


def backlog(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    """The first rows (``backlog_data.FIRST_ROWS``, pain points first, map by map) and
    what the page's script needs to list every entry from ``backlog/entries.json``."""
    links: dict[str, str] = {}
    groups: dict[str, list[dict[str, Any]]] = {lane: [] for lane in BACKLOG_LANES}
    tracking = scoring = basis = False
    for entry, number in backlog_data.numbered(build.book):
        item = tracked(entry.text)
        entry_basis_word, source = entry_basis(entry)
        tracking = tracking or item is not None
        scoring = scoring or bool(item and (item.impact or item.effort))
        basis = basis or bool(entry_basis_word)
        lane = groups[entry.lane]
        if len(lane) >= backlog_data.FIRST_ROWS:
            continue
        if entry.map.id not in links:
            links[entry.map.id] = href(f"map:{entry.map.id}")
        lane.append({"entry": entry, "href": links[entry.map.id], "item": item,
                     "owner": (item.owner if item else None) or entry.owner,
                     "basis": entry_basis_word, "source": source,
                     "anchor": backlog_data.anchor(entry.map.id, entry.lane, number)})
    total = len(build.book.backlog)
    rows = [row for lane in BACKLOG_LANES for row in groups[lane]][:backlog_data.FIRST_ROWS]
    return {"rows": rows, "row_groups": _by_map_and_kind(rows), "total": total,
            "statuses": status_counts(build.book),
            "tracking": tracking, "scoring": scoring, "basis": basis,
            "matrix": prioritisation(build.book, href), "geometry": matrix_geometry,
            "matrix_listed": BACKLOG_MATRIX_LISTED,
            "csv_href": href(f"file:{BACKLOG_CSV}"), "json_href": href(f"file:{BACKLOG_JSON}"),
            "data_href": posixpath.relpath(BACKLOG_DATA, posixpath.dirname(BACKLOG_SCRIPT)),
            "maps_href": href("page:maps"),
            "map_href": _map_href_pattern(build.book, href),
            "script_labels": _backlog_script_labels(build.labels),
            "backlog_js": href(f"file:{BACKLOG_SCRIPT}")}


#: The backlog's script, in the site; it finds the data from its own address (after
#: instant navigation the page's address may still be the previous page's when it runs).
BACKLOG_SCRIPT = f"{ASSETS_DIR}/backlog.js"

#: The matrix's list on the backlog names at most this many scored entries (the drawing
#: holds at most 9 a cell; the table filters by impact and effort reach the rest).
BACKLOG_MATRIX_LISTED = 200


def _map_href_pattern(book: Handbook, href: Href) -> list[str]:
    """A map page's URL from this page, cut around the map's id (``["../maps/", "/"]``),
    so the script makes every map's link the way ``href`` makes one; the id is put in
    URL-encoded when the engine writes it so."""
    first = next(iter(book.maps), None)
    if first is None:
        return ["", ""]
    url = href(f"map:{first}")
    for written in (first, quote(first)):
        before, found, after = url.rpartition(written)
        if found:
            return [before, after, "encode" if written != first else ""]
    return ["", ""]


def _backlog_script_labels(t: Labels) -> dict[str, Any]:
    """The words the backlog's script writes into the rows it draws."""
    return {"kind": {lane: t(f"kind.{lane}") for lane in backlog_data.LANES},
            "status": {s: t(f"item_status.{s}") for s in ITEM_STATUSES},
            "priority": {p: t(f"priority.{p}") for p in ("high", "medium", "low")},
            "basis": {b: t(f"basis.{b}") for b in ("research", "assumption")},
            "basis_mark": {b: t(f"basis_mark.{b}") for b in ("research", "assumption")},
            "basis_source": t("basis_source"), "link": t("link"),
            "count": t("backlog_count"), "page": t("backlog_page"),
            "loading": t("backlog_loading"), "failed": t("backlog_load_failed"),
            "print_cap": t("backlog_print_cap")}


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


#: The insights' heat maps and basis table cut into parts of this many rows: a heat map's
#: row has a cell per stage name of its type (about 20 elements for 8 stages).
INSIGHTS_ROWS = 100
#: The most entries the insights page shows of a list that grows with the handbook
#: (recurring pain points, metrics off target or stale, items in progress), and of the
#: maps of one recurring pain point; it says how many more there are and where they are.
INSIGHTS_SHOWN = 50
RECURRING_MAPS_SHOWN = 20


def _heat_part(heat_maps: list[HeatMap], start: int, stop: int) -> list[HeatMap]:
    """The heat maps' rows ``start``…``stop`` (type by type) of one part of the insights page."""
    shown, row = [], 0
    for heat in heat_maps:
        rows = heat.rows[max(0, start - row):max(0, stop - row)]
        if rows:
            shown.append(HeatMap(heat.map_type, heat.stages, rows))
        row += len(heat.rows)
    return shown


def insights_page(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    data = build.insights
    bases = build.bases
    start, stop = page.rows
    heat = _heat_part(data.heat_maps, start, stop)
    shown_maps = {row.map.id for h in heat for row in h.rows}
    bases_shown = bases[start:stop]
    shown_maps.update(b.map.id for b in bases_shown)
    first = page.part == 1
    if first:  # the other sections link maps of every part
        shown_maps.update(m.map.id for m in data.lowest)
        shown_maps.update(r.map.id for r in data.missed[:INSIGHTS_SHOWN] + data.stale[:INSIGHTS_SHOWN])
        shown_maps.update(m.map.id for m in data.moving[:INSIGHTS_SHOWN])
        shown_maps.update(d.id for r in data.recurring[:INSIGHTS_SHOWN] for d in r.maps[:RECURRING_MAPS_SHOWN])
    return {"data": data, "heat_maps": heat, "continued": not first,
            "shown": INSIGHTS_SHOWN, "recurring_maps_shown": RECURRING_MAPS_SHOWN,
            "map_href": {mid: href(f"map:{mid}") for mid in shown_maps},
            "pager": part_pager(page, href),
            "matrix": prioritisation(build.book, href), "geometry": matrix_geometry,
            "bases": bases_shown,
            "backlog_href": href("page:backlog"),
            "csv_href": href(f"file:{METRICS_CSV}"),
            "json_href": href(f"file:{METRICS_JSON}")}


#: The insights page's sections, in page order: (anchor, label).
INSIGHTS_SECTIONS = (("cjm-heat-map", "heat_map"), ("cjm-lowest", "lowest_moments"),
                     ("cjm-metrics-missed", "metrics_missed"), ("cjm-progress", "status_counts"),
                     ("cjm-recurring", "recurring"), ("cjm-coverage", "coverage"))


def insights_sections(context: Mapping[str, Any], labels: Labels) -> list[Section]:
    if context["continued"]:  # a part that continues the lists of every map
        return [Section("cjm-heat-map", labels("heat_map"))] + (
            [Section("cjm-basis", labels("basis_section"))] if context["bases"] else [])
    sections = [Section(anchor, labels(label)) for anchor, label in INSIGHTS_SECTIONS]
    if context["matrix"].points:  # after the progress of the tracked items
        sections.insert(4, Section("cjm-matrix", labels("matrix")))
    if context["bases"]:
        sections.append(Section("cjm-basis", labels("basis_section")))
    return sections


#: The most overdue maps the reviews page lists across owners; the owners' tables list
#: every map, most urgent first.
OVERDUE_SHOWN = 50


def reviews(build: Build, page: PageSpec, href: Href) -> dict[str, Any]:
    by_owner = build.reviews_by_owner

    def row(doc: MapDoc, review: ReviewState) -> dict[str, Any]:
        return {"map": doc, "review": review, "href": href(f"map:{doc.id}")}

    start, stop = page.rows
    groups, at = [], 0
    anchors = build.owner_anchors
    for owner, items in by_owner.items():
        shown = items[max(0, start - at):max(0, stop - at)]
        if shown:
            groups.append(OwnerGroup(owner, [row(d, r) for d, r in shown], anchors[owner], at < start))
        at += len(items)
    first = page.part == 1
    counts = views.review_counts(by_owner)
    # "3 maps overdue, 2 maps due within 14 days, 7 maps up to date": overdue and
    # due soon always, the other states when there are any.
    summary = [build.labels.plural(f"reviews_summary.{status}", n, days=DUE_SOON_DAYS)
               for status, n in counts.items() if n or status in ("overdue", "due-soon")]
    overdue = views.overdue_across_owners(by_owner) if first else []
    return {"groups": groups, "summary": summary if by_owner and first else [],
            "overdue": [row(d, r) for d, r in overdue[:OVERDUE_SHOWN]],
            "overdue_more": max(0, len(overdue) - OVERDUE_SHOWN),
            "pager": part_pager(page, href),
            "starts": group_starts(page, [(o or build.labels("no_owner"), len(i)) for o, i in by_owner.items()],
                                   href, [anchors[o] for o in by_owner]) if first else []}


def reviews_sections(context: Mapping[str, Any], labels: Labels) -> list[Section]:
    sections = [Section("cjm-overdue", labels("overdue_maps"))] if context["overdue"] else []
    return sections + [Section(group.anchor, group.owner or labels("no_owner"))
                       for group in context["groups"]]
