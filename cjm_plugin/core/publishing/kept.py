"""Parts of an output made once and kept while what they are made from stays the same.

In ``mkdocs serve`` a save changes one map, yet the backlog page and the backlog's exports
list every map: at 5,000 maps, rendering 50,000 rows and encoding 50,000 records again
was most of a save's time (bench/README.md). Split into one part per map, the output is
joined from the kept parts and only the saved map's part is made again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable


class KeptParts:
    """Parts by key: a part is reused only while its key (what the part shows, or is made
    from) is equal. Only the parts of the last output are kept, so the memory follows the
    handbook, not the number of saves."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, str] = {}
        #: How many parts the last output made (the others were kept).
        self.made = 0

    def parts(self, wanted: Iterable[tuple[Hashable, Callable[[], str]]]) -> list[str]:
        """Each wanted part, in order: kept, or made by its function."""
        kept: dict[Hashable, str] = {}
        out = []
        self.made = 0
        for key, make in wanted:
            part = kept.get(key)
            if part is None:
                part = self._kept.get(key)
                if part is None:
                    part = make()
                    self.made += 1
            kept[key] = part
            out.append(part)
        self._kept = kept
        return out
