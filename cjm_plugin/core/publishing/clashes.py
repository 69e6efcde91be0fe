"""The pages and files cjm publishes, against the pages and files the site already has.

A map's id chooses where its page and its export are written (``maps/<id>/``,
``maps/<id>.json``); a pull request that adds a map can choose the address of a page
the team wrote by hand in ``docs/``. Nothing cjm makes may replace a file of the site,
or be replaced by one: a map or persona whose page or export would land on one is an
error in its own file and is not published (so no index links to it); any other file
cjm makes (an index page's address taken by another file, an export, an asset) is an
error located at the site's file, which is kept.

Where MkDocs writes a file is computed here, with MkDocs' own rules (``File.dest_uri``:
``a.md``, ``a/index.md`` and ``a/README.md`` are all ``a/index.html`` with directory
URLs), so that ``cjm check`` (without MkDocs) and every build find the same clashes.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cjm_plugin.core.language.translate import N_, _
from cjm_plugin.core.publishing.addresses import (
    ASSETS_DIR,
    BACKLOG_CSV,
    BACKLOG_DATA,
    BACKLOG_JSON,
    METRICS_CSV,
    METRICS_JSON,
    collision_key,
)
from cjm_plugin.core.reporting.problems import Problem

#: The endings MkDocs reads as Markdown pages (``mkdocs.utils.markdown_extensions``).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")

#: The site-wide exports, each with what it is, for messages.
EXPORTS = {BACKLOG_CSV: N_("the backlog as CSV"), BACKLOG_JSON: N_("the backlog as JSON"),
           BACKLOG_DATA: N_("the backlog page's data"),
           METRICS_CSV: N_("the metrics as CSV"), METRICS_JSON: N_("the metrics as JSON")}


def output_path(uri: str, use_directory_urls: bool = True) -> str:
    """Where a file of the site (a path relative to ``docs/``) is written in ``site/``,
    as MkDocs writes it."""
    if not uri.endswith(MARKDOWN_SUFFIXES):
        return uri
    parent, name = posixpath.split(uri)
    stem = posixpath.splitext(name)[0]
    stem = "index" if stem == "README" else stem
    if not use_directory_urls or stem == "index":
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


def published(uri: str) -> bool:
    """Whether MkDocs publishes a file of ``docs/`` at all: by default it leaves out
    names starting with ``.`` and the top ``templates/`` folder (``exclude_docs``)."""
    parts = uri.split("/")
    return not any(part.startswith(".") for part in parts) and parts[0] != "templates"


@dataclass
class SiteFiles:
    """The files the site has before cjm adds its own: by where each is written (in any
    capitals: many computers cannot tell ``A`` from ``a``), with the path messages show."""

    use_directory_urls: bool = True
    #: Each file's path relative to ``docs/``, and the path messages show for it.
    sources: dict[str, str] = field(default_factory=dict)
    _outputs: dict[str, str] = field(default_factory=dict)
    _folders: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, files: Iterable[tuple[str, str]], use_directory_urls: bool = True) -> SiteFiles:
        """``files``: each file's path relative to ``docs/`` and the path messages show."""
        site = cls(use_directory_urls)
        for uri, shown in files:
            if not published(uri):
                continue
            site.sources[uri] = shown
            out = collision_key(output_path(uri, use_directory_urls))
            site._outputs.setdefault(out, shown)
            parts = out.split("/")
            for depth in range(1, len(parts)):
                site._folders.setdefault("/".join(parts[:depth]), shown)
        return site

    def clash(self, uri: str) -> str | None:
        """The site's file that a file cjm makes at ``uri`` (``maps/x.md``, ``maps/x.json``)
        would replace, or that stands where it needs a folder (or a folder where it
        needs a file); None when there is none."""
        out = collision_key(output_path(uri, self.use_directory_urls))
        if out in self._outputs:
            return self._outputs[out]
        if out in self._folders:
            return self._folders[out]
        parts = out.split("/")
        for depth in range(1, len(parts)):
            hit = self._outputs.get("/".join(parts[:depth]))
            if hit is not None:
                return hit
        return None

    def replaces_index(self, uri: str) -> bool:
        """Whether the site has its own page at exactly the address of an index page
        (``backlog/index.md``): that page is used instead of the generated one."""
        return uri in self.sources


def docs_files(docs_dir: Path, root: Path | None, *, skip: Path | None = None) -> list[tuple[str, str]]:
    """The files of ``docs_dir`` (relative paths, and as messages show them), without
    following links and without the folder ``skip`` (the maps, when they live in docs/)."""
    from cjm_plugin.core.reading.loader import display_path  # the loader imports this module

    if not docs_dir.is_dir():
        return []
    found: list[tuple[str, str]] = []
    skipped = os.path.abspath(skip) if skip is not None else None
    for folder, dirs, names in os.walk(docs_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if os.path.abspath(os.path.join(folder, d)) != skipped)
        for name in sorted(names):
            path = Path(folder, name)
            found.append((path.relative_to(docs_dir).as_posix(), display_path(path, root)))
    return found


def site_problems(site: SiteFiles) -> list[Problem]:
    """The site's own files that stand where cjm publishes an index page, an export or
    an asset; each is kept, and the generated file is not published."""
    from cjm_plugin.core.publishing.pages import (
        INDEX_KINDS,  # pages -> contexts -> broken -> loader -> this module
    )

    made = {f"{kind.name}/index.md": _("the page '{page}'", page=f"{kind.name}/") for kind in INDEX_KINDS}
    made.update({uri: _(what) for uri, what in EXPORTS.items()})
    problems: list[Problem] = []
    for uri, what in made.items():
        hand = site.clash(uri)
        if hand is None or (uri.endswith("/index.md") and site.replaces_index(uri)):
            continue
        problems.append(Problem(hand, 1, 1, _(
            "cjm publishes {what} at {path}, where this file would be written too; nothing is "
            "overwritten and {what} is not published until you move or rename this file",
            what=what, path=output_path(uri, site.use_directory_urls)), code="site.clash"))
    assets = collision_key(ASSETS_DIR)
    for uri, shown in site.sources.items():
        out = collision_key(output_path(uri, site.use_directory_urls))
        if out == assets or out.startswith(assets + "/") or assets.startswith(out + "/"):
            problems.append(Problem(shown, 1, 1, _(
                "the folder {folder}/ holds cjm's own scripts and styles; nothing is "
                "overwritten, but pages may look broken until you move or rename this file",
                folder=ASSETS_DIR), code="site.assets"))
    return problems

