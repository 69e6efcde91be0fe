"""References to other files: a map's persona ids and its ``compares``.

Each must name a file that exists. A reference to a file that exists but has errors
is not reported again (``broken``): that file's own errors say what to fix.
"""

from __future__ import annotations

from ..handbook import Handbook, MapDoc
from ..messages import did_you_mean
from ..problems import Problem, field_path
from ..source import KeyPath, SourceFile


def check_personas(doc: MapDoc, src: SourceFile, book: Handbook, broken: set[str],
                   personas_dir: str) -> list[Problem]:
    """``persona`` and ``personas`` name persona files (``personas_dir`` is where a
    missing one would be added, as the writer sees the folder)."""
    found: list[Problem] = []
    meta = doc.meta
    refs: list[tuple[KeyPath, str]] = []
    if meta.persona:
        refs.append((("persona",), meta.persona))
    refs += [(("personas", i), pid) for i, pid in enumerate(meta.personas)]
    for loc, pid in refs:
        if pid in book.personas or pid in broken:
            continue
        if loc not in src.value_positions:  # one text, read as a list of one
            loc = loc[:1]
        if "," in pid:
            listed = ", ".join(part.strip() for part in pid.split(","))
            message = (f"'{pid}' is one text; to name several personas write a list: "
                       f"personas: [{listed}]")
        else:
            hint = did_you_mean(pid, book.personas) or f"; add {personas_dir}/{pid}.md or fix the id"
            message = f"unknown persona '{pid}'{hint}"
        found.append(src.problem(loc, message, field_name=field_path(loc)))
    return found


def check_compares(doc: MapDoc, src: SourceFile, book: Handbook, broken: set[str]) -> list[Problem]:
    """``compares`` names another map, which should compare back (a warning)."""
    mid, target = doc.id, doc.meta.compares
    if not target:
        return []
    if target == mid:
        return [src.problem(("compares",), "a map cannot be compared with itself",
                            field_name="compares")]
    if target not in book.maps and target not in broken:
        hint = did_you_mean(target, [m for m in book.maps if m != mid])
        return [src.problem(("compares",), f"no map has the id '{target}'{hint}",
                            field_name="compares")]
    if target in book.maps and book.maps[target].meta.compares != mid:
        other = book.maps[target]
        return [src.problem(
            ("compares",), f"'{target}' does not compare back: add 'compares: {mid}' "
            f"to {other.path} so that both pages show the comparison",
            field_name="compares", severity="warning")]
    return []
