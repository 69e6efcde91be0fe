"""``mkdocs build`` into a fresh folder, moved into place only when the build succeeded.

MkDocs empties ``site_dir`` first and writes every file into it as it goes; a build that
fails half-way (a full disk, a crash, ``--strict``) leaves half a site, which a deploy
step that does not check the exit code would publish. Here the build writes into a
hidden folder beside ``site_dir``; when MkDocs shuts down (``on_shutdown``, which it
calls whether the build succeeded or not) that folder replaces ``site_dir`` if the build
got through ``on_post_build`` without an error, and is removed otherwise, leaving the
previous site as it was.

Only ``mkdocs build`` without ``--dirty`` is staged: a dirty build adds to the existing
site, and ``mkdocs serve`` builds into a temporary folder of its own. The staging folder
is beside ``site_dir`` so the final move is a rename on the same file system, and it
needs room for the new site while the old one is still there.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("cjm")


class StagedSite:
    """The site folder a build writes to, and where it goes once the build is over."""

    def __init__(self) -> None:
        self.target: Path | None = None
        self.staging: Path | None = None
        self.built = False
        self.failed = False

    def start(self, config: MkDocsConfig) -> None:
        """Point MkDocs at a fresh folder beside ``site_dir``."""
        target = Path(config.site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.target = target
        self.staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
        self.built = self.failed = False
        config.site_dir = str(self.staging)

    def finish(self) -> None:
        """Move the new site into place if the build succeeded, else remove it."""
        target, staging = self.target, self.staging
        self.target = self.staging = None
        if target is None or staging is None:
            return
        if self.failed or not self.built:
            shutil.rmtree(staging, ignore_errors=True)
            # MkDocs has said why; the exact lines a failed build prints stay MkDocs' own.
            log.debug("the build did not finish: %s", "the previous site in "
                        f"{target} is kept as it was" if target.exists() else
                        f"nothing was written to {target}")
            return
        old = None
        if target.exists() or target.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.replace(target, old / target.name)
        os.replace(staging, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
