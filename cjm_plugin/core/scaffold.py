"""Starting files for ``cjm new``: valid, commented, ready to fill in."""

from __future__ import annotations

import datetime as dt
import errno
import re
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from .addresses import slugify
from .loader import PERSONAS_DIR

_env = Environment(
    loader=PackageLoader("cjm_plugin.core", "templates/new"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,  # YAML, not HTML; values are quoted with the |yaml filter below
)


def _yaml_text(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def yaml_scalar(value: str) -> str:
    """``value`` as YAML reads it back: plain when it is plain text, else quoted
    (an id like ``yes``, ``2026``, ``null`` or ``a: b`` would be read as something else)."""
    try:
        plain = yaml.safe_load(value) == value and "#" not in value and "\n" not in value
    except yaml.YAMLError:
        plain = False
    return value if plain and value.strip() == value else _yaml_text(value)


_env.filters["yaml"] = _yaml_text

#: The longest id ``cjm new`` makes from a title: an address and a file name a reader
#: can still take in (``cjm check`` accepts up to ``addresses.MAX_ID_LENGTH``).
NEW_ID_LENGTH = 60


def new_id(name: str) -> str:
    """The id (and file name) made from a title: its slug, cut at a word's end when it
    is longer than :data:`NEW_ID_LENGTH`, so that any title gives a name ``cjm check``
    accepts."""
    slug = slugify(name)
    if len(slug) <= NEW_ID_LENGTH:
        return slug
    cut = slug[:NEW_ID_LENGTH + 1]
    end = cut.rfind("-")
    return (cut[:end] if end > 0 else slug[:NEW_ID_LENGTH]).strip("-")


#: ``type:`` values guessed from how a title ends ("Onboarding — future state").
MAP_TYPES = ("current-state", "future-state", "day-in-the-life", "service-blueprint")


def guess_type(title: str) -> str | None:
    """The map type a title names at its end, ignoring case, dashes and spacing:
    'Onboarding — Service-Blueprint' -> 'service-blueprint'."""
    words = re.sub(r"[\W_]+", " ", title.lower()).split()
    for kind in MAP_TYPES:
        ending = kind.split("-")
        if words[-len(ending):] == ending:
            return kind
    return None


def new_file(kind: str, name: str, maps_dir: Path, as_of: dt.date, *,
             persona: str | None = None, map_type: str = "current-state",
             ident: str | None = None, personas_dir: str = "maps/personas") -> Path:
    """Write a starting map or persona named ``name``; never overwrite a file.

    ``ident`` is the file name without ``.md`` (default: made from ``name``); a map
    without ``persona`` gets a placeholder that ``cjm check`` reports until it is set.
    """
    ident = ident or new_id(name)
    folder = maps_dir / PERSONAS_DIR if kind == "persona" else maps_dir
    target = folder / f"{ident}.md"
    if target.exists():
        raise FileExistsError(errno.EEXIST, "already exists; choose another name", str(target))
    text = _env.get_template(f"{kind}.md").render(
        title=_yaml_text(name), ident=ident, today=as_of.isoformat(), type=map_type,
        persona=yaml_scalar(persona) if persona else None, personas_dir=personas_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
