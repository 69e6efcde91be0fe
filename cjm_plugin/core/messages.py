"""Plain messages for pydantic's validation errors, and "did you mean", in the writer's
language (:mod:`.translate`). :func:`describe` returns a stable code with each message."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from .translate import N_, _
from .items import BASES, ITEM_STATUSES, METRIC_KINDS, METRIC_TAG, TRACKED_TAG, Metric, TrackedItem
from .lanes import LANE_BY_KEY
from .model import MAP_TYPES, MAX_REVIEW_EVERY, STATUSES

#: Texts used in several messages, translated when used.
_SCORE = N_("the emotion score must be a whole number from 1 (very negative) to 5 (very positive)")
_REVIEW = N_("must be a number of days (1 or more), or one of weekly, monthly, quarterly, yearly")
_REQUIRED_HINTS = {
    "title": N_("every map needs a title"),
    "name": N_("a name is required"),
    "score": N_("every step needs a score: its emotion, a whole number from "
                "1 (very negative) to 5 (very positive)"),
    "stages": N_("a map needs at least one stage"),
}


#: A key written on the wrong kind of file, by model: what it is, and the key meant.
_SWAPPED: dict[tuple[str, str], tuple[str, str]] = {
    ("Persona", "title"): (N_("a persona's name"), "name"),
    ("JourneyMap", "name"): (N_("a map's title"), "title"),
}
_STEPS_ON_MAP = N_("steps go inside a stage: write 'stages:', then '  - name: <the stage>' and "
                   "'    steps:' under it, with these steps indented below")
TRACKED_FIELDS: tuple[str, ...] = tuple(TrackedItem.model_fields)
METRIC_FIELDS: tuple[str, ...] = tuple(Metric.model_fields)
#: Lanes a map may use on its stages and steps (any map type).
_ALL_LANES = frozenset(LANE_BY_KEY)


def explained_by(model: str, missing: str) -> set[str]:
    """Keys whose own message already says what to do about the missing key
    ``missing``: a persona's ``title`` (for ``name``), a map's top-level ``steps``."""
    keys = {key for (m, key), (_, meant) in _SWAPPED.items() if m == model and meant == missing}
    if model == "JourneyMap" and missing == "stages":
        keys.add("steps")
    return keys


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """"; did you mean 'x'?" when one choice is close to ``word``, else ''."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return _("; did you mean '{word}'?", word=close[0]) if close else ""


def _unknown_field(key: str, allowed_keys: Iterable[str], model: str) -> tuple[str, str]:
    """A top-level key the model does not know: the usual slips get their own advice."""
    if (model, key) in _SWAPPED:
        what, meant = _SWAPPED[(model, key)]
        return "field.swapped", _("{what} is written '{meant}:', not '{key}:'; rename '{key}' to '{meant}'",
                                  what=_(what), meant=meant, key=key)
    if model == "JourneyMap" and key == "steps":
        return "field.steps-outside-stage", _(_STEPS_ON_MAP)
    if model == "JourneyMap" and key in _ALL_LANES:
        return "field.lane-on-map", _(
            "'{key}' is a lane: write it on a stage or a step (under 'stages:'), "
            "not at the top of the map", key=key)
    return "field.unknown", _("unknown field '{key}'{hint}", key=key,
                              hint=did_you_mean(key, allowed_keys))


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("empty")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, (int, float)):
        return _("a number")
    return _("a text")


def _describe_object(kind: str, name: str, value: Any, error: Mapping[str, Any],
                     what: str) -> tuple[str, str] | None:
    """Errors inside a lane entry written as an object (a tracked pain point or
    opportunity, or a metric); ``None``: the general messages fit."""
    keys = TRACKED_FIELDS if what == "tracked" else METRIC_FIELDS
    if kind == "missing":
        if what == "tracked":
            return "item.missing", _("a pain point or opportunity written as an object needs "
                                     "'{name}:' (the text of the pain point or opportunity)", name=name)
        return "metric.missing", _("a metric needs '{name}:' (what is measured, e.g. "
                                   "name: Checkout conversion)", name=name)
    if kind == "extra_forbidden":
        hint = did_you_mean(name, keys)
        if what == "tracked":
            return "item.unknown-field", _(
                "unknown field '{name}' in a pain point or opportunity written as an object"
                "{hint}; use {fields}", name=name, hint=hint, fields=", ".join(keys))
        return "metric.unknown-field", _("unknown field '{name}' in a metric{hint}; use {fields}",
                                         name=name, hint=hint, fields=", ".join(keys))
    if kind == "literal_error":
        choices = {"status": ITEM_STATUSES, "kind": METRIC_KINDS, "basis": BASES,
                   "better": ("higher", "lower")}.get(name, ())
        return f"{what if what == 'metric' else 'item'}.choice", _(
            "'{value}' is not a valid {name}; use one of: {choices}{hint}", value=value,
            name=name, choices=", ".join(choices), hint=did_you_mean(str(value), choices))
    if name in ("value", "target") and kind == "finite_number":
        return "metric.infinite", _(
            "the {name} must be a finite number, not {value!r} (.inf, .nan and numbers "
            "beyond 1e308 cannot be compared with a target); write the number measured",
            name=name, value=value)
    if name in ("value", "target") and kind in {"float_parsing", "float_type", "value_error"}:
        return "metric.number", _("the {name} must be a number, not {value!r}; write the unit "
                                  "under 'unit:' (e.g. unit: '%')", name=name, value=value)
    return None


