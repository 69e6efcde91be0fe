"""Links between maps that a step makes with ``zoom`` (a map that zooms into the step),
read both ways: from a step to its sub-journey, and from a map to the steps it details.
They are checked by :mod:`cjm_plugin.core.checks.zooms`.
"""

from __future__ import annotations

from cjm_plugin.core.model.handbook import Handbook, MapDoc


def zoom_targets(doc: MapDoc) -> list[tuple[int, int, str]]:
    """(stage index, step index, map id) of every step of ``doc`` that zooms."""
    return [(si, ti, step.zoom) for si, stage in enumerate(doc.meta.stages)
            for ti, step in enumerate(stage.steps) if step.zoom]


def zoomed_from(book: Handbook) -> dict[str, list[tuple[MapDoc, str, str]]]:
    """Per map id, the (map, stage name, step name) of every step that zooms into it."""
    result: dict[str, list[tuple[MapDoc, str, str]]] = {}
    for doc in book.maps.values():
        for si, ti, target in zoom_targets(doc):
            stage = doc.meta.stages[si]
            result.setdefault(target, []).append((doc, stage.name, stage.steps[ti].name))
    return result
