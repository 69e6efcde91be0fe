"""Plain-English messages for pydantic's validation errors, and "did you mean"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from .items import BASES, ITEM_STATUSES, METRIC_KINDS, METRIC_TAG, TRACKED_TAG, Metric, TrackedItem
from .lanes import BLUEPRINT_LANES, COMMON_LANES, FUTURE_LANES
from .model import MAP_TYPES, MAX_REVIEW_EVERY, STATUSES

_SCORE = "the emotion score must be a whole number from 1 (very negative) to 5 (very positive)"
_REVIEW = ("must be a number of days (1 or more), or one of weekly, monthly, "
           "quarterly, yearly")
_REQUIRED_HINTS = {
    "title": "every map needs a title",
    "name": "a name is required",
    "score": ("every step needs a score: its emotion, a whole number from "
              "1 (very negative) to 5 (very positive)"),
    "stages": "a map needs at least one stage",
}


#: A key written on the wrong kind of file, by model: what it is, and the key meant.
_SWAPPED: dict[tuple[str, str], tuple[str, str]] = {
    ("Persona", "title"): ("a persona's name", "name"),
    ("JourneyMap", "name"): ("a map's title", "title"),
}
_STEPS_ON_MAP = ("steps go inside a stage: write 'stages:', then '  - name: <the stage>' and "
                 "'    steps:' under it, with these steps indented below")
TRACKED_FIELDS: tuple[str, ...] = tuple(TrackedItem.model_fields)
METRIC_FIELDS: tuple[str, ...] = tuple(Metric.model_fields)
#: Lanes a map may use on its stages and steps (any map type).
_ALL_LANES = frozenset(COMMON_LANES + BLUEPRINT_LANES + FUTURE_LANES)


def explained_by(model: str, missing: str) -> set[str]:
    """Keys whose own message already says what to do about the missing key
    ``missing``: a persona's ``title`` (for ``name``), a map's top-level ``steps``."""
    keys = {key for (m, key), (_, meant) in _SWAPPED.items() if m == model and meant == missing}
    if model == "JourneyMap" and missing == "stages":
        keys.add("steps")
    return keys


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when one choice is close to ``word``, else ''."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _unknown_field(key: str, allowed_keys: Iterable[str], model: str) -> str:
    """A top-level key the model does not know: the usual slips get their own advice."""
    if (model, key) in _SWAPPED:
        what, meant = _SWAPPED[(model, key)]
        return f"{what} is written '{meant}:', not '{key}:'; rename '{key}' to '{meant}'"
    if model == "JourneyMap" and key == "steps":
        return _STEPS_ON_MAP
    if model == "JourneyMap" and key in _ALL_LANES:
        return (f"'{key}' is a lane: write it on a stage or a step (under 'stages:'), "
                "not at the top of the map")
    return f"unknown field '{key}'{did_you_mean(key, allowed_keys)}"


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return "a text"


def _describe_object(kind: str, name: str, value: Any, error: Mapping[str, Any],
                     what: str) -> str | None:
    """Errors inside a lane entry written as an object (a tracked pain point or
    opportunity, or a metric); ``None``: the general messages fit."""
    keys = TRACKED_FIELDS if what == "tracked" else METRIC_FIELDS
    noun = "a pain point or opportunity written as an object" if what == "tracked" else "a metric"
    if kind == "missing":
        return (f"{noun} needs '{name}:' ("
                + ("the text of the pain point or opportunity)" if name == "text"
                   else "what is measured, e.g. name: Checkout conversion)"))
    if kind == "extra_forbidden":
        return (f"unknown field '{name}' in {noun}{did_you_mean(name, keys)}; "
                f"use {', '.join(keys)}")
    if kind == "literal_error":
        choices = {"status": ITEM_STATUSES, "kind": METRIC_KINDS, "basis": BASES,
                   "better": ("higher", "lower")}.get(name, ())
        return (f"'{value}' is not a valid {name}; use one of: {', '.join(choices)}"
                f"{did_you_mean(str(value), choices)}")
    if name in ("value", "target") and kind == "finite_number":
        return (f"the {name} must be a finite number, not {value!r} (.inf, .nan and numbers "
                "beyond 1e308 cannot be compared with a target); write the number measured")
    if name in ("value", "target") and kind in {"float_parsing", "float_type", "value_error"}:
        return (f"the {name} must be a number, not {value!r}; write the unit under 'unit:' "
                "(e.g. unit: '%')")
    return None


def describe(error: Mapping[str, Any], allowed_keys: Iterable[str], model: str = "") -> str:
    """Turn one pydantic error into a sentence a contributor understands."""
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
            return "a score per persona is written 'score: {persona-id: 1 to 5, ...}'"
        return f"{_SCORE}, not {value!r}"
    if kind == "missing":
        return _REQUIRED_HINTS.get(name, f"'{name}' is required")
    if kind == "extra_forbidden":
        return _unknown_field(str(loc[-1]), allowed_keys, model if len(loc) == 1 else "")
    if kind == "literal_error":
        choices = {"type": MAP_TYPES, "status": STATUSES, "basis": BASES}.get(name, ())
        listed = ", ".join(choices)
        return f"'{value}' is not a valid {name}; use one of: {listed}{did_you_mean(str(value), choices)}"
    if name == "score" and isinstance(value, bool):
        return f"{_SCORE}; YAML reads yes/no/true/false/on/off as a true/false value"
    if name == "score" and kind in {
            "greater_than_equal", "less_than_equal", "int_parsing", "int_from_float", "int_type",
            "finite_number"}:
        return f"{_SCORE}, not {value!r}"
    if name == "review_every" and kind == "less_than_equal":
        return (f"{value!r} days is more than ten years; use at most {MAX_REVIEW_EVERY} "
                "(or one of weekly, monthly, quarterly, yearly)")
    if name == "review_every" and isinstance(value, str) and ":" in value:
        return (f"{_REVIEW}, not {value!r} (YAML 1.1 would read it as a time, in minutes "
                "and seconds); write the days as one number, e.g. 90")
    if name == "review_every":
        return f"{_REVIEW}, not {value!r}"
    if kind.startswith("date") or kind.startswith("datetime"):
        reason = (error.get("ctx") or {}).get("error")
        reason = f" ({reason})" if reason else ""
        return f"{value!r} is not a valid date{reason}; write it as YYYY-MM-DD, e.g. 2026-10-01"
    if kind == "string_type":
        return f"must be a text, not {_kind(value)}"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        limit = (error.get("ctx") or {}).get("max_length")
        return f"the text is {len(str(value))} characters long; keep it to {limit} at most"
    if kind == "string_too_short" or (kind == "too_short" and isinstance(value, str)):
        return "must not be empty"
    if kind == "list_type":
        if name in {"stages", "steps"}:  # unlike lanes, one text is not accepted here
            return f"must be a list of {name}, each starting with '- name:', not {_kind(value)}"
        return f"must be a list (or a single text), not {_kind(value)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        what = "each stage" if loc and loc[-2:-1] == ("stages",) else (
            "each step" if loc and loc[-2:-1] == ("steps",) else f"'{name}'")
        return f"{what} must be a mapping of 'key: value' lines, not {_kind(value)}"
    if kind == "too_short" and name == "stages":
        return "a map needs at least one stage"
    if kind == "value_error":
        return str((error.get("ctx") or {}).get("error", error["msg"]))
    return str(error["msg"])
