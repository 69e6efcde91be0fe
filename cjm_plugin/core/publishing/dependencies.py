"""What each generated page shows, as a digest: the preview rebuilds a page only
when its digest changes.

A page's digest covers every input its template reads: a map page its own file,
the personas it names (as persona or actor), the map it compares with and the maps
whose steps zoom into it; a persona
page its own file and the maps it appears in; an index page what its rows show of
every map (the front-matter above the stages, and for the touchpoints and the
backlog those lanes with their stage, step and owner), never a body. Equal digests
mean equal pages, given the same site (configuration, labels, templates, date) and
the same navigation around the page, which the engine adapter fingerprints
separately (a pruned navigation shows only the page's own section). So what a page
shows of another map or persona, even by name and link alone (a persona's name, a
compared map, a zoom link), is in its digest here.

A template that starts showing more of another file must add that file here, or the
preview keeps showing the page as it was (tests/test_preview.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property

from cjm_plugin.core.model.handbook import Handbook, MapDoc
from cjm_plugin.core.model.items import LaneValue
from cjm_plugin.core.model.lanes import BACKLOG_LANES, TOUCHPOINT_LANES
from cjm_plugin.core.model.links import zoom_targets, zoomed_from
from cjm_plugin.core.publishing.addresses import map_uri, persona_uri
from cjm_plugin.core.publishing.broken import BrokenPage
from cjm_plugin.core.publishing.page_spec import PageSpec
from cjm_plugin.core.views.long_lists import ListRow, LongLists, group_slugs, row_key


def digest(parts: Iterable[str | bytes]) -> bytes:
    """One digest of ``parts``; each part's length goes in first, so parts cannot run together."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def _lanes(doc: MapDoc, lanes: tuple[str, ...]) -> str:
    """A map's entries in ``lanes``, with the stage, step and owners they are listed with
    (an entry written as an object with all its fields: the backlog shows its progress)."""
    return json.dumps([[lane.stage.name, lane.step.name if lane.step else None, lane.key,
                        [v.dump() if isinstance(v, LaneValue) else v for v in lane.values]]
                       for lane in doc.meta.written_lanes((*lanes, "owner"))], ensure_ascii=False)


def _steps(doc: MapDoc) -> str:
    """A map's steps as the backlog uses them beyond its lanes: how many there are (the
    matrix links to ``#cjm-step-N``, by position) and their basis (an entry that says none
    takes its step's). Not their names: a step with no backlog entry is not shown."""
    return json.dumps([[stage.name, [[step.basis, step.source] for step in stage.steps]]
                       for stage in doc.meta.stages], ensure_ascii=False)


