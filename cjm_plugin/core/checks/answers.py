"""``answers``: a future state's stage or step names the pain points of the compared
(current) map that it answers."""

from __future__ import annotations

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.handbook import MapDoc
from cjm_plugin.core.model.texts import text_key
from cjm_plugin.core.reading.source import KeyPath, SourceFile, SplitList
from cjm_plugin.core.reporting.problems import Problem, field_path

from .inputs import ByMap, HandbookInput


def check_answers(handbook: HandbookInput) -> ByMap:
    maps, sources = handbook.book.maps, handbook.sources
    return {doc.id: _answers(doc, maps.get(doc.meta.compares or ""), src,
                             sources.get(doc.meta.compares or "")) for doc, src in handbook.maps()}


def _answers(doc: MapDoc, other: MapDoc | None, src: SourceFile,
             other_src: SourceFile | None = None) -> list[Problem]:
    """An ``answers`` entry should name a pain point of the compared map (``other``):
    a typo would otherwise silently leave that pain point "not answered".

    A pain-point list of ``other`` that its own check found cut at its commas
    (``other_src.split_lists``) is never offered as a "did you mean": its pieces are
    not texts anyone wrote. An answer that is such a list's whole text is told where
    that list is, since the fix belongs there."""
    found: list[Problem] = []
    if other is None:
        return found
    splits = other_src.split_lists if other_src is not None else {}
    pains: dict[str, str] = {}
    whole: dict[str, SplitList] = {}  # the text a split list was meant to be -> the list
    offered: list[str] = []  # the pain points a "did you mean" may suggest
    for lane in other.meta.written_lanes(("pain_points",)):
        split = splits.get((*lane.where, "pain_points"))
        for text in lane.values:
            pains[text_key(text)] = text
            if split is None:
                offered.append(text)
        if split is not None:
            whole[text_key(", ".join(lane.values))] = split
    for lane in doc.meta.written_lanes(("answers",)):
        where: KeyPath = (*lane.where, "answers")
        if where in src.split_lists and text_key(", ".join(lane.values)) in pains:
            continue  # its pieces are not answers: the split list's own warning says why
        for i, text in enumerate(lane.values):
            if text_key(text) in pains:
                continue
            loc = src.item(where, i)
            split = whole.get(text_key(text))
            if split is not None:
                code, message = "answers.split-list", _(
                    "'{text}' is one pain point here, but in {file} (line {line}) the commas split "
                    "it into {count} items; put that list's text in quotes there, and this answer "
                    "will match", text=text, file=other.path, line=split.position.line,
                    count=len(split.items))
            else:
                code, message = "answers.unknown", _(
                    "'{text}' is not a pain point of '{map}' ({file}){hint}", text=text,
                    map=other.id, file=other.path, hint=src.hint(text, dict.fromkeys(offered)))
            found.append(src.problem(loc, message, field_name=field_path(loc),
                                     severity="warning", code=code))
    return found
