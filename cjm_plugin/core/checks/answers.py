"""``answers``: a future state's stage or step names the pain points of the compared
(current) map that it answers."""

from __future__ import annotations

from ..translate import _
from ..handbook import MapDoc
from ..problems import Problem, field_path
from ..source import KeyPath, SourceFile
from ..texts import text_key


def check_answers(doc: MapDoc, other: MapDoc | None, src: SourceFile) -> list[Problem]:
    """An ``answers`` entry should name a pain point of the compared map (``other``):
    a typo would otherwise silently leave that pain point "not answered"."""
    found: list[Problem] = []
    if other is None:
        return found
    pains = {text_key(text): text for lane in other.meta.written_lanes(("pain_points",))
             for text in lane.values}
    for lane in doc.meta.written_lanes(("answers",)):
        where: KeyPath = (*lane.where, "answers")
        one_text = (*where, 0) not in src.value_positions  # `answers: x`, read as a list of one
        for i, text in enumerate(lane.values):
            if text_key(text) in pains:
                continue
            loc = where if one_text else (*where, i)
            hint = src.hint(text, pains.values())
            found.append(src.problem(
                loc, _("'{text}' is not a pain point of '{map}'{hint}", text=text, map=other.id,
                       hint=hint),
                field_name=field_path(loc), severity="warning", code="answers.unknown"))
    return found
