"""What a check reads: one file (:class:`FileInput`) or the handbook (:class:`HandbookInput`).

Every check has one of two signatures, ``(FileInput) -> list[Problem]`` or
``(HandbookInput) -> dict[map id, list[Problem]]``, and is listed in
:mod:`.registry`, which the loader iterates. A check returns its problems; it never
changes what it is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cjm_plugin.core.model.handbook import Handbook, MapDoc
from cjm_plugin.core.reading.source import SourceFile
from cjm_plugin.core.reporting.problems import Problem


@dataclass(frozen=True)
class FileInput:
    """One file being read: its source (front-matter with positions, body), its kind
    (``map`` or ``persona``), the file, its whole text; once the file is valid on its
    own, its model and id too."""

    src: SourceFile
    kind: str = "map"
    file: Path = field(default_factory=Path)
    text: str = ""
    meta: Any = None
    ident: str = ""


@dataclass(frozen=True)
class HandbookInput:
    """The maps and personas valid on their own, read together. ``broken_maps`` and
    ``broken_personas`` are ids of files with errors (a reference to one is not
    reported again); ``skip`` holds the maps this check does not look at, because a
    check it relies on found an error in them."""

    book: Handbook
    sources: dict[str, SourceFile]
    broken_maps: set[str] = field(default_factory=set)
    broken_personas: set[str] = field(default_factory=set)
    personas_dir: str = "personas"
    skip: frozenset[str] = frozenset()

    def maps(self) -> Iterator[tuple[MapDoc, SourceFile]]:
        """Each map this check looks at, with its source, in the handbook's order."""
        for mid, doc in self.book.maps.items():
            if mid not in self.skip:
                yield doc, self.sources[mid]


#: What a check of the handbook returns: the problems of each map, by its id.
ByMap = dict[str, list[Problem]]
