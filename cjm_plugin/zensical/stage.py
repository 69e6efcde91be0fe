"""The handbook staged for Zensical: a docs folder and a derived configuration.

Zensical reads ``mkdocs.yml`` but runs no third-party plugin, so ``cjm build --engine
zensical`` delivers the core's plan (``core/publishing/plan.py``) as files. In a build folder that
is neither ``docs/`` nor ``maps/`` (``.cjm/stage/`` by default, which ``.gitignore``
lists), it writes:

* ``docs/``: the site's own files, copied; each generated page as Markdown (its
  front-matter and body, then a last line with the HTML the core rendered, which
  ``cjm_plugin.zensical.markdown`` puts around the body); the exports; cjm's assets;
* ``mkdocs.yml``: the site's configuration with ``docs_dir`` and ``site_dir`` pointing
  into the stage, cjm left out of ``plugins:``, the navigation filled, cjm's stylesheet,
  script and Markdown extension added. Tags (``!!python/name:…``, ``!ENV``) are kept
  as written, for Zensical to read.

A file is written only when its content changed, and files no longer planned are
removed, so that in ``cjm serve`` Zensical's differential build sees only the pages a
save changed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from cjm_plugin.core.publishing.plan import HandbookPlan, PlannedPage, docs_files
from cjm_plugin.core.reading.loader import display_path
from cjm_plugin.core.reading.project import PLUGIN_NAME, Project, read_config
from cjm_plugin.core.rendering.deferred import excluded_from_search

from .markdown import encode_parts, parts_line
from .parallel import staged_pages

#: The stage, from the project's root; ``.gitignore`` lists ``.cjm/``.
DEFAULT_STAGE = Path(".cjm") / "stage"
#: The Markdown extension that puts each generated page's HTML around its body.
EXTENSION = "cjm_plugin.zensical.markdown"


@dataclass(frozen=True)
class Tagged:
    """A YAML value with a tag the stage keeps as written (``!!python/name:x``, ``!ENV``)."""

    tag: str
    value: Any


class _TagKeepingLoader(yaml.SafeLoader):
    pass


class _TagKeepingDumper(yaml.SafeDumper):
    pass


def _keep(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return Tagged(node.tag, value)


def _dump_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_TagKeepingLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep)
_TagKeepingLoader.add_multi_constructor("!", _keep)
_TagKeepingDumper.add_representer(Tagged, _dump_tagged)


def read_tagged(path: Path) -> dict[str, Any]:
    """The configuration in ``path`` with its tags kept, ``INHERIT:`` merged."""
    return read_config(path, loader=_TagKeepingLoader)


def dump_config(config: dict[str, Any]) -> str:
    """A configuration as YAML, its tags as :func:`read_tagged` kept them."""
    return yaml.dump(config, Dumper=_TagKeepingDumper, allow_unicode=True, sort_keys=False)


def _without_cjm(plugins: Any) -> Any:
    """``plugins:`` (a list or a mapping) without cjm."""
    if isinstance(plugins, dict):
        return {name: options for name, options in plugins.items() if name != PLUGIN_NAME}
    if isinstance(plugins, list):
        return [item for item in plugins
                if item != PLUGIN_NAME and not (isinstance(item, dict) and PLUGIN_NAME in item)]
    return plugins


def _with_extension(extensions: Any, parts_dir: Path) -> Any:
    options = {"parts_dir": str(parts_dir.resolve())}
    if isinstance(extensions, dict):
        return {**extensions, EXTENSION: options}
    return [*(extensions or []), {EXTENSION: options}]


def derived_config(project: Project, plan: HandbookPlan, parts_dir: Path) -> dict[str, Any]:
    """The site's configuration as Zensical gets it from the stage."""
    config = read_tagged(project.config_file) if project.config_file else {}
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    if "plugins" in config:
        config["plugins"] = _without_cjm(config["plugins"])
    config["markdown_extensions"] = _with_extension(config.get("markdown_extensions"), parts_dir)
    if plan.nav is not None:
        config["nav"] = plan.nav
    config["extra_css"] = [*(config.get("extra_css") or []), *plan.extra_css]
    config["extra_javascript"] = [*(config.get("extra_javascript") or []),
                                  *({"path": path, "defer": True} if defer else path
                                    for path, defer in plan.extra_javascript)]
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = str((project.root / theme["custom_dir"]).resolve())
    return config


def staged_page(page: PlannedPage, *, sanitize: bool) -> tuple[str, bytes]:
    """A generated page as Zensical reads it (Markdown, then the line naming its parts
    file), and that file's content: the generated HTML and the page's sections."""
    # What the MkDocs plugin keeps from its search plugin, Zensical's search skips.
    # Section titles escaped, as Markdown's own TOC titles are.
    parts = encode_parts({
        "before": excluded_from_search(page.before), "after": excluded_from_search(page.after),
        "toc": [[s.anchor, str(escape(s.title)), s.after_body] for s in page.toc],
        "sanitize": sanitize and page.source is not None})
    body = page.markdown if page.markdown.endswith("\n") else page.markdown + "\n"
    return body + "\n" + parts_line(page.uri, parts) + "\n", parts


def staged_bytes(page: PlannedPage, *, sanitize: bool) -> tuple[bytes, bytes]:
    """:func:`staged_page` as the bytes written (what a forked process sends back)."""
    markdown, parts = staged_page(page, sanitize=sanitize)
    return markdown.encode("utf-8"), parts


