"""Lane entries written as objects: tracked pain points and opportunities, and metrics.

A lane entry is usually a text. ``pain_points`` and ``opportunities`` may also give
an object (``text``, ``status``, ``priority``, ``owner``, ``link``) and ``metrics``
a measurement (``name``, ``value``, ``target``, ``unit``…). Both are read into a
:class:`LaneValue`: a ``str`` (its text) that also carries the object, so every
consumer that treats lane values as texts (the grid, the touchpoints, search, the
backlog, the exports' text columns) keeps working unchanged, and the views that
know about objects read ``value.item``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    PlainSerializer,
    StringConstraints,
    Tag,
    field_validator,
)

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.lanes import LANE_BY_KEY

ItemStatus = Literal["idea", "planned", "in-progress", "done", "dropped"]
ITEM_STATUSES: tuple[str, ...] = get_args(ItemStatus)
PriorityWord = Literal["high", "medium", "low"]
PRIORITY_WORDS: tuple[str, ...] = get_args(PriorityWord)
#: Words a workshop may use for impact and effort instead of a number (1..5).
SCALE_WORDS: dict[str, int] = {"low": 1, "medium": 3, "high": 5}
#: What a step, a pain point or an opportunity rests on.
Basis = Literal["research", "assumption"]
BASES: tuple[str, ...] = get_args(Basis)
MetricKind = Literal["NPS", "CSAT", "CES", "conversion", "time", "other"]
METRIC_KINDS: tuple[str, ...] = get_args(MetricKind)
Better = Literal["higher", "lower"]

#: The keys that make a mapping in a lane an object rather than a slip: a text with
#: ': ' in a flow list (``[Price: too high]``) is read by YAML as a one-key mapping,
#: and keeps its message "must be a text, not a mapping" (put it in quotes).
TRACKED_KEYS = frozenset({"text", "status", "priority", "owner", "link", "impact", "effort",
                          "basis", "source"})
METRIC_KEYS = frozenset({"name", "value", "target", "unit", "kind", "better", "source", "as_of"})

#: Tags of the union a lane entry is validated against; written in brackets, which
#: no YAML key of a contributor is, so the loader can drop them from error locations.
TEXT_TAG, TRACKED_TAG, METRIC_TAG = "(text)", "(tracked)", "(metric)"
_MARK = "__cjm_item__"


def _not_a_truth_value(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(_("yes/no/true/false is not a number"))
    return value


def _http_only(value: str | None) -> str | None:
    """Only web links are published: ``javascript:`` or ``file:`` would run code or
    point into a reader's computer."""
    if value is not None and not value.lower().startswith(("http://", "https://")):
        raise ValueError(_("only web links starting with http:// or https:// can be published; "
                           "paste the issue's or ticket's full address"))
    return value


def _word(choices: tuple[str, ...]) -> Any:
    """Accept a choice written in any case (``In-Progress``, ``nps``) as its canonical form."""
    def normalise(value: Any) -> Any:
        if isinstance(value, str):
            folded = value.strip().casefold()
            for choice in choices:
                if choice.casefold() == folded:
                    return choice
        return value
    return BeforeValidator(normalise)


_ItemText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]
#: A finite number: ``.inf``, ``.nan`` and ``1e400`` (read as infinite) cannot be compared
#: with a target nor written in JSON, so they are refused like any other non-number.
Number = Annotated[float, BeforeValidator(_not_a_truth_value), AllowInfNan(False)]
Priority = int | str  # normalised by TrackedItem._priority: high | medium | low, or 1..1000


