"""Files with errors, as a preview shows them: a page at the address the file would
have, listing its problems, so that one typo does not turn the page into a 404.

The loader leaves a file with errors out of the handbook and keeps its problems
(``Handbook.problems``, located by ``Problem.path``). This module finds which
files those are and the address each would have: its ``id:`` if the file can be
read, else its file name. Built sites never publish these pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from cjm_plugin.core.model.handbook import Handbook
from cjm_plugin.core.model.model import MAP_TYPES
from cjm_plugin.core.publishing.addresses import (
    file_stem,
    folder_problem,
    id_problem,
    page_uri,
    written_id,
    written_text,
)
from cjm_plugin.core.reading.loader import display_path, find_files
from cjm_plugin.core.reading.source import decode, parse_text, read_bytes
from cjm_plugin.core.reporting.problems import Problem


@dataclass(frozen=True)
class BrokenFile:
    """One file with errors and every problem found in it, in file order."""

    path: str
    problems: tuple[Problem, ...]


#: The kind of file a broken page stands for (its page would be of that kind).
FileKind = Literal["map", "persona"]


@dataclass(frozen=True)
class BrokenPage:
    """The page of a map or persona whose file has errors (two files when they share
    an id: neither is published, both are listed)."""

    kind: FileKind
    id: str
    title: str
    #: The map's type when the file says one (where the navigation lists it).
    map_type: str
    files: tuple[BrokenFile, ...]

    @property
    def uri(self) -> str:
        return page_uri(self.kind, self.id)

    @property
    def count(self) -> int:
        return sum(len(f.problems) for f in self.files)


def _front_matter(file: Path, shown: str) -> dict[str, Any]:
    raw, _ = read_bytes(file, shown)
    text = decode(raw, shown)[0] if raw is not None else None
    if text is None:
        return {}
    data = parse_text(text, shown).data
    return data if isinstance(data, dict) else {}


def broken_pages(book: Handbook, maps_dir: Path, *, root: Path | None = None) -> dict[str, BrokenPage]:
    """The pages of files left out for their errors, by page path (``maps/<id>.md``).

    A file whose address would be unusable (an id that
    :func:`~cjm_plugin.core.publishing.addresses.id_problem` refuses: ``/``, unsafe characters,
    ``index``, ``x.html``, another map's export ``x.json``) or taken by a valid file gets
    no page; its problems stay in the log."""
    errors: dict[str, list[Problem]] = {}
    for problem in book.problems:
        errors.setdefault(problem.path, []).append(problem)
    map_files, persona_files = find_files(maps_dir)
    found: dict[str, list[tuple[BrokenFile, str, str]]] = {}
    kinds: dict[str, FileKind] = {}
    by_kind: tuple[tuple[FileKind, list[Path]], ...] = (("persona", persona_files), ("map", map_files))
    for kind, files in by_kind:
        for file in files:
            shown = display_path(file, root)
            problems = errors.get(shown, [])
            if not any(p.is_error for p in problems) or folder_problem(file, maps_dir):
                continue  # a folder's unusable name gets no page, as an unusable id
            data = _front_matter(file, shown)
            stem = file_stem(file)
            ident = written_id(data, file)
            if id_problem(ident, kind):  # the one rule of ids: no page at an unusable address
                ident = stem
                if id_problem(ident, kind, "the file name"):
                    continue
            taken = book.personas if kind == "persona" else book.maps
            if ident in taken:
                continue
            title = written_text(data.get("name" if kind == "persona" else "title")) or ident
            map_type = str(data.get("type") or MAP_TYPES[0])
            uri = f"{'personas' if kind == 'persona' else 'maps'}/{ident}.md"
            kinds[uri] = kind
            entry = BrokenFile(shown, tuple(sorted(problems, key=lambda p: (p.line, p.col))))
            found.setdefault(uri, []).append(
                (entry, title, map_type if map_type in MAP_TYPES else MAP_TYPES[0]))
    pages: dict[str, BrokenPage] = {}
    for uri, entries in found.items():
        ident = uri.split("/", 1)[1][:-3]
        _, title, map_type = entries[0]
        pages[uri] = BrokenPage(kinds[uri], ident, title, map_type, tuple(e for e, _, _ in entries))
    return pages
