"""The journey-map contract as pydantic models (``shared/journey-map-format.md``).

The models describe the front-matter only; where a file lives and its Markdown
body are kept by :mod:`cjm_plugin.core.model.handbook`. Lanes are open-ended (a map
may declare its own), so a stage or step keeps every key that is not one of its
fields as an extra field typed as a lane's entries: the model has the file's shape,
so a dump, an export and an error's location name a lane where the file writes it;
``.lanes`` reads them. Which lane keys are allowed is checked apart, by
:mod:`cjm_plugin.core.checks.lane_keys`, where the map's own declarations are known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from statistics import mean
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.characters import BIDI_CONTROLS, CONTROLS, LINE_BREAKS, any_of, members
from cjm_plugin.core.model.items import BasisWord, lane_item, mark_items
from cjm_plugin.core.model.lanes import STAGE_KEYS, STEP_KEYS, YIELDING_KEYS

MapType = Literal["current-state", "future-state", "day-in-the-life", "service-blueprint"]
Status = Literal["draft", "review", "published", "archived"]

MAP_TYPES: tuple[str, ...] = get_args(MapType)
STATUSES: tuple[str, ...] = get_args(Status)

#: The longest review period, in days (ten years): dates beyond stay computable.
MAX_REVIEW_EVERY = 3650
#: Dates after this year are typing slips (``9999-12-01``), and would overflow.
LAST_YEAR = 2999

#: Words a contributor may write for ``review_every`` instead of a number of days.
REVIEW_PERIODS: dict[str, int] = {"weekly": 7, "monthly": 30, "quarterly": 90, "yearly": 365}


def _scalar_to_text(value: Any) -> Any:
    """YAML reads ``metrics: 42`` as a number; a contributor meant the text '42'.
    ``yes``/``no``/``on``/``off`` become booleans in YAML 1.1, which is never
    what a contributor meant, so it is refused with a hint rather than guessed."""
    if isinstance(value, bool):
        raise ValueError(_(
            "YAML reads yes/no/true/false/on/off as a true/false value; "
            "put the text in quotes"))
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    return value


def _one_or_many(value: Any) -> Any:
    """A lane or persona list may be written as one text or as a list of texts."""
    if value is None:
        return []
    if isinstance(value, (str, int, float, bool, dt.date)):
        return [value]
    return value


#: The longest name (a title, a stage or step name: shown in the navigation of every
#: page and in the diagram) and the longest other text; longer ones are pasted by mistake.
MAX_NAME_LENGTH = 1_000
MAX_TEXT_LENGTH = 10_000


#: Characters a text refuses: control characters (but tab and line feed) and the
#: bidirectional controls. The direction marks (U+200E, U+200F, U+061C) reorder nothing
#: and belong to right-to-left writing; they are kept, and escaped in messages.
_CONTROL_CHARS = members(CONTROLS) - {"\t", "\n"}
_BIDI_CONTROL_CHARS = members(BIDI_CONTROLS)


def _printable(value: str) -> str:
    """Control characters (written as ``\\e``, ``\\0``… in a quoted YAML text) cannot be
    shown, and echoed in a log they can forge lines or colours: refuse them. Bidirectional
    controls hide what a text says from the reviewer: refuse them too."""
    for ch in value:
        if ch in _CONTROL_CHARS:
            raise ValueError(_("contains a control character (U+{code}) that cannot be "
                               "shown; remove it", code=f"{ord(ch):04X}"))
        if ch in _BIDI_CONTROL_CHARS:
            raise ValueError(_("contains an invisible character (U+{code}) that changes the "
                               "direction of the text around it, so the text shown is not the text "
                               "written; remove it (Arabic or Hebrew text needs no such character)",
                               code=f"{ord(ch):04X}"))
    return value


Text = Annotated[
    str, BeforeValidator(_scalar_to_text),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_LENGTH),
    AfterValidator(_printable),
]
def _one_line(value: str) -> str:
    """A name is one line (the nav, a tab's title, log lines): line breaks become spaces."""
    return _LINE_BREAKS.sub(" ", value)


_LINE_BREAKS = any_of(LINE_BREAKS)

Name = Annotated[
    str, BeforeValidator(_scalar_to_text),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME_LENGTH),
    AfterValidator(_printable), AfterValidator(_one_line),
]
TextList = Annotated[list[Text], BeforeValidator(_one_or_many)]
def _not_a_truth_value(value: Any) -> Any:
    """``score: yes`` is true to YAML and 1 to Python; neither is an emotion."""
    if isinstance(value, bool):
        raise ValueError(_("yes/no/true/false is not a score"))
    return value


