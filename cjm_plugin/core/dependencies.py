"""What each generated page shows, as a digest: the preview rebuilds a page only
when its digest changes.

A page's digest covers every input its template reads: a map page its own file,
the personas it names (as persona or actor), the map it compares with and the maps
whose steps zoom into it; a persona
page its own file and the maps it appears in; an index page what its rows show of
every map (the front-matter above the stages, and for the touchpoints and the
backlog those lanes with their stage, step and owner), never a body. Equal digests
mean equal pages, given the same site (configuration, labels, templates, date,
navigation), which the engine adapter fingerprints separately. The navigation holds
every map's and persona's title and address, so what a page shows of another map or
persona by name and link alone (a persona's name, a zoom link) needs no digest here.

A template that starts showing more of another file must add that file here, or the
preview keeps showing the page as it was (tests/test_preview.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

from .broken import BrokenPage
from .items import LaneValue
from .lanes import BACKLOG_LANES, TOUCHPOINT_LANES
from .links import zoomed_from
from .site import PageSpec
from .handbook import Handbook, MapDoc


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

    def __init__(self, book: Handbook, broken: Mapping[str, BrokenPage] | None = None):
        self.book = book
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
        rows = [digest([mid, doc.path, doc.meta.model_dump_json(exclude={"stages"})])
                for mid, doc in book.maps.items()]
        people = [pid.encode() + d for pid, d in self.persona_meta.items()]
        broken_parts = [uri.encode() + d for uri, d in sorted(self.broken_digest.items())]
        appearances = json.dumps({pid: [a.map.id for a in shown]
                                  for pid, shown in book.appearances.items()})
        self.indexes = {
            "maps": digest([*rows, b"|", *people, b"|", *broken_parts, b"|",
                             json.dumps(self.zoomed_from, sort_keys=True)]),  # "Part of"
            "reviews": digest(rows),
            "personas": digest([*people, appearances]),
            "touchpoints": digest([*rows, *(_lanes(d, TOUCHPOINT_LANES) for d in book.maps.values())]),
            "backlog": digest([*rows, *(_lanes(d, BACKLOG_LANES) for d in book.maps.values()),
                               *(_steps(d) for d in book.maps.values())]),
        }
        #: Everything, for a kind of index page this module does not know.
        self.everything = digest([*(mid.encode() + d for mid, d in self.map_meta.items()), b"|",
                                   *people, b"|", *broken_parts])

    def _persona_state(self, pid: str) -> bytes:
        if pid in self.persona_meta:
            return self.persona_meta[pid]
        broken = self.broken_digest.get(f"personas/{pid}.md")
        return broken if broken is not None else b"-"

    def _map_state(self, mid: str) -> bytes:
        if mid in self.map_meta:
            return self.map_meta[mid]
        broken = self.broken_digest.get(f"maps/{mid}.md")
        return broken if broken is not None else b"-"

    def page(self, spec: PageSpec) -> bytes:
        """The digest of everything ``spec``'s page shows."""
        key = spec.key or ""
        head = [spec.kind, spec.uri, spec.title, repr(sorted(spec.meta.items()))]
        if spec.kind == "map" and key in self.map_whole:
            doc = self.book.maps[key]
            people = sorted({*doc.meta.persona_ids,
                             *(a for _, step in doc.steps() for a in (step.actors or ()))})
            return digest([*head, self.map_whole[key],
                            *(p.encode() + self._persona_state(p) for p in people),
                            b"compares", self._map_state(doc.meta.compares or ""),
                            b"zoomed from", *(m.encode() + self.map_meta[m]
                                              for m in self.zoomed_from.get(key, ()) if m in self.map_meta)])
        if spec.kind == "persona" and key in self.persona_whole:
            shown = [a.map.id for a in self.book.appearances.get(key, [])]
            return digest([*head, self.persona_whole[key],
                            *(m.encode() + self.map_meta[m] for m in shown)])
        if spec.kind == "broken":
            return digest([*head, self.broken_digest.get(spec.uri, b"-")])
        return digest([*head, self.indexes.get(spec.kind, self.everything)])

    def export(self, source: str) -> bytes:
        """The digest of what an export is made from (``site.plan_exports``): one map's
        front-matter (``map:<id>``), the backlog's rows, or every map (``all``)."""
        kind, _, key = source.partition(":")
        if kind == "map" and key in self.map_meta:
            return self.map_meta[key]
        if kind == "backlog":
            return self.indexes["backlog"]
        return self.everything
