"""Labels in the site's language: one YAML file per language, English as fallback."""

from __future__ import annotations

from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import yaml

FALLBACK = "en"


@cache
def _shipped(language: str) -> dict[str, str]:
    try:
        text = resources.files("cjm_plugin.core").joinpath(f"locales/{language}.yml").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return {str(k): str(v) for k, v in (yaml.safe_load(text) or {}).items()}



class Labels:
    """``labels("overdue_maps")`` -> 'Overdue' in the chosen language, and
    ``labels.plural("overdue_by", 3)`` -> 'Overdue by 3 days'.

    ``language`` is MkDocs' ``theme.language`` (``en``, ``id``, ``pt-BR``…); a
    regional code falls back to its base language, then to English. A site may
    add or override labels with its own ``<language>.yml`` in ``extra_dir``.
    """

    def __init__(self, language: str = FALLBACK, extra_dir: Path | None = None):
        self.language = language or FALLBACK
        base = self.language.split("-")[0].split("_")[0]
        table: dict[str, str] = dict(_shipped(FALLBACK))
        for code in dict.fromkeys([base, self.language]):
            table.update(_shipped(code))
            if extra_dir is not None and (extra_dir / f"{code}.yml").is_file():
                data = yaml.safe_load((extra_dir / f"{code}.yml").read_text("utf-8")) or {}
                table.update({str(k): str(v) for k, v in data.items()})
        self._table = table

    def __call__(self, key: str, **fields: object) -> str:
        text = self._table.get(key, key)
        return text.format(**fields) if fields else text

    @cached_property
    def key(self) -> int:
        """Changes when any label changes: outputs kept between preview builds use it."""
        return hash(tuple(sorted(self._table.items())))

    def has(self, key: str) -> bool:
        return key in self._table

    def plural(self, key: str, count: int, **fields: object) -> str:
        """``key.one`` when ``count`` is 1, else ``key.other``, with ``count`` filled in:
        '1 map overdue', '3 maps overdue'. A language without plural forms writes the
        same text under both keys."""
        return self(f"{key}.one" if count == 1 else f"{key}.other", count=count, **fields)