Score = Annotated[int, Field(ge=1, le=5), BeforeValidator(_not_a_truth_value)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


def _lane_values(data: Any, own_keys: tuple[str, ...]) -> Any:
    """A stage's or step's lanes (its keys that are not ``own_keys``) made ready where
    they are written: an empty lane is left out, and entries written as objects are
    marked for :func:`~cjm_plugin.core.model.items.lane_item`. A ``lanes:`` written on a
    stage or step is left out too: it is not a lane but the map's declarations in the
    wrong place, which the lane-key check reports with what to do."""
    if not isinstance(data, dict):
        return data
    lanes = mark_items({k: v for k, v in data.items()
                        if k not in own_keys and k != "lanes" and v is not None})
    return {k: lanes.get(k, v) for k, v in data.items() if k in own_keys or k in lanes}


#: A lane's entries: texts, and (in the lanes that take them) objects read as texts.
if TYPE_CHECKING:  # every entry is a str (a LaneValue is one), which is all most code needs
    LaneList = list[str]
else:
    LaneList = Annotated[list[lane_item(Text)], BeforeValidator(_one_or_many)]


class _WithLanes(_Strict):
    """A stage or a step: its own fields, and its lanes as extra fields typed as a
    lane's entries, keyed and ordered as written (a dump lists them after the fields)."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, LaneList]

    @property
    def lanes(self) -> Mapping[str, list[str]]:
        """Lane key -> its entries, in the order written (read-only: the extra fields are
        the lanes; the stage table orders its rows with ``lanes.allowed_lanes``)."""
        return MappingProxyType(self.__pydantic_extra__ or {})


def score_level(average: float) -> int:
    """The whole score (1..5) an average stands for, rounded half up: 2.5 is 3.
    The one rounding of scores: a persona's average, a stage's face in a summarised
    diagram and a heat-map cell's colour all use it, so they agree."""
    return max(1, min(5, int(average + 0.5)))


def step_score(step: Step) -> float:
    """A step's score in an average: its personas' mean when scored per persona
    (``Step.score`` is that mean rounded, for what needs one whole score). Every
    average of steps (a stage's in the comparison, the heat map, the coverage and a
    summarised diagram; the journey's) counts a step with this, so they agree."""
    return mean(step.persona_scores.values()) if step.persona_scores else step.score


def _persona_scores(data: dict[str, Any]) -> None:
    """``score: {dina: 2, budi: 4}`` gives a score per persona: kept whole in
    ``persona_scores``; ``score`` becomes their average (rounded half up), so every
    view that needs one number per step (the heat map, the diagram's summary) has it."""
    scores = data.get("score")
    if not isinstance(scores, dict) or not scores:
        return  # `score: {}` is reported as a score that is not a number
    data["persona_scores"] = scores
    numbers = [v for v in scores.values() if isinstance(v, int) and not isinstance(v, bool)
               and 1 <= v <= 5]
    if numbers and len(numbers) == len(scores):
        data["score"] = score_level(sum(numbers) / len(numbers))
    else:
        data["score"] = 3  # placeholder: the errors are reported on persona_scores


class Step(_WithLanes):
    """One thing the customer does: a task in the Mermaid diagram."""

    name: Name
    score: Score
    #: ``score: {dina: 2, budi: 4}`` as written (persona id -> score); empty when the
    #: step has one score. ``score`` is then their average.
    persona_scores: dict[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)],
                         Score] = Field(default_factory=dict)
    actors: TextList | None = None
    #: The id of a map that zooms into this step (a sub-journey).
    zoom: Text | None = None
    #: What the step rests on (research or assumption) and which research. Written
    #: ``basis:`` and ``source:``; read under a private name (see ``_lanes``), so that a
    #: map declaring a lane called ``basis`` or ``source`` keeps it as a lane.
    basis: BasisWord | None = Field(default=None, validation_alias="__cjm_basis__")
    source: Text | None = Field(default=None, validation_alias="__cjm_source__")

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A step without the optional additions dumps as it did before them."""
        data: dict[str, Any] = handler(self)
        if not data.get("persona_scores"):
            data.pop("persona_scores", None)
        for key in ("zoom", "basis", "source"):
            if data.get(key) is None:
                data.pop(key, None)
        return data

    @model_validator(mode="before")
    @classmethod
    def _lanes(cls, data: Any, info: ValidationInfo) -> Any:
        declared = (info.context or {}).get("lanes", ()) if info else ()
        own = [k for k in (*STEP_KEYS, "persona_scores")
               if k not in YIELDING_KEYS or k not in declared]
        if isinstance(data, dict):
            data = dict(data)
            _persona_scores(data)
            for key in YIELDING_KEYS:
                if key in data and key not in declared:
                    data[f"__cjm_{key}__"] = data.pop(key)
                    own.append(f"__cjm_{key}__")
        data = _lane_values(data, tuple(own))
        if isinstance(data, dict) and "actors" in data and data["actors"] is None:
            del data["actors"]  # `actors:` left empty means the default, the map's personas
        return data


class Stage(_WithLanes):
    """A phase of the journey (or an hour of the day, or a step of a service)."""

    name: Name
    description: Text | None = None
    steps: list[Step] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _lanes(cls, data: Any) -> Any:
        data = _lane_values(data, STAGE_KEYS)
        if isinstance(data, dict) and data.get("steps") is None:
            data.pop("steps", None)
        return data


class WrittenLane(NamedTuple):
    """One lane as a map writes it: on ``stage`` itself, or on its ``step``."""

    stage: Stage
    step: Step | None
    key: str
    values: list[str]
    stage_index: int
    step_index: int | None

    @property
    def where(self) -> tuple[str | int, ...]:
        """The stage's or step's place in the file, for locating a problem."""
        if self.step_index is None:
            return ("stages", self.stage_index)
        return ("stages", self.stage_index, "steps", self.step_index)


class JourneyMap(_Strict):
    """A journey map's front-matter."""

    id: Text | None = None
    title: Name
    type: MapType = "current-state"
    persona: Text | None = None
    personas: TextList = Field(default_factory=list)
    goal: Text | None = None
    owner: Text | None = None
    status: Status = "draft"
    updated: dt.date | None = None
    review_every: int | None = Field(default=None, ge=1, le=MAX_REVIEW_EVERY)
    tags: TextList = Field(default_factory=list)
    compares: Text | None = None
    lanes: dict[str, Text] = Field(default_factory=dict)
    stages: list[Stage] = Field(min_length=1)

    @field_validator("review_every", mode="before")
    @classmethod
    def _review_period(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in REVIEW_PERIODS:
            return REVIEW_PERIODS[value.strip().lower()]
        return value

    @field_validator("updated")
    @classmethod
    def _plausible_date(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value.year > LAST_YEAR:
            raise ValueError(_("{date} is too far in the future; write the date of "
                               "the last review", date=value.isoformat()))
        return value

    @field_validator("lanes", mode="before")
    @classmethod
    def _no_null_lanes(cls, value: Any) -> Any:
        return {} if value is None else value

    def written_lanes(self, keys: Iterable[str] | None = None) -> Iterator[WrittenLane]:
        """Every lane written on a stage or step (or only the lanes ``keys``, in that
        order): each stage's own first, then each of its steps', in the file's order."""
        wanted = None if keys is None else tuple(keys)
        for si, stage in enumerate(self.stages):
            for ti, place in enumerate((stage, *stage.steps)):
                step = place if isinstance(place, Step) else None
                lanes = place.lanes
                for key in lanes if wanted is None else wanted:
                    if key in lanes:
                        yield WrittenLane(stage, step, key, lanes[key], si,
                                          None if step is None else ti - 1)

    @property
    def persona_ids(self) -> list[str]:
        """``persona`` and ``personas`` together, in order, without repeats."""
        ids = ([self.persona] if self.persona else []) + list(self.personas)
        return list(dict.fromkeys(ids))


class Persona(_Strict):
    """A persona's front-matter."""

    id: Text | None = None
    name: Name
    role: Text | None = None
    goals: TextList = Field(default_factory=list)
    motivations: TextList = Field(default_factory=list)
    frustrations: TextList = Field(default_factory=list)
    channels: TextList = Field(default_factory=list)
    quote: Text | None = None
    tags: TextList = Field(default_factory=list)