class PageInputs:
    """Digests of a handbook's documents, then of each page built from them."""

    def __init__(self, book: Handbook, broken: Mapping[str, BrokenPage] | None = None,
                 lists: LongLists | None = None):
        self.book = book
        #: The long lists' rows (the plan's, so they are made once a build).
        self.lists = lists or LongLists(book)
        self._lists: dict[str, tuple[list[ListRow], dict[str, str]]] = {}
        self.broken = dict(broken or {})
        #: Front-matter only (what other pages show), and the whole file (its own page).
        self.map_meta = {mid: digest([doc.path, doc.meta.model_dump_json()])
                         for mid, doc in book.maps.items()}
        self.map_whole = {mid: digest([self.map_meta[mid], doc.body, str(doc.body_line)])
                          for mid, doc in book.maps.items()}
        self.persona_meta = {pid: digest([p.path, p.meta.model_dump_json()])
                             for pid, p in book.personas.items()}
        self.persona_whole = {pid: digest([self.persona_meta[pid], p.body, str(p.body_line)])
                              for pid, p in book.personas.items()}
        self.broken_digest = {uri: digest([repr(page)]) for uri, page in self.broken.items()}
        #: Per map, the maps whose steps zoom into it (its page names those steps).
        self.zoomed_from = {mid: sorted({d.id for d, _, _ in found})
                            for mid, found in zoomed_from(book).items()}
        #: What an index row shows of each map: its front-matter above the stages.
        self.row_of = {mid: digest([mid, doc.path, doc.meta.model_dump_json(exclude={"stages"})])
                       for mid, doc in book.maps.items()}
        self.rows = list(self.row_of.values())
        self.people = [pid.encode() + d for pid, d in self.persona_meta.items()]
        self.broken_parts = [uri.encode() + d for uri, d in sorted(self.broken_digest.items())]
        #: Everything, for a kind of page that shows any map (the insights).
        self.everything = digest([*(mid.encode() + d for mid, d in self.map_meta.items()), b"|",
                                   *self.people, b"|", *self.broken_parts])

    # -- what each index shows of every map (the registry, pages.PAGE_KINDS, names the
    #    one each kind of page reads) ------------------------------------------------
    @cached_property
    def maps_rows(self) -> bytes:
        """The maps index: rows, personas, broken files, and what each map is part of."""
        return digest([*self.rows, b"|", *self.people, b"|", *self.broken_parts, b"|",
                       json.dumps(self.zoomed_from, sort_keys=True)])

    @cached_property
    def review_rows(self) -> bytes:
        return digest(self.rows)

    @cached_property
    def persona_rows(self) -> bytes:
        appearances = json.dumps({pid: [a.map.id for a in shown]
                                  for pid, shown in self.book.appearances.items()})
        return digest([*self.people, appearances])

    @cached_property
    def touchpoint_lanes(self) -> dict[str, str]:
        return {mid: _lanes(d, TOUCHPOINT_LANES) for mid, d in self.book.maps.items()}

    @cached_property
    def touchpoint_rows(self) -> bytes:
        return digest([*self.rows, *self.touchpoint_lanes.values()])

    @cached_property
    def backlog_rows(self) -> bytes:
        """The backlog: rows, its lanes, and each map's steps (the matrix links to a step's
        number; an entry without a basis shows its step's)."""
        return digest([*self.rows, *(_lanes(d, BACKLOG_LANES) for d in self.book.maps.values()),
                       *(_steps(d) for d in self.book.maps.values())])

    def _persona_state(self, pid: str) -> bytes:
        if pid in self.persona_meta:
            return self.persona_meta[pid]
        broken = self.broken_digest.get(persona_uri(pid))
        return broken if broken is not None else b"-"

    def _map_state(self, mid: str) -> bytes:
        if mid in self.map_meta:
            return self.map_meta[mid]
        broken = self.broken_digest.get(map_uri(mid))
        return broken if broken is not None else b"-"

    # -- each kind's digest: (inputs, page) -> digest, as pages.PageKind.inputs ---------
    @staticmethod
    def _head(spec: PageSpec) -> list[str | bytes]:
        return [spec.kind, spec.uri, spec.title, repr(sorted(spec.meta.items()))]

    def map_page(self, spec: PageSpec) -> bytes:
        """A map's page: its file, the personas it names (as persona or actor), the map
        it compares with, the maps its steps zoom into (by title) and those whose steps
        zoom into it."""
        key = spec.key or ""
        if key not in self.map_whole:
            return self.shows_everything(spec)
        doc = self.book.maps[key]
        people = sorted({*doc.meta.persona_ids,
                         *(a for _, step in doc.steps() for a in (step.actors or ()))})
        return digest([*self._head(spec), self.map_whole[key],
                       *(p.encode() + self._persona_state(p) for p in people),
                       b"compares", self._map_state(doc.meta.compares or ""),
                       b"zooms into", *(m.encode() + self._map_state(m)
                                        for m in sorted({m for _, _, m in zoom_targets(doc)})),
                       b"zoomed from", *(m.encode() + self.map_meta[m]
                                         for m in self.zoomed_from.get(key, ()) if m in self.map_meta)])

    def persona_page(self, spec: PageSpec) -> bytes:
        """A persona's page: its file and the maps it appears in."""
        key = spec.key or ""
        if key not in self.persona_whole:
            return self.shows_everything(spec)
        if spec.part > 1:  # its name and its part of the maps it appears in
            return self._later_part(spec, f"persona:{key}",
                                    lambda mid: [self.map_meta[mid]], self.persona_meta[key])
        shown = [a.map.id for a in self.book.appearances.get(key, [])]
        return digest([*self._head(spec), self.persona_whole[key],
                       *(m.encode() + self.map_meta[m] for m in shown)])

    def broken_page(self, spec: PageSpec) -> bytes:
        return digest([*self._head(spec), self.broken_digest.get(spec.uri, b"-")])

    # A later part of a long list shows its own rows (``long_lists``), cut where their
    # keys say (``paging.stable_cuts``): a new map changes the digest of its own part
    # only. The first part also lists where every group starts: the whole list's digest.
    def _later_part(self, spec: PageSpec, name: str,
                    shows: Callable[[str], Iterable[str | bytes]], *shared: str | bytes) -> bytes:
        """The digest of part ``spec.part`` (> 1) of the list ``name`` (``LongLists``'):
        how many parts there are (its pager), the group of the row before it (its first
        table may continue that group), its rows, the anchor of each row's group (another
        group's name can take a group's slug: ``long_lists.group_slugs``) and what each
        row shows of its map, and what every row shows (``shared``)."""
        rows, slugs = self._list(name)
        start, stop = spec.rows
        return digest([*self._head(spec), f"{spec.part}/{spec.parts}", rows[start - 1][0] if start else "",
                       *shared, *(part for row in rows[start:stop]
                                  for part in (row_key(row), slugs[row[0]], *shows(row[1])))])

    def _list(self, name: str) -> tuple[list[ListRow], dict[str, str]]:
        """A long list's rows (``maps``, ``touchpoints``… or ``persona:<id>``) and its
        groups' slugs, made once for all its parts."""
        kept = self._lists.get(name)
        if kept is None:
            kind, _, key = name.partition(":")
            rows = self.lists.persona(key) if kind == "persona" else getattr(self.lists, name)
            kept = self._lists[name] = (rows, group_slugs(group for group, _ in rows))
        return kept

    def _index_row(self, mid: str) -> list[str | bytes]:
        """What the maps index's row shows of a map: its front-matter above the stages
        and the maps whose steps zoom into it (by title)."""
        return [self.row_of.get(mid, b"-"), *(self.row_of.get(m, b"-") for m in self.zoomed_from.get(mid, ()))]

    def maps_index(self, spec: PageSpec) -> bytes:
        if spec.part == 1:
            return digest([*self._head(spec), self.maps_rows])
        last = spec.part == spec.parts  # it lists the files with errors
        return self._later_part(spec, "maps", self._index_row,
                                *self.people, b"|", *(self.broken_parts if last else ()))

    def reviews_index(self, spec: PageSpec) -> bytes:
        if spec.part == 1:
            return digest([*self._head(spec), self.review_rows])
        return self._later_part(spec, "reviews", lambda mid: [self.row_of[mid]])

    def personas_index(self, spec: PageSpec) -> bytes:
        return digest([*self._head(spec), self.persona_rows])

    def touchpoints_index(self, spec: PageSpec) -> bytes:
        if spec.part == 1:
            return digest([*self._head(spec), self.touchpoint_rows])
        return self._later_part(spec, "touchpoints",
                                lambda mid: [self.row_of[mid], self.touchpoint_lanes[mid]])

    @cached_property
    def _heat_shape(self) -> str:
        """What every later part of the insights shows alike: the heat maps' columns, and
        whether the basis table is shown."""
        return json.dumps([self.lists.heat_columns, self.lists.bases_marked], sort_keys=True)

    def backlog_index(self, spec: PageSpec) -> bytes:
        return digest([*self._head(spec), self.backlog_rows])

    def insights_index(self, spec: PageSpec) -> bytes:
        """The insights: the first part shows anything in any map; a later one its part of
        the heat maps and the basis table (each row one map's scores or counts), under
        the heat maps' columns, and whether the basis table is shown at all."""
        if spec.part == 1:
            return self.shows_everything(spec)
        return self._later_part(spec, "insights", lambda mid: [self.map_meta[mid]], self._heat_shape)

    def shows_everything(self, spec: PageSpec) -> bytes:
        """A page that may show anything in any map (the insights)."""
        return digest([*self._head(spec), self.everything])

    def export(self, source: str) -> bytes:
        """The digest of what an export is made from (``site.plan_exports``): one map's
        front-matter (``map:<id>``), the backlog's rows, or every map (``all``)."""
        kind, _, key = source.partition(":")
        if kind == "map" and key in self.map_meta:
            return self.map_meta[key]
        if kind == "backlog":
            return self.backlog_rows
        return self.everything
