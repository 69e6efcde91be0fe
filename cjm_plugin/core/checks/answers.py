"""``answers``: a future state's stage or step names the pain points of the compared
(current) map that it answers."""

from __future__ import annotations

from ..handbook import MapDoc
from ..problems import Problem, field_path
from ..source import KeyPath, SourceFile


def check_answers(doc: MapDoc, other: MapDoc | None, src: SourceFile) -> list[Problem]:
    """An ``answers`` entry should name a pain point of the compared map (``other``):
    a typo would otherwise silently leave that pain point "not answered"."""
    found: list[Problem] = []
    if other is None:
        return found
    pains = {text.casefold(): text for stage in other.meta.stages
             for lanes in (stage.lanes, *(t.lanes for t in stage.steps))
             for text in lanes.get("pain_points", ())}
    for si, stage in enumerate(doc.meta.stages):
        places: list[tuple[KeyPath, dict[str, list[str]]]] = [(("stages", si), stage.lanes)]
        places += [(("stages", si, "steps", ti), t.lanes) for ti, t in enumerate(stage.steps)]
        for where, lanes in places:
            entries = lanes.get("answers", ())
            raw = src.value_positions.get((*where, "answers", 0))
            for i, text in enumerate(entries):
                if text.casefold() in pains:
                    continue
                loc = (*where, "answers", i) if raw else (*where, "answers")
                hint = src.hint(text, pains.values())
                found.append(src.problem(
                    loc, f"'{text}' is not a pain point of '{other.id}'{hint}",
                    field_name=field_path(loc), severity="warning"))
    return found
