"""A step's actors: a persona id or a free name.

A name a letter away from a persona id is almost always a typo that would silently
show as a free name, so it is reported (a warning).
"""

from __future__ import annotations

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.handbook import Handbook, MapDoc
from cjm_plugin.core.reading.source import SourceFile
from cjm_plugin.core.reporting.problems import Problem, field_path

from .inputs import ByMap, HandbookInput


def check_actors(handbook: HandbookInput) -> ByMap:
    return {doc.id: _actors(doc, src, handbook.book) for doc, src in handbook.maps()}


def _actors(doc: MapDoc, src: SourceFile, book: Handbook) -> list[Problem]:
    found: list[Problem] = []
    for si, stage in enumerate(doc.meta.stages):
        for ti, step in enumerate(stage.steps):
            for ai, actor in enumerate(step.actors or ()):
                if actor in book.personas:
                    continue
                hint = src.hint(actor, book.personas)
                if hint:
                    loc = src.item(("stages", si, "steps", ti, "actors"), ai)
                    found.append(src.problem(
                        loc, _("'{actor}' is not a persona id, so it is shown as a free name{hint}",
                               actor=actor, hint=hint),
                        field_name=field_path(loc), severity="warning", code="actor.near-persona"))
    return found