class MessagePlaces:
    """For a file of the stage's ``docs/`` that Zensical names in a message
    (``maps/one.md:12:5``): the file the writer edits, as cjm's own messages name it,
    and the lines to add to Zensical's line number (a generated page's front-matter is
    cjm's, not the writer's, so its body starts on another line). Worked out when a
    message names a file, not for every page of every build; ``plan`` is replaced after
    each save in ``cjm serve`` (:meth:`update`)."""

    def __init__(self, project: Project, plan: HandbookPlan | None):
        self.project = project
        self.plan = plan

    def update(self, plan: HandbookPlan) -> None:
        """The plan of the latest save (its site's own files are listed again)."""
        self.plan = plan
        self.__dict__.pop("_own_files", None)

    def get(self, rel: str) -> tuple[str, int] | None:
        page = self.plan.pages.get(rel) if self.plan is not None else None
        if page is not None:
            if page.source is None:
                return None
            markdown = page.markdown
            staged_line = markdown.count("\n", 0, len(markdown) - len(page.spec.body)) + 1
            return page.source, page.spec.body_line - staged_line
        docs = self.project.docs_dir
        if docs is not None and rel in self._own_files:
            return display_path(docs / rel, self.project.root), 0
        return None

    @cached_property
    def _own_files(self) -> frozenset[str]:
        return frozenset(docs_files(self.project.docs_dir, self.project.maps_dir))


@dataclass
class StageResult:
    """What staging wrote: the paths (under the stage's ``docs/``) it changed."""

    config_file: Path
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _write(path: Path, content: bytes) -> bool:
    """Writes ``content`` unless the file already holds it; True when written."""
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


@dataclass
class StagedPages:
    """``cjm serve``'s staged pages from save to save: a page is rendered again only
    when what it shows changed (its digest, ``core/publishing/dependencies.py``, as in the MkDocs
    plugin's ``--dirty`` preview), or anything every page depends on (``site_key``)."""

    site_key: bytes = b""
    pages: dict[str, tuple[Any, bytes, bytes]] = field(default_factory=dict)

    def staged(self, page: PlannedPage, sanitize: bool) -> tuple[bytes, bytes]:
        key = (page.inputs, page.url, sanitize)
        kept = self.pages.get(page.uri)
        if kept is not None and kept[0] == key:
            return kept[1], kept[2]
        markdown, parts = staged_page(page, sanitize=sanitize)
        self.pages[page.uri] = (key, markdown.encode("utf-8"), parts)
        return self.pages[page.uri][1], parts

    def start(self, site_key: bytes, uris: set[str]) -> None:
        if site_key != self.site_key:
            self.pages.clear()
            self.site_key = site_key
        for uri in [uri for uri in self.pages if uri not in uris]:
            del self.pages[uri]


def stage_handbook(project: Project, plan: HandbookPlan, stage: Path, *,
                   sanitize: bool = True, kept: StagedPages | None = None) -> StageResult:
    """Writes the plan into ``stage`` (``docs/`` and ``mkdocs.yml``); with ``kept``
    (``cjm serve``), renders only the pages whose digest changed since the last time."""
    docs, parts_dir = stage / "docs", stage / "parts"
    wanted, parts = _staged_files(project, plan, sanitize, kept)
    config_text = dump_config(derived_config(project, plan, parts_dir)).encode("utf-8")
    result = StageResult(stage / "mkdocs.yml")
    _write(result.config_file, config_text)
    # The parts first: Zensical's watcher sees a page change only once its parts are there.
    for rel, part in parts.items():
        _write(parts_dir / rel, part)
    _remove_others(parts_dir, parts)
    result.changed = _write_docs(docs, wanted)
    result.removed = _remove_others(docs, wanted)
    return result


def _staged_files(project: Project, plan: HandbookPlan, sanitize: bool,
                  kept: StagedPages | None) -> tuple[dict[str, bytes | Path], dict[str, bytes]]:
    """What the stage's ``docs/`` holds (the site's own files by path, the generated
    pages, exports and assets), and each generated page's parts."""
    wanted: dict[str, bytes | Path] = {}
    parts: dict[str, bytes] = {}
    if project.docs_dir is not None:
        for rel in docs_files(project.docs_dir, project.maps_dir):
            if rel not in plan.pages:
                wanted[rel] = project.docs_dir / rel
    if kept is not None:  # cjm serve: the pages a save changed
        for uri, page in plan.pages.items():
            wanted[uri], parts[f"{uri}.parts"] = kept.staged(page, sanitize)
    else:  # cjm build: every page, in as many processes as help (parallel.py)
        for uri, (markdown, part) in staged_pages(plan, partial(staged_bytes, sanitize=sanitize)).items():
            wanted[uri], parts[f"{uri}.parts"] = markdown, part
    for uri, text in plan.exports.items():
        wanted[uri] = text.encode("utf-8")
    for uri, source in plan.assets.items():
        wanted.setdefault(uri, source)
    return wanted, parts


def _write_docs(docs: Path, wanted: dict[str, bytes | Path]) -> list[str]:
    """Writes each wanted file whose content differs; returns those written."""
    changed: list[str] = []
    for rel, content in wanted.items():
        target = docs / rel
        if isinstance(content, Path):
            if _same_file(content, target):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(content, target)
            changed.append(rel)
        elif _write(target, content):
            changed.append(rel)
    return changed


def _remove_others(folder: Path, wanted: dict[str, Any]) -> list[str]:
    """Removes the files under ``folder`` that are no longer planned (and empty folders)."""
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    for base, _dirs, files in os.walk(folder, topdown=False):
        for name in files:
            rel = (Path(base) / name).relative_to(folder).as_posix()
            if rel not in wanted:
                (Path(base) / name).unlink()
                removed.append(rel)
        if base != str(folder) and not os.listdir(base):
            os.rmdir(base)
    return removed


def _same_file(source: Path, target: Path) -> bool:
    """A copy is up to date: same size and modification time (``copy2`` keeps it)."""
    try:
        a, b = source.stat(), target.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime)
