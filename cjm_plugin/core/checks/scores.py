"""A score per persona (``score: {dina: 2, budi: 4}``) names the step's personas:
its actors, by default the map's personas."""

from __future__ import annotations

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.handbook import Handbook, MapDoc
from cjm_plugin.core.reading.source import KeyPath, SourceFile
from cjm_plugin.core.reporting.problems import Problem, field_path

from .inputs import ByMap, HandbookInput


def check_scores(handbook: HandbookInput) -> ByMap:
    return {doc.id: _scores(doc, src, handbook.book) for doc, src in handbook.maps()}


def _scores(doc: MapDoc, src: SourceFile, book: Handbook) -> list[Problem]:
    found: list[Problem] = []
    for si, stage in enumerate(doc.meta.stages):
        for ti, step in enumerate(stage.steps):
            actors = book.actor_ids(doc, step)
            for pid in step.persona_scores:
                if pid in actors:
                    continue
                loc: KeyPath = ("stages", si, "steps", ti, "score", pid)
                listed = ", ".join(actors) if actors else _("none: set 'personas:' or 'actors:'")
                found.append(src.problem(loc, _(
                    "'{persona}' is not one of this step's personas ({listed}); a score per "
                    "persona names them by id{hint}", persona=pid, listed=listed,
                    hint=src.hint(pid, actors)),
                    field_name=field_path(loc), of_key=True, code="score.unknown-persona"))
    return found
