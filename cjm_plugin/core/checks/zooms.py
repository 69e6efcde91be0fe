"""``zoom``: a step names a map that zooms into it (a sub-journey).

The map must exist and be another one, and zooms must never go round in a circle,
which a reader following them would never leave.
"""

from __future__ import annotations

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.handbook import Handbook, MapDoc
from cjm_plugin.core.model.links import zoom_targets
from cjm_plugin.core.reading.source import KeyPath, SourceFile
from cjm_plugin.core.reporting.problems import Problem, field_path

from .inputs import ByMap, HandbookInput


def check_zooms(handbook: HandbookInput) -> ByMap:
    return {doc.id: _zooms(doc, src, handbook.book, handbook.broken_maps)
            for doc, src in handbook.maps()}


def _zooms(doc: MapDoc, src: SourceFile, book: Handbook, broken: set[str]) -> list[Problem]:
    """Each zoom of ``doc`` names another map; one with errors (``broken``) is not
    reported again."""
    found: list[Problem] = []
    for si, ti, target in zoom_targets(doc):
        loc: KeyPath = ("stages", si, "steps", ti, "zoom")
        if target == doc.id:
            code, message = "zoom.self", _("a step cannot zoom into its own map; name the map of "
                                           "the sub-journey")
        elif target not in book.maps and target not in broken:
            hint = src.hint(target, [m for m in book.maps if m != doc.id])
            code, message = "zoom.unknown", _("no map has the id '{id}'{hint}", id=target, hint=hint)
        else:
            continue
        found.append(src.problem(loc, message, field_name=field_path(loc), code=code))
    return found


def check_zoom_loops(handbook: HandbookInput) -> ByMap:
    """Per map in a loop of zooms (among the maps not skipped), the problem that names
    the loop, located at the zoom that starts it."""
    book, sources = handbook.book, handbook.sources
    found: ByMap = {}
    for mid, cycle in _cycles(book, handbook.skip).items():
        doc, src = book.maps[mid], sources[mid]
        si, ti, _target = next(z for z in zoom_targets(doc) if z[2] == cycle[1])
        loc = ("stages", si, "steps", ti, "zoom")
        found[mid] = [src.problem(loc, _(
            "the zooms go round in a circle ({loop}); a map cannot zoom "
            "into a map that zooms back into it: remove one of these zooms", loop=" → ".join(cycle)),
            field_name=field_path(loc), code="zoom.loop")]
    return found


def _cycles(book: Handbook, left_out: frozenset[str]) -> dict[str, list[str]]:
    """Per map in a loop of zooms, the loop as it is met from that map
    (``a → b → a``). Depth-first with colours: linear in maps and zooms."""
    graph = {mid: [t for _, _, t in zoom_targets(doc) if t in book.maps and t not in left_out]
             for mid, doc in book.maps.items() if mid not in left_out}
    state: dict[str, int] = {}
    loops: dict[str, list[str]] = {}
    for start in graph:
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = [start]
        state[start] = 1
        while stack:
            node, i = stack[-1]
            targets = graph.get(node, [])
            if i == len(targets):
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            stack[-1] = (node, i + 1)
            nxt = targets[i]
            if state.get(nxt) == 1:  # back to a map on the current path: a loop
                loop = path[path.index(nxt):]
                for j, member in enumerate(loop):
                    loops.setdefault(member, [*loop[j:], *loop[:j], member])
            elif not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, 0))
                path.append(nxt)
    return loops
