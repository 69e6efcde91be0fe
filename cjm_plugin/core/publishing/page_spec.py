"""What a page to publish is (:class:`PageSpec`) and the names of the kinds of page.

Kept apart from the registry (``pages.py``), which imports the context builders: the
builders, the dependencies and the site plan read a page's spec without importing the
registry, so no module imports one that imports it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

#: Every kind of page. ``broken`` is the preview's page of a file that has errors.
PageKindName = Literal["map", "persona", "maps", "personas", "touchpoints", "backlog",
                       "insights", "reviews", "broken"]

#: Where the automatic navigation lists a kind's pages: in the maps section (map pages by
#: type, after the maps index), in the personas section, as an entry of its own after
#: those sections, or where the file's page would be (``broken``: see the plugin).
NavPlace = Literal["maps", "personas", "own", "file"]



@dataclass(frozen=True)
class PageSpec:
    """A page to publish: its source path, what it shows and its front-matter."""

    uri: str
    kind: PageKindName
    #: The map's or persona's id; ``None`` for an index page.
    key: str | None
    title: str
    body: str = ""
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    #: The contributor's file the page comes from (as the loader shows paths), if any.
    source: str | None = None
    #: The line of that file where the Markdown body starts (for located messages).
    body_line: int = 1
    #: Which part of a long list the page shows (``core/paging.py``): 1 is the page at
    #: the kind's own address, the next ones continue its list.
    part: int = 1
    #: Where each part of its long list starts (row indexes, ``paging.stable_cuts``) and
    #: how many rows the list has; ``()``: a page without a long list.
    starts: tuple[int, ...] = field(default=(), compare=False)
    total: int = field(default=0, compare=False)

    @property
    def parts(self) -> int:
        """How many parts its long list has (one for a page without a long list)."""
        return max(1, len(self.starts))

    @property
    def rows(self) -> tuple[int, int]:
        """The rows of its long list this part shows: (start, stop) indexes."""
        if not self.starts:
            return 0, self.total
        part = min(self.part, len(self.starts))
        stop = self.starts[part] if part < len(self.starts) else self.total
        return self.starts[part - 1], stop
