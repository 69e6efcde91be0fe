"""The automatic navigation of an MkDocs site: the core's :class:`NavBuilder` given the
site's own pages as MkDocs lists them (``core/navigation.py`` does the rest)."""

from __future__ import annotations

from mkdocs.structure.files import Files, InclusionLevel

from ..core import navigation
from ..core.navigation import NavItem


class NavBuilder(navigation.NavBuilder):
    """The generated sections; ``titles`` are the pages' (escaped) nav titles."""

    def automatic(self, files: Files) -> list[NavItem]:  # type: ignore[override]
        generated = {p.uri for p in self.pages}
        # MkDocs' own rule for its automatic nav (structure/nav.py): pages in `not_in_nav`
        # and excluded ones stay out.
        own = [f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_nav)
               if f.src_uri not in generated]
        return super().automatic(own)
