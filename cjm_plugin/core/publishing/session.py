"""What a preview session keeps from one build to the next, in one place.

``mkdocs serve`` loads the handbook and builds the site again on every save. A save
changes one file, so most of that work can be kept: each file's parse and checks (by
the digest of its bytes), and the backlog's rows and exports, one part per map. The
engine adapter creates one :class:`SessionCache` when a preview starts and passes it
down; it lives exactly as long as the preview. A build, ``cjm check`` or any other
single run passes none, and everything is made afresh, as before: no cache is a module
global, so nothing a run reads is decided by an earlier run in the same process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cjm_plugin.core.publishing.kept import KeptParts
from cjm_plugin.core.reading.source import SourceFile

#: A file's parse, by (absolute path, shown path, kind, language of the messages):
#: (digest of its bytes, source with problems, model or None, id).
FileKey = tuple[str, str, str, str]
FileEntry = tuple[bytes, SourceFile, Any, str]


@dataclass
class SessionCache:
    """Caches with the lifetime of one preview session."""

    #: Each file's parse and own checks (``loader._read_checked``), used again only
    #: for the very same bytes; a file that is gone is forgotten.
    files: dict[FileKey, FileEntry] = field(default_factory=dict)
    #: The backlog page's rows, one part per map and kind (``render.Renderer``).
    backlog_rows: KeptParts[str] = field(default_factory=KeptParts)
    #: The backlog's CSV and JSON exports, one part per map (``exports``).
    backlog_csv: KeptParts[str] = field(default_factory=KeptParts)
    backlog_json: KeptParts[str] = field(default_factory=KeptParts)
    #: The backlog's records, one part per map (``exports.backlog_groups``).
    backlog_records: KeptParts[list[dict[str, str]]] = field(default_factory=KeptParts)
    #: The backlog page's data file, one part per map (``backlog_data``).
    backlog_data: KeptParts[str] = field(default_factory=KeptParts)
