"""References to other files: a map's persona ids and its ``compares``.

Each must name a file that exists. A reference to a file that exists but has errors
is not reported again (``broken``): that file's own errors say what to fix.
"""

from __future__ import annotations

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.handbook import Handbook, MapDoc
from cjm_plugin.core.reading.source import KeyPath, SourceFile
from cjm_plugin.core.reporting.messages import did_you_mean
from cjm_plugin.core.reporting.problems import Problem, field_path

from .inputs import ByMap, HandbookInput
from .placeholders import PERSONA_TODO


def check_personas(handbook: HandbookInput) -> ByMap:
    return {doc.id: _personas(doc, src, handbook.book, handbook.broken_personas,
                              handbook.personas_dir) for doc, src in handbook.maps()}


def _personas(doc: MapDoc, src: SourceFile, book: Handbook, broken: set[str],
              personas_dir: str) -> list[Problem]:
    """``persona`` and ``personas`` name persona files (``personas_dir`` is where a
    missing one would be added, as the writer sees the folder)."""
    found: list[Problem] = []
    meta = doc.meta
    refs: list[tuple[KeyPath, str]] = []
    if meta.persona:
        refs.append((("persona",), meta.persona))
    refs += [(src.item(("personas",), i), pid) for i, pid in enumerate(meta.personas)]
    for loc, pid in refs:
        if pid in book.personas or pid in broken:
            continue
        if "," in pid:
            listed = ", ".join(part.strip() for part in pid.split(","))
            code, message = "persona.one-text", _(
                "'{text}' is one text; to name several personas write a list: "
                "personas: [{listed}]", text=pid, listed=listed)
        elif pid == PERSONA_TODO:  # the placeholder `cjm new` and `cjm import` write
            known = ", ".join(sorted(book.personas)) or _("none yet")
            code, message = "persona.placeholder", _(
                "the persona is not set yet: replace '{id}' with the id of a persona "
                "(the file name in {folder}/ without .md; the handbook has: {known})",
                id=pid, folder=personas_dir, known=known)
        else:
            hint = did_you_mean(pid, book.personas) or _("; add {file} or fix the id",
                                                         file=f"{personas_dir}/{pid}.md")
            code, message = "persona.unknown", _("unknown persona '{id}'{hint}", id=pid, hint=hint)
        found.append(src.problem(loc, message, field_name=field_path(loc), code=code))
    return found


def check_compares(handbook: HandbookInput) -> ByMap:
    return {doc.id: _compares(doc, src, handbook.book, handbook.broken_maps)
            for doc, src in handbook.maps()}


def _compares(doc: MapDoc, src: SourceFile, book: Handbook, broken: set[str]) -> list[Problem]:
    """``compares`` names another map, which should compare back (a warning)."""
    mid, target = doc.id, doc.meta.compares
    if not target:
        return []
    if target == mid:
        return [src.problem(("compares",), _("a map cannot be compared with itself"),
                            field_name="compares", code="compares.self")]
    if target not in book.maps and target not in broken:
        hint = did_you_mean(target, [m for m in book.maps if m != mid])
        return [src.problem(("compares",), _("no map has the id '{id}'{hint}", id=target, hint=hint),
                            field_name="compares", code="compares.unknown")]
    if target in book.maps and book.maps[target].meta.compares != mid:
        other = book.maps[target]
        return [src.problem(
            ("compares",), _("'{other}' does not compare back: add 'compares: {id}' "
                             "to {file} so that both pages show the comparison",
                             other=target, id=mid, file=other.path),
            field_name="compares", severity="warning", code="compares.one-way")]
    return []