def describe(error: Mapping[str, Any], allowed_keys: Iterable[str],
             model: str = "") -> tuple[str, str]:
    """Turn one pydantic error into (a stable code, a sentence a contributor understands)."""
    kind = error["type"]
    loc = error["loc"]
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if name.startswith("__cjm_"):  # a step's basis or source, read under a private name
        name = name[6:-2]
    value = error.get("input")
    for tag, what in ((TRACKED_TAG, "tracked"), (METRIC_TAG, "metric")):
        if tag in loc and loc[-1] != tag:
            found = _describe_object(kind, str(loc[-1]), value, error, what)
            if found:
                return found
    if "persona_scores" in loc:
        if kind in {"dict_type", "string_too_short"}:
            return "score.per-persona", _("a score per persona is written "
                                          "'score: {persona-id: 1 to 5, ...}'")
        return "score.range", _("{rule}, not {value!r}", rule=_(_SCORE), value=value)
    if kind == "missing":
        if name in _REQUIRED_HINTS:
            return f"{name}.missing", _(_REQUIRED_HINTS[name])
        return "field.missing", _("'{name}' is required", name=name)
    if kind == "extra_forbidden":
        return _unknown_field(str(loc[-1]), allowed_keys, model if len(loc) == 1 else "")
    if kind == "literal_error":
        choices = {"type": MAP_TYPES, "status": STATUSES, "basis": BASES}.get(name, ())
        return f"{name}.choice", _("'{value}' is not a valid {name}; use one of: {choices}{hint}",
                                   value=value, name=name, choices=", ".join(choices),
                                   hint=did_you_mean(str(value), choices))
    if name == "score" and isinstance(value, bool):
        return "score.yes-no", _("{rule}; YAML reads yes/no/true/false/on/off as a true/false value",
                                 rule=_(_SCORE))
    if name == "score" and kind in {
            "greater_than_equal", "less_than_equal", "int_parsing", "int_from_float", "int_type",
            "finite_number"}:
        return "score.range", _("{rule}, not {value!r}", rule=_(_SCORE), value=value)
    if name == "review_every" and kind == "less_than_equal":
        return "review_every.too-long", _(
            "{value!r} days is more than ten years; use at most {most} "
            "(or one of weekly, monthly, quarterly, yearly)", value=value, most=MAX_REVIEW_EVERY)
    if name == "review_every" and isinstance(value, str) and ":" in value:
        return "review_every.time", _(
            "{rule}, not {value!r} (YAML 1.1 would read it as a time, in minutes "
            "and seconds); write the days as one number, e.g. 90", rule=_(_REVIEW), value=value)
    if name == "review_every":
        return "review_every.invalid", _("{rule}, not {value!r}", rule=_(_REVIEW), value=value)
    if kind.startswith("date") or kind.startswith("datetime"):
        reason = (error.get("ctx") or {}).get("error")
        if reason:
            return "date.invalid", _("{value!r} is not a valid date ({reason}); write it as "
                                     "YYYY-MM-DD, e.g. 2026-10-01", value=value, reason=reason)
        return "date.invalid", _("{value!r} is not a valid date; write it as YYYY-MM-DD, "
                                 "e.g. 2026-10-01", value=value)
    if kind == "string_type":
        if isinstance(value, dict) and len(value) == 1:
            (key, rest), = value.items()
            if isinstance(rest, str) and isinstance(key, str) and not any(
                    q in key + rest for q in "\"'[]{}") and key not in (
                    *TRACKED_FIELDS, *METRIC_FIELDS):  # an entry's field, not a text's colon
                whole = f"{key}: {rest}"
                return "text.colon", _(
                    "this text contains ': ' (a colon, then a space), which starts a new "
                    "'key: value' pair; put the whole text in quotes: - \"{text}\"",
                    text=whole)
        return "text.type", _("must be a text, not {kind}", kind=_kind(value))
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        limit = (error.get("ctx") or {}).get("max_length")
        return "text.too-long", _("the text is {length} characters long; keep it to {limit} at most",
                                  length=len(str(value)), limit=limit)
    if kind == "string_too_short" or (kind == "too_short" and isinstance(value, str)):
        return "text.empty", _("must not be empty")
    if kind == "list_type":
        if name in {"stages", "steps"}:  # unlike lanes, one text is not accepted here
            return f"{name}.type", _("must be a list of {name}, each starting with '- name:', "
                                     "not {kind}", name=name, kind=_kind(value))
        return "list.type", _("must be a list (or a single text), not {kind}", kind=_kind(value))
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        if loc and loc[-2:-1] == ("stages",):
            what = _("each stage")
        elif loc and loc[-2:-1] == ("steps",):
            what = _("each step")
        else:
            what = f"'{name}'"
        return "mapping.type", _("{what} must be a mapping of 'key: value' lines, not {kind}",
                                 what=what, kind=_kind(value))
    if kind == "too_short" and name == "stages":
        return "stages.missing", _(_REQUIRED_HINTS["stages"])
    if kind == "value_error":
        return f"{name or 'value'}.invalid", str((error.get("ctx") or {}).get("error", error["msg"]))
    return f"{name or 'value'}.invalid", str(error["msg"])
