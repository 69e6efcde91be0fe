"""Starting files for ``cjm new``: valid, commented, ready to fill in."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from .loader import PERSONAS_DIR

_env = Environment(
    loader=PackageLoader("cjm_plugin.core", "templates/new"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,  # YAML, not HTML; values are quoted with the |yaml filter below
)


def _yaml_text(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


_env.filters["yaml"] = _yaml_text


def slugify(name: str) -> str:
    """'Dina — the busy professional' -> 'dina-the-busy-professional'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "untitled"


def new_file(kind: str, name: str, maps_dir: Path, on: dt.date,
             persona: str | None = None) -> Path:
    """Write a starting map or persona named ``name``; never overwrite a file."""
    ident = slugify(name)
    folder = maps_dir / PERSONAS_DIR if kind == "persona" else maps_dir
    target = folder / f"{ident}.md"
    if target.exists():
        raise FileExistsError(f"{target} already exists; choose another name")
    text = _env.get_template(f"{kind}.md").render(
        title=_yaml_text(name), ident=ident, today=on.isoformat(), persona=persona)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
