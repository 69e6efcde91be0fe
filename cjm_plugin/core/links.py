"""Links between maps that a step makes: ``zoom`` (a map that zooms into the step),
and the persona ids of a per-persona ``score``. Checked across files, after every
map is read, so an unknown id or a loop of zooms is reported where it is written.
"""

from __future__ import annotations

from typing import Any

from .problems import Problem, field_path
from .source import SourceFile
from .handbook import Handbook, MapDoc


def zoom_targets(doc: MapDoc) -> list[tuple[int, int, str]]:
    """(stage index, step index, map id) of every step of ``doc`` that zooms."""
    return [(si, ti, step.zoom) for si, stage in enumerate(doc.meta.stages)
            for ti, step in enumerate(stage.steps) if step.zoom]


def check_links(book: Handbook, sources: dict[str, SourceFile],
                broken_maps: set[str]) -> tuple[list[Problem], set[str]]:
    """Problems with zooms and per-persona scores, and the maps they make invalid."""
    found: list[Problem] = []
    invalid: set[str] = set()
    for mid, doc in book.maps.items():
        src = sources[mid]
        for si, ti, target in zoom_targets(doc):
            loc: tuple[Any, ...] = ("stages", si, "steps", ti, "zoom")
            if target == mid:
                message = "a step cannot zoom into its own map; name the map of the sub-journey"
            elif target not in book.maps and target not in broken_maps:
                hint = src.hint(target, [m for m in book.maps if m != mid])
                message = f"no map has the id '{target}'{hint}"
            else:
                continue
            found.append(src.problem(loc, message, field_name=field_path(loc)))
            invalid.add(mid)
        found += _check_scores(doc, src, book, invalid)
    for mid, cycle in _cycles(book, invalid).items():
        doc, src = book.maps[mid], sources[mid]
        si, ti, _ = next(z for z in zoom_targets(doc) if z[2] == cycle[1])
        loc = ("stages", si, "steps", ti, "zoom")
        found.append(src.problem(loc, (
            "the zooms go round in a circle (" + " → ".join(cycle) + "); a map cannot zoom "
            "into a map that zooms back into it: remove one of these zooms"),
            field_name=field_path(loc)))
        invalid.add(mid)
    return found, invalid


def _check_scores(doc: MapDoc, src: SourceFile, book: Handbook, invalid: set[str]) -> list[Problem]:
    """A per-persona score names the step's actors (by default the map's personas)."""
    found: list[Problem] = []
    for si, stage in enumerate(doc.meta.stages):
        for ti, step in enumerate(stage.steps):
            actors = book.actor_ids(doc, step)
            for pid in step.persona_scores:
                if pid in actors:
                    continue
                loc: tuple[Any, ...] = ("stages", si, "steps", ti, "score", pid)
                listed = ", ".join(actors) if actors else "none: set 'personas:' or 'actors:'"
                found.append(src.problem(loc, (
                    f"'{pid}' is not one of this step's personas ({listed}); a score per "
                    f"persona names them by id{src.hint(pid, actors)}"),
                    field_name=field_path(loc), of_key=True))
                invalid.add(doc.id)
    return found


def _cycles(book: Handbook, invalid: set[str]) -> dict[str, list[str]]:
    """Per map in a loop of zooms, the loop as it is met from that map
    (``a → b → a``). Depth-first with colours: linear in maps and zooms."""
    graph = {mid: [t for _, _, t in zoom_targets(doc) if t in book.maps and t not in invalid]
             for mid, doc in book.maps.items() if mid not in invalid}
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


def zoomed_from(book: Handbook) -> dict[str, list[tuple[MapDoc, str, str]]]:
    """Per map id, the (map, stage name, step name) of every step that zooms into it."""
    result: dict[str, list[tuple[MapDoc, str, str]]] = {}
    for doc in book.maps.values():
        for si, ti, target in zoom_targets(doc):
            stage = doc.meta.stages[si]
            result.setdefault(target, []).append((doc, stage.name, stage.steps[ti].name))
    return result
