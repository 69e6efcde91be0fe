"""Lane keys: every key on a stage or step is one of its own or a lane the map may use.

A check on one file, run before the model: it reads the raw front-matter, so a
file with a wrong score still gets its misspelt lanes reported in the same run.
Which lanes a map may use is known in :mod:`cjm_plugin.core.model.lanes`.
"""

from __future__ import annotations

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.lanes import (
    BLUEPRINT_LANES,
    FUTURE_LANES,
    RESERVED_KEYS,
    STAGE_KEYS,
    STEP_KEYS,
    allowed_lanes,
)
from cjm_plugin.core.reading.source import KeyPath, SourceFile
from cjm_plugin.core.reporting.problems import Problem, field_path

from .inputs import FileInput


def check_lanes(file: FileInput) -> list[Problem]:
    """Every key on a stage or step must be a lane the map may use."""
    src = file.src
    found: list[Problem] = []
    data = src.data if isinstance(src.data, dict) else {}
    declared = data.get("lanes")
    if isinstance(declared, dict):
        for key in declared:
            if key in RESERVED_KEYS:
                what = (_("the key custom lanes are declared under") if key == "lanes"
                        else _("a built-in key of stages and steps"))
                found.append(src.problem(
                    ("lanes", key), _("'{key}' is {what}, not a lane; choose another name",
                                      key=key, what=what),
                    field_name=f"lanes.{key}", of_key=True, code="lanes.reserved"))
    allowed = allowed_lanes(str(data.get("type", "")), declared)
    stages = data.get("stages")
    for si, stage in enumerate(stages if isinstance(stages, list) else []):
        if not isinstance(stage, dict):
            continue
        found += _check(src, ("stages", si), stage, allowed, STAGE_KEYS, "stage")
        steps = stage.get("steps")
        for ti, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, dict):
                found += _check(src, ("stages", si, "steps", ti), step, allowed, STEP_KEYS, "step")
    return found


def _check(src: SourceFile, where: KeyPath, entry: dict[str, object], allowed: list[str],
           own: tuple[str, ...], what: str) -> list[Problem]:
    found: list[Problem] = []
    for key in entry:
        if key in own or key in allowed:
            continue
        loc = (*where, key)
        if key == "lanes":
            code, message = "lanes.on-step", _(
                "custom lanes are declared once, at the top of the map under 'lanes:', "
                "then used on stages and steps by their key")
        elif key in FUTURE_LANES:
            code, message = "lane.future-only", _(
                "'{key}' is for future-state maps: it names the pain points of the "
                "current state that a step resolves; set 'type: future-state' and "
                "'compares:', or remove it", key=key)
        elif key in BLUEPRINT_LANES:
            code, message = "lane.blueprint-only", _(
                "'{key}' is a service-blueprint lane; set 'type: service-blueprint' "
                "or declare it under 'lanes:'", key=key)
        else:
            hint = src.hint(str(key), [*own, *allowed])
            code, message = "lane.unknown", (
                _("unknown key '{key}' on a stage{hint} (a custom lane must be declared under "
                  "'lanes:')", key=key, hint=hint) if what == "stage" else
                _("unknown key '{key}' on a step{hint} (a custom lane must be declared under "
                  "'lanes:')", key=key, hint=hint))
        found.append(src.problem(loc, message, field_name=field_path(loc), of_key=True, code=code))
    return found
