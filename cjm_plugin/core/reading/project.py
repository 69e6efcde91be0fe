"""The team's site configuration as the ``cjm`` command needs it, without MkDocs.

``cjm check`` and ``cjm new`` must read the maps where the site reads them, so they
find the site's ``mkdocs.yml`` (or ProperDocs' ``properdocs.yml``) by walking up from
the working folder and take the ``cjm`` plugin's ``maps_dir`` and ``review_every`` and
the theme's language from it, with the plugin's defaults.

The file is read with PyYAML's safe loader, extended to accept the tags MkDocs
configurations use (``!!python/name:…``, ``!ENV``, ``!relative``) without running
anything: a ``!!python/…`` tag becomes its name as text, ``!ENV`` reads the
environment as MkDocs does. MkDocs itself is never imported, so the command works
with either MkDocs or ProperDocs installed, or neither.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.model import MAX_REVIEW_EVERY
from cjm_plugin.core.model.reviews import DEFAULT_REVIEW_EVERY, review_every_allowed

#: The names the site generators look for, in their order (ProperDocs reads its own
#: name first, then MkDocs' names).
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")
PLUGIN_NAME = "cjm"
DEFAULT_MAPS_DIR = "maps"
DEFAULT_DOCS_DIR = "docs"


class ConfigError(Exception):
    """The site's configuration file cannot be read as cjm needs it."""


@dataclass(frozen=True)
class Project:
    """Where the maps are and how they are judged, as the site's plugin sees them."""

    #: The folder of the configuration file (or the working folder when there is none):
    #: paths in messages are relative to it, as the site's build prints them.
    root: Path
    #: The configuration file, or None when none was found.
    config_file: Path | None
    maps_dir: Path
    review_every: int = DEFAULT_REVIEW_EVERY
    language: str = "en"
    templates_dir: Path | None = None
    #: The site's ``docs_dir`` and ``use_directory_urls``: where the pages written by
    #: hand are, and where MkDocs writes them (a map's page must not replace one). An
    #: engine that cjm stages (Zensical) copies the pages from ``docs_dir``.
    docs_dir: Path | None = None
    use_directory_urls: bool = True
    #: The ``cjm`` plugin's options as written (``None``: the site does not list cjm).
    options: dict[str, Any] | None = field(default=None, compare=False)
    #: The whole configuration as read (tags as plain data), for the staged copy.
    settings: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def uses_plugin(self) -> bool:
        """The configuration lists ``cjm`` in ``plugins:``."""
        return self.options is not None


class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' tags as plain data and never runs them."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # ``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable that is
    # set, else the last item when it is not a variable name (as pyyaml-env-tag does).
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
        default = None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else None
    return default


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Any other tag (``!!python/name:x.y``, ``!relative``…): its value as plain data."""
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node) or suffix
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)
_ConfigLoader.add_multi_constructor("!", _any_tag)


def read_config(path: Path, _seen: tuple[Path, ...] = (), *,
                loader: type[yaml.SafeLoader] | None = None) -> dict[str, Any]:
    """The configuration in ``path``, with ``INHERIT:`` files merged in as MkDocs does.
    ``loader`` reads the YAML (by default one that ignores MkDocs' ``!ENV``-style tags;
    the Zensical stage passes one that keeps them, to write them back)."""
    loader = loader or _ConfigLoader
    path = path.resolve()
    if path in _seen:
        raise ConfigError(_("{file}: INHERIT loops back to itself", file=path.name))
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=loader)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(_("{file}: cannot be read ({reason})", file=path.name, reason=exc)) from None
    except yaml.YAMLError as exc:
        raise ConfigError(_("{file}: not valid YAML ({reason})", file=path.name,
                            reason=" ".join(str(exc).split()))) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(_("{file}: expected settings (key: value), not a single value",
                            file=path.name))
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        return _merge(read_config(path.parent / parent, (*_seen, path), loader=loader), data)
    return data


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Nested settings merged, the child winning; lists are replaced (as mergedeep does)."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in ``start`` or a folder above it. The search
    stops at the top of a Git repository, so a file outside the team's repository is
    never picked up."""
    folder = start.resolve()
    while True:
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def find_repository(start: Path) -> Path | None:
    """The top folder of the Git repository holding ``start``, if any: GitHub's
    annotations name files from there."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / ".git").exists():
            return folder
    return None


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The ``cjm`` plugin's options (``{}`` when listed without options), or None when
    the configuration does not use the plugin. ``plugins:`` may be a list of names and
    one-key mappings, or a mapping of names to options."""
    plugins = config.get("plugins")
    entries: list[tuple[Any, Any]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, dict):
                entries.extend(item.items())
            else:
                entries.append((item, None))
    for name, options in entries:
        if name == PLUGIN_NAME:
            return options if isinstance(options, dict) else {}
    return None


def _language(config: dict[str, Any]) -> str:
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return str(language) if language else "en"


def load_project(cwd: Path | None = None, config_file: Path | None = None) -> Project:
    """The project around ``cwd`` (default: the working folder), or the one configured
    by ``config_file``. Without a configuration file, the plugin's defaults apply with
    the working folder as the project's root."""
    cwd = (cwd or Path.cwd()).resolve()
    if config_file is not None:
        config_file = (cwd / config_file).resolve()
        if not config_file.is_file():
            raise ConfigError(_("{file}: no such file ({path})", file=config_file.name,
                                path=config_file))
    else:
        config_file = find_config(cwd)
    if config_file is None:
        return Project(root=cwd, config_file=None, maps_dir=cwd / DEFAULT_MAPS_DIR,
                       docs_dir=cwd / DEFAULT_DOCS_DIR)

    config = read_config(config_file)
    root = config_file.parent
    listed = plugin_options(config)
    options = listed or {}
    maps_dir = options.get("maps_dir", DEFAULT_MAPS_DIR)
    review_every = options.get("review_every", DEFAULT_REVIEW_EVERY)
    templates_dir = options.get("templates_dir")
    docs_dir = config.get("docs_dir") or DEFAULT_DOCS_DIR
    directory_urls = config.get("use_directory_urls", True)
    name = config_file.name
    if not isinstance(maps_dir, str) or not maps_dir:
        raise ConfigError(_("{file}: the cjm plugin's maps_dir must be a folder name, not {value!r}",
                            file=name, value=maps_dir))
    if not review_every_allowed(review_every):
        raise ConfigError(_("{file}: the cjm plugin's review_every must be a number of days "
                            "from 1 to {most}, not {value!r}", file=name, value=review_every,
                            most=MAX_REVIEW_EVERY))
    if templates_dir is not None and not isinstance(templates_dir, str):
        raise ConfigError(_("{file}: the cjm plugin's templates_dir must be a folder name, "
                            "not {value!r}", file=name, value=templates_dir))
    return Project(
        root=root,
        config_file=config_file,
        # Not resolved: the loader must see a link that leads out of the project.
        maps_dir=Path(os.path.abspath(root / maps_dir)),
        review_every=review_every,
        language=_language(config),
        templates_dir=(root / templates_dir).resolve() if templates_dir else None,
        docs_dir=Path(os.path.abspath(root / str(docs_dir))),
        use_directory_urls=directory_urls is not False,
        options=listed,
        settings=config,
    )
