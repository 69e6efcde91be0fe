"""The map file ``cjm import`` writes: the front-matter in YAML, with comments that
say where it came from, what to check, and which scores are placeholders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from cjm_plugin.core.checks.placeholders import PERSONA_TODO
from cjm_plugin.core.language.translate import N_, _
from cjm_plugin.core.writing.sheets.importer import PLACEHOLDER_SCORE, Imported

#: A score's comment that marks it as a placeholder; ``cjm check`` warns about a score
#: line carrying it (see :mod:`cjm_plugin.core.checks.placeholders`).
SCORE_TODO = N_("# TODO: set the score, 1 (very negative) .. 5 (very positive)")
_SCORE_MARK = "__cjm_placeholder_score__"
_PERSONA_MARK = "__cjm_placeholder_persona__"


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as ``cjm new`` and the docs write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def map_text(found: Imported, *, source: str, sheet: str | None, as_of: dt.date,
             personas_dir: str) -> str:
    """The map file's text for ``found`` (read from ``source``, sheet ``sheet``)."""
    data: dict[str, Any] = {k: v for k, v in found.data.items()}
    if "persona" not in data and "personas" not in data:
        data = {**{k: v for k, v in data.items() if k in ("title", "type")},
                "persona": _PERSONA_MARK,
                **{k: v for k, v in data.items() if k not in ("title", "type")}}
    # A new map is a draft, reviewed today; the fields go before the lanes and stages.
    rest = {k: data.pop(k) for k in ("lanes", "stages") if k in data}
    data.setdefault("status", "draft")
    data.setdefault("updated", as_of.isoformat())
    data.update(rest)
    for si, ti in found.placeholder_scores:
        data["stages"][si]["steps"][ti]["score"] = _SCORE_MARK
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000,
                     default_flow_style=False)
    # The comments are in the writer's language; each placeholder's comment keeps "TODO".
    body = body.replace(f"score: {_SCORE_MARK}", f"score: {PLACEHOLDER_SCORE}  {_(SCORE_TODO)}")
    body = body.replace(f"persona: {_PERSONA_MARK}", f"persona: {PERSONA_TODO}  # " + _(
        "TODO: the id of a persona (a file in {folder}/); `cjm check` reports it until set",
        folder=personas_dir))
    where = _("{file} (sheet '{sheet}')", file=source, sheet=sheet) if sheet else source
    head = "".join(f"# {line}\n" for line in (
        _("Imported by `cjm import` from {source} on {date}.", source=where, date=as_of.isoformat()),
        _("Check it with: cjm check      The fields a map may have: cjm schema map"),
        _("Lanes are lists: one entry per line of the sheet's cell. Each step's score is an"),
        _("emotion from 1 (very negative) to 5 (very positive).")))
    body_text = _("Context, research sources and notes about this journey, in Markdown.")
    return f"---\n{head}{body}---\n\n{body_text}\n"
