"""A body draws no diagram: Mermaid written in a body is shown as text.

Mermaid lays each diagram out in the reader's browser, and a body could carry any
number of dense ones (forty flowcharts kept a browser busy for minutes). The body's
HTML loses the class ``mermaid`` (:mod:`~cjm_plugin.core.rendering.sanitize`); this check tells
the writer why their diagram shows as text, where it is written.
"""

from __future__ import annotations

import re

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.reporting.problems import Problem

from .inputs import FileInput

#: A fence opened as ```mermaid or ~~~mermaid (also ``` {.mermaid}), or an HTML
#: element of class mermaid.
_MERMAID = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[ \t]*\{?[ \t]*\.?mermaid\b"
                      r"|class\s*=\s*[\"']?[^\"'>]*\bmermaid\b", re.IGNORECASE)


def check_body_diagrams(file: FileInput) -> list[Problem]:
    """A warning at the first Mermaid diagram of the body, if any."""
    src = file.src
    for at, line in enumerate(src.body.split("\n")):
        if _MERMAID.search(line):
            return [Problem(src.path, src.body_line + at, 1, _(
                "a Mermaid diagram in the text below the front-matter is shown as text, not "
                "drawn: only the map's own journey is drawn; put a picture of the diagram "
                "here instead (![description](picture.png))"), severity="warning",
                code="body.diagram")]
    return []
