"""JSON Schemas of the file format, generated from the models for editors.

The models have the file's shape: a stage's or step's lanes are its extra fields.
The schema adds what editors use to complete and check a file: the built-in lanes by
name, a score per persona, and texts that may be one text or a list.
"""

from __future__ import annotations

from typing import Any

from cjm_plugin.core.model.lanes import BLUEPRINT_LANES, COMMON_LANES, METRIC_LANES, TRACKED_LANES
from cjm_plugin.core.model.model import JourneyMap, Persona

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


def _text_or_objects(ref: str) -> dict[str, Any]:
    """A lane that also takes objects: a text, an object, or a list of either."""
    one = [{"type": "string"}, {"$ref": f"#/$defs/{ref}"}]
    return {"anyOf": [*one, {"type": "array", "items": {"anyOf": one}}]}


#: A step's score: one number, or one per persona (``score: {dina: 2, budi: 4}``).
#: One schema, not anyOf: ``minimum`` applies to numbers, ``additionalProperties`` to
#: objects, so editors still show "1..5" on the score itself.
_SCORE = {
    "type": ["integer", "object"], "minimum": 1, "maximum": 5, "minProperties": 1,
    "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
    "title": "Score",
    "description": "emotion, 1 (very negative) .. 5 (very positive); or one per persona: "
                   "{dina: 2, budi: 4}",
}


#: What a step, pain point or opportunity rests on, and which research.
_BASIS = {"enum": ["research", "assumption"], "title": "Basis",
          "description": "research (seen in research: interviews, data) or assumption (the "
                         "team's belief, not yet checked)"}
_SOURCE = {"type": "string", "title": "Source",
           "description": "which research it rests on, e.g. 'Interviews, May 2026'"}
#: Impact or effort of a pain point or opportunity.
_SCALE = {"anyOf": [{"enum": ["low", "medium", "high"]},
                    {"type": "integer", "minimum": 1, "maximum": 5}]}


def _name_lanes(defn: dict[str, Any]) -> None:
    """The built-in lanes as properties of a stage or step, a custom lane as any other."""
    props = defn.get("properties", {})
    for lane in (*COMMON_LANES, *BLUEPRINT_LANES):
        shape = (_text_or_objects("TrackedItem") if lane in TRACKED_LANES
                 else _text_or_objects("Metric") if lane in METRIC_LANES else _TEXT_OR_LIST)
        props[lane] = {**shape, "description": f"lane '{lane}'"}
    if "score" in props:
        props.pop("persona_scores", None)
        props["score"] = dict(_SCORE)
    for key in ("basis", "source"):
        if f"__cjm_{key}__" in props:
            props.pop(f"__cjm_{key}__")
            props[key] = dict(_BASIS) if key == "basis" else dict(_SOURCE)
    if "zoom" in props:
        props["zoom"] = {"type": "string", "title": "Zoom",
                         "description": "the id of a map that zooms into this step"}
    defn["additionalProperties"] = {
        **_TEXT_OR_LIST,
        "description": "a custom lane, declared in the map's 'lanes:'",
    }


def map_schema() -> dict[str, Any]:
    schema = JourneyMap.model_json_schema()
    for name in ("Stage", "Step"):
        _name_lanes(schema["$defs"][name])
    schema["$defs"]["TrackedItem"]["properties"]["priority"] = {
        "anyOf": [{"enum": ["high", "medium", "low"]},
                  {"type": "integer", "minimum": 1, "maximum": 1000}],
        "title": "Priority", "description": "high | medium | low, or a number (1 is the most urgent)"}
    tracked = schema["$defs"]["TrackedItem"]["properties"]
    tracked["impact"] = {**_SCALE, "title": "Impact", "description":
                         "how much solving it helps: 1 (little) .. 5 (much); low = 1, medium = 3, high = 5"}
    tracked["effort"] = {**_SCALE, "title": "Effort", "description":
                         "how much work it takes: 1 (little) .. 5 (much); low = 1, medium = 3, high = 5"}
    tracked["basis"] = dict(_BASIS)
    tracked["source"] = dict(_SOURCE)
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
