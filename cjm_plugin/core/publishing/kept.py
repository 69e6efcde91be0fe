"""Parts of an output made once and kept while what they are made from stays the same.

In ``mkdocs serve`` a save changes one map, yet the backlog page and the backlog's exports
list every map: at 5,000 maps, rendering 50,000 rows and encoding 50,000 records again
was most of a save's time (bench/README.md). Split into one part per map, the output is
joined from the kept parts and only the saved map's part is made again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

from cjm_plugin.core.model.handbook import MapDoc

V = TypeVar("V")


class Same:
    """A key part equal only to the very object it holds (not to an equal one), which it
    keeps alive, so its ``id`` cannot be given to another while a key holds it."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any):
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.obj is self.obj


def map_key(doc: MapDoc) -> Hashable:
    """A key equal from save to save while the map's file is the same: a preview parses
    a file again only when its bytes changed (``loader._read_checked``) and otherwise
    reuses its model, the same object. Cheaper than any key made from the map's content,
    which would have to walk all of it for every map on every save."""
    return (doc.id, doc.path, Same(doc.meta))


class KeptParts(Generic[V]):
    """Parts by key: a part is reused only while its key (what the part shows, or is made
    from) is equal. Only the parts of the last output are kept, so the memory follows the
    handbook, not the number of saves."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, V] = {}
        #: How many parts the last output made (the others were kept).
        self.made = 0

    def parts(self, wanted: Iterable[tuple[Hashable, Callable[[], V]]]) -> list[V]:
        """Each wanted part, in order: kept, or made by its function."""
        kept: dict[Hashable, V] = {}
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
