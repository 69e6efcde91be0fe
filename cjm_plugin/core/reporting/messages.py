"""Plain messages for pydantic's validation errors, and "did you mean", in the writer's
language (:mod:`.translate`). :func:`describe` returns a stable code with each message."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cjm_plugin.core.language.translate import N_, _
from cjm_plugin.core.model.items import (
    BASES,
    ITEM_STATUSES,
    METRIC_KINDS,
    METRIC_TAG,
    TRACKED_TAG,
    Metric,
    TrackedItem,
)
from cjm_plugin.core.model.lanes import LANE_BY_KEY
from cjm_plugin.core.model.model import MAP_TYPES, MAX_REVIEW_EVERY, STATUSES

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


@dataclass(frozen=True)
class _Error:
    """One pydantic error, with what every describer reads from it."""

    raw: Mapping[str, Any]
    allowed_keys: Iterable[str]
    model: str
    kind: str
    loc: tuple[Any, ...]
    #: The last key of the location (a step's ``basis``, not its private ``__cjm_basis__``).
    name: str
    value: Any

    @classmethod
    def of(cls, error: Mapping[str, Any], allowed_keys: Iterable[str], model: str) -> _Error:
        loc = tuple(error["loc"])
        name = next((p for p in reversed(loc) if isinstance(p, str)), "")
        if name.startswith("__cjm_"):  # a step's basis or source, read under a private name
            name = name[6:-2]
        return cls(error, allowed_keys, model, error["type"], loc, name, error.get("input"))

    @property
    def ctx(self) -> Mapping[str, Any]:
        return self.raw.get("ctx") or {}


#: A stable code and the sentence a contributor reads, or None: the next describer's turn.
_Described = tuple[str, str] | None


def describe(error: Mapping[str, Any], allowed_keys: Iterable[str],
             model: str = "") -> tuple[str, str]:
    """Turn one pydantic error into (a stable code, a sentence a contributor understands)."""
    seen = _Error.of(error, allowed_keys, model)
    for describer in _DESCRIBERS:
        found = describer(seen)
        if found:
            return found
    return f"{seen.name or 'value'}.invalid", str(error["msg"])


def _in_lane_object(e: _Error) -> _Described:
    """Inside a tracked pain point or opportunity, or a metric, written as an object."""
    for tag, what in ((TRACKED_TAG, "tracked"), (METRIC_TAG, "metric")):
        if tag in e.loc and e.loc[-1] != tag:
            found = _describe_object(e.kind, str(e.loc[-1]), e.value, e.raw, what)
            if found:
                return found
    return None


def _persona_score(e: _Error) -> _Described:
    if "persona_scores" not in e.loc:
        return None
    if e.kind in {"dict_type", "string_too_short"}:
        return "score.per-persona", _("a score per persona is written "
                                      "'score: {persona-id: 1 to 5, ...}'")
    return "score.range", _("{rule}, not {value!r}", rule=_(_SCORE), value=e.value)


def _missing_or_unknown(e: _Error) -> _Described:
    """A required key left out, or a key the model does not know."""
    if e.kind == "missing":
        if e.name in _REQUIRED_HINTS:
            return f"{e.name}.missing", _(_REQUIRED_HINTS[e.name])
        return "field.missing", _("'{name}' is required", name=e.name)
    if e.kind == "extra_forbidden":
        return _unknown_field(str(e.loc[-1]), e.allowed_keys, e.model if len(e.loc) == 1 else "")
    return None


def _choice(e: _Error) -> _Described:
    if e.kind != "literal_error":
        return None
    choices = {"type": MAP_TYPES, "status": STATUSES, "basis": BASES}.get(e.name, ())
    return f"{e.name}.choice", _("'{value}' is not a valid {name}; use one of: {choices}{hint}",
                                 value=e.value, name=e.name, choices=", ".join(choices),
                                 hint=did_you_mean(str(e.value), choices))


def _score(e: _Error) -> _Described:
    if e.name == "score" and isinstance(e.value, bool):
        return "score.yes-no", _("{rule}; YAML reads yes/no/true/false/on/off as a true/false value",
                                 rule=_(_SCORE))
    if e.name == "score" and e.kind in {
            "greater_than_equal", "less_than_equal", "int_parsing", "int_from_float", "int_type",
            "finite_number"}:
        return "score.range", _("{rule}, not {value!r}", rule=_(_SCORE), value=e.value)
    return None


def _review_every(e: _Error) -> _Described:
    if e.name != "review_every":
        return None
    value = e.value
    if e.kind == "less_than_equal":
        return "review_every.too-long", _(
            "{value!r} days is more than ten years; use at most {most} "
            "(or one of weekly, monthly, quarterly, yearly)", value=value, most=MAX_REVIEW_EVERY)
    if isinstance(value, str) and ":" in value:
        return "review_every.time", _(
            "{rule}, not {value!r} (YAML 1.1 would read it as a time, in minutes "
            "and seconds); write the days as one number, e.g. 90", rule=_(_REVIEW), value=value)
    return "review_every.invalid", _("{rule}, not {value!r}", rule=_(_REVIEW), value=value)


def _date(e: _Error) -> _Described:
    if not (e.kind.startswith("date") or e.kind.startswith("datetime")):
        return None
    reason = e.ctx.get("error")
    if reason:
        return "date.invalid", _("{value!r} is not a valid date ({reason}); write it as "
                                 "YYYY-MM-DD, e.g. 2026-10-01", value=e.value, reason=reason)
    return "date.invalid", _("{value!r} is not a valid date; write it as YYYY-MM-DD, "
                             "e.g. 2026-10-01", value=e.value)


def _text(e: _Error) -> _Described:
    """Not a text (a text with ': ' read as a mapping, most often), too long or empty."""
    kind, value = e.kind, e.value
    if kind == "string_type":
        return _colon_in_text(value) or ("text.type", _("must be a text, not {kind}",
                                                        kind=_kind(value)))
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return "text.too-long", _("the text is {length} characters long; keep it to {limit} at most",
                                  length=len(str(value)), limit=e.ctx.get("max_length"))
    if kind == "string_too_short" or (kind == "too_short" and isinstance(value, str)):
        return "text.empty", _("must not be empty")
    return None


def _colon_in_text(value: Any) -> _Described:
    """A text YAML read as a one-key mapping, as ``- Wait: long`` is."""
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
    return None


def _list_or_mapping(e: _Error) -> _Described:
    """A list or a mapping expected, something else written."""
    name, loc = e.name, e.loc
    if e.kind == "list_type":
        if name in {"stages", "steps"}:  # unlike lanes, one text is not accepted here
            return f"{name}.type", _("must be a list of {name}, each starting with '- name:', "
                                     "not {kind}", name=name, kind=_kind(e.value))
        return "list.type", _("must be a list (or a single text), not {kind}", kind=_kind(e.value))
    if e.kind in {"dict_type", "model_type", "model_attributes_type"}:
        if loc and loc[-2:-1] == ("stages",):
            what = _("each stage")
        elif loc and loc[-2:-1] == ("steps",):
            what = _("each step")
        else:
            what = f"'{name}'"
        return "mapping.type", _("{what} must be a mapping of 'key: value' lines, not {kind}",
                                 what=what, kind=_kind(e.value))
    return None


def _no_stages_or_invalid(e: _Error) -> _Described:
    """A map without stages, or a value a validator refused (its own message)."""
    if e.kind == "too_short" and e.name == "stages":
        return "stages.missing", _(_REQUIRED_HINTS["stages"])
    if e.kind == "value_error":
        return f"{e.name or 'value'}.invalid", str(e.ctx.get("error", e.raw["msg"]))
    return None


#: Asked in this order; the first that knows the error describes it.
_DESCRIBERS: tuple[Callable[[_Error], _Described], ...] = (
    _in_lane_object, _persona_score, _missing_or_unknown, _choice, _score, _review_every,
    _date, _text, _list_or_mapping, _no_stages_or_invalid)
