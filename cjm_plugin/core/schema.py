"""JSON Schemas of the file format, generated from the models for editors.

The models gather a stage's or step's lanes under ``lanes``; in a file they are
written directly on the stage or step, so the schema is reshaped to match what
a contributor writes (and texts that may be one text or a list say so).
"""

from __future__ import annotations

from typing import Any

from .lanes import BLUEPRINT_LANES, COMMON_LANES
from .model import JourneyMap, Persona

_TEXT_OR_LIST = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_LIST_FIELDS = {"personas", "tags", "actors", "goals", "motivations", "frustrations", "channels"}


def _relax_lists(node: Any) -> None:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for name in _LIST_FIELDS & set(props):
                title = props[name].get("title")
                props[name] = {**_TEXT_OR_LIST, "title": title} if title else dict(_TEXT_OR_LIST)
        for value in node.values():
            _relax_lists(value)
    elif isinstance(node, list):
        for value in node:
            _relax_lists(value)


def _inline_lanes(defn: dict[str, Any]) -> None:
    props = defn.get("properties", {})
    props.pop("lanes", None)
    for lane in (*COMMON_LANES, *BLUEPRINT_LANES):
        props[lane] = {**_TEXT_OR_LIST, "description": f"lane '{lane}'"}
    defn["additionalProperties"] = {
        **_TEXT_OR_LIST,
        "description": "a custom lane, declared in the map's 'lanes:'",
    }


def map_schema() -> dict[str, Any]:
    schema = JourneyMap.model_json_schema()
    for name in ("Stage", "Step"):
        _inline_lanes(schema["$defs"][name])
    _relax_lists(schema)
    schema["title"] = "cjm journey map (front-matter)"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def persona_schema() -> dict[str, Any]:
    schema = Persona.model_json_schema()
    _relax_lists(schema)
    schema["title"] = "cjm persona (front-matter)"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