def _scale(value: Any, what: str) -> int | None:
    """Impact or effort: 1..5, or low (1), medium (3), high (5)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in SCALE_WORDS:
            return SCALE_WORDS[word]
        if word.isdigit() and 1 <= int(word) <= 5:
            return int(word)
    raise ValueError(_("{value!r} is not a score of {what}; use a number from 1 (little) to 5 "
                       "(much), or low, medium or high", value=value, what=what))


BasisWord = Annotated[Basis, _word(BASES)]


class _Object(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


class TrackedItem(_Object):
    """A pain point or an opportunity someone works on."""

    text: _ItemText
    status: Annotated[ItemStatus, _word(ITEM_STATUSES)] | None = None
    #: high | medium | low, or a number (1 is the most urgent).
    priority: Priority | None = None
    owner: _ItemText | None = None
    link: Annotated[_ItemText, AfterValidator(_http_only)] | None = None
    #: How much solving it would help customers and the business: 1 (little) .. 5 (much).
    impact: int | None = None
    #: How much work it takes: 1 (little) .. 5 (much).
    effort: int | None = None
    #: What it rests on: research or the team's assumption; ``source`` says which research.
    basis: BasisWord | None = None
    source: _ItemText | None = None

    @field_validator("impact", "effort", mode="before")
    @classmethod
    def _score(cls, value: Any, info: Any) -> Any:
        return _scale(value, info.field_name)

    @field_validator("priority", mode="before")
    @classmethod
    def _priority(cls, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000:
            return value
        if isinstance(value, str):
            word = value.strip().casefold()
            if word in PRIORITY_WORDS:
                return word
            if word.isdigit() and 1 <= int(word) <= 1000:
                return int(word)
        raise ValueError(_("{value!r} is not a priority; use high, medium or low, or a number "
                           "from 1 (the most urgent)", value=value))

    @property
    def label(self) -> str:
        return self.text

    @property
    def priority_rank(self) -> int:
        """For sorting: high, medium, low as 1, 2, 3; a number as written; none last."""
        if isinstance(self.priority, int):
            return self.priority
        return {"high": 1, "medium": 2, "low": 3}.get(self.priority or "", 10_000)


class Metric(_Object):
    """A measurement of a step or stage, with the target it should meet."""

    name: _ItemText
    value: Number | None = None
    target: Number | None = None
    unit: _ItemText | None = None
    kind: Annotated[MetricKind, _word(METRIC_KINDS)] = "other"
    #: Which way is good. Default: lower for ``time``, higher for every other kind.
    better: Annotated[Better, _word(("higher", "lower"))] | None = None
    source: _ItemText | None = None
    as_of: dt.date | None = None

    @property
    def direction(self) -> str:
        return self.better or ("lower" if self.kind == "time" else "higher")

    @property
    def on_target(self) -> bool | None:
        """Whether the value meets the target (``None``: no value or no target)."""
        if self.value is None or self.target is None:
            return None
        return self.value <= self.target if self.direction == "lower" else self.value >= self.target

    def stale(self, today: dt.date, every: int) -> bool:
        """Measured longer ago than the map's review period."""
        return self.as_of is not None and (today - self.as_of).days > every

    @property
    def label(self) -> str:
        """One line: ``Checkout conversion: 2.1 % (target 3 %)``."""
        unit = f" {self.unit}" if self.unit else ""
        text = self.name
        if self.value is not None:
            text += f": {_number(self.value)}{unit}"
        if self.target is not None:
            text += f" (target {_number(self.target)}{unit})"
        return text


def _number(value: float) -> str:
    return f"{value:g}"


class LaneValue(str):
    """A lane entry written as an object: its text, with the object kept in ``item``."""

    item: TrackedItem | Metric

    def __new__(cls, text: str, item: TrackedItem | Metric | None = None) -> LaneValue:
        obj = super().__new__(cls, text)
        if item is None:
            item = TrackedItem(text=text)
        obj.item = item
        return obj

    def __getnewargs__(self) -> tuple[str, TrackedItem | Metric]:  # type: ignore[override]
        return (str(self), self.item)

    def dump(self) -> dict[str, Any]:
        return self.item.dump()


def _wrap(item: TrackedItem | Metric) -> LaneValue:
    return LaneValue(item.label, item)


def _dump(value: Any) -> Any:
    return value.dump() if isinstance(value, LaneValue) else str(value)


def _tag(value: Any) -> str:
    if isinstance(value, dict):
        return {"tracked": TRACKED_TAG, "metric": METRIC_TAG}.get(value.get(_MARK, ""), TEXT_TAG)
    if isinstance(value, LaneValue):
        return METRIC_TAG if isinstance(value.item, Metric) else TRACKED_TAG
    return TEXT_TAG


def _unmark(value: Any) -> Any:
    if isinstance(value, LaneValue):
        return value.item
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k != _MARK}
    return value


def lane_item(text_type: Any) -> Any:
    """A lane entry's type: ``text_type`` (the model's Text), or a marked object."""
    return Annotated[
        Annotated[text_type, Tag(TEXT_TAG)]
        | Annotated[TrackedItem, BeforeValidator(_unmark), AfterValidator(_wrap), Tag(TRACKED_TAG)]
        | Annotated[Metric, BeforeValidator(_unmark), AfterValidator(_wrap), Tag(METRIC_TAG)],
        Discriminator(_tag),
        PlainSerializer(_dump),
    ]


def mark_items(lanes: dict[str, Any]) -> dict[str, Any]:
    """Mark the mappings in lanes that take objects, by lane (the union cannot know
    which lane an entry is in): others stay unmarked and are refused as texts."""
    out: dict[str, Any] = {}
    for key, values in lanes.items():
        lane = LANE_BY_KEY.get(key)
        kind = lane.items if lane is not None and lane.items != "text" else ""
        keys = TRACKED_KEYS if kind == "tracked" else METRIC_KEYS
        if kind and isinstance(values, dict) and keys & set(values):
            values = [values]  # one object written without a list
        if kind and isinstance(values, list):
            values = [{**v, _MARK: kind} if isinstance(v, dict) and keys & set(v) else v
                      for v in values]
        out[key] = values
    return out


def item_of(value: Any) -> TrackedItem | Metric | None:
    """The object behind a lane value, if it was written as one."""
    return value.item if isinstance(value, LaneValue) else None


def tracked(value: Any) -> TrackedItem | None:
    item = item_of(value)
    return item if isinstance(item, TrackedItem) else None


def metric(value: Any) -> Metric | None:
    item = item_of(value)
    return item if isinstance(item, Metric) else None
