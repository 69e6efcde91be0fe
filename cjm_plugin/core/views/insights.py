"""The insights page as data: where the handbook hurts, which metrics miss their
targets, which pain points recur, and how the touchpoints are used.

Everything is computed at build time from the maps, so the page reads without
JavaScript. Each part is linear in the handbook's size, except the grouping of
near-same pain points, which compares distinct texts with
`rapidfuzz <https://github.com/rapidfuzz/RapidFuzz>`_: a well-kept C++ matcher
(MIT, wheels for every platform) whose ``token_sort_ratio`` matches "Delivery
takes 45 minutes" with "The delivery takes 45 minutes" and is hundreds of times faster than the
standard library's ``difflib`` on the thousands of texts of a large handbook.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from rapidfuzz import fuzz, process

from cjm_plugin.core.model.handbook import Handbook, LaneEntry, MapDoc
from cjm_plugin.core.model.items import ITEM_STATUSES, Metric, metric, tracked
from cjm_plugin.core.model.lanes import METRIC_LANES, TOUCHPOINT_LANES
from cjm_plugin.core.model.model import MAP_TYPES, Stage, Step, score_level, step_score
from cjm_plugin.core.model.reviews import DEFAULT_REVIEW_EVERY
from cjm_plugin.core.model.texts import loose_text_key, text_key

#: How many of the lowest moments the page lists.
LOWEST_MOMENTS = 10
#: Steps scoring at most this are "low" (2: negative).
LOW_SCORE = 2
#: Two pain points are the same when rapidfuzz's token_sort_ratio reaches this (0..100):
#: word order, a word more or less, a plural; not one text contained in a longer one.
SAME_TEXT = 88
#: Past this many distinct pain point texts only exact (normalised) repeats are grouped:
#: the fuzzy pass compares each text with each group found so far.
MAX_FUZZY_TEXTS = 5_000


@dataclass
class HeatCell:
    """A stage's average score in one map; ``level`` (1..5) picks the cell's colour."""

    average: float | None
    steps: int = 0

    @property
    def level(self) -> int | None:
        return None if self.average is None else score_level(self.average)


@dataclass
class HeatRow:
    map: MapDoc
    cells: list[HeatCell]


@dataclass
class HeatMap:
    """The maps of one type (rows) by stage name (columns, aligned across maps)."""

    map_type: str
    stages: list[str]
    rows: list[HeatRow]


@dataclass
class Moment:
    """A low step: where it is, who feels it, and what hurts there."""

    map: MapDoc
    stage: Stage
    step: Step
    score: int
    personas: list[str]
    pain_points: list[str]


@dataclass
class Recurring:
    """A pain point written (about) the same way in several maps."""

    text: str
    variants: list[str]
    maps: list[MapDoc]
    count: int


@dataclass
class MetricRow:
    map: MapDoc
    stage: Stage
    step: Step | None
    metric: Metric
    stale: bool


@dataclass(frozen=True)
class CoverageCell:
    """A touchpoint in one stage: how many steps (or stages) use it, their average
    score; ``level`` (1..5) picks the cell's colour."""

    count: int
    average: float | None

    @property
    def level(self) -> int | None:
        return None if self.average is None else score_level(self.average)


@dataclass(frozen=True)
class CoverageRow:
    """One touchpoint (or channel) across the stages of one type of map."""

    touchpoint: str
    cells: list[CoverageCell]


@dataclass
class Coverage:
    """Touchpoints (rows) by stage name (columns): uses and the average score there."""

    map_type: str
    stages: list[str]
    rows: list[CoverageRow]


@dataclass(frozen=True)
class Moving:
    """A tracked pain point or opportunity in progress, its map and who owns it."""

    text: str
    map: MapDoc
    status: str
    owner: str | None


@dataclass
class Insights:
    heat_maps: list[HeatMap]
    lowest: list[Moment]
    recurring: list[Recurring]
    missed: list[MetricRow]
    stale: list[MetricRow]
    metrics_total: int
    statuses: dict[str, int]
    moving: list[Moving] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)


def stage_order(sequences: list[list[str]]) -> dict[str, str]:
    """Stage names of several maps in one order (``text_key`` -> name as first
    written): by their average relative place in the maps that have them, so
    "Decision" stays between "Consideration" and "Purchase" even when the first map
    lacks it."""
    places: dict[str, list[float]] = {}
    names: dict[str, str] = {}
    first: dict[str, int] = {}
    for sequence in sequences:
        for i, name in enumerate(sequence):
            key = text_key(name)
            names.setdefault(key, name)
            first.setdefault(key, len(first))
            places.setdefault(key, []).append(i / max(1, len(sequence) - 1))
    order = sorted(names, key=lambda k: (mean(places[k]), first[k]))
    return {k: names[k] for k in order}


def heat_columns(book: Handbook) -> dict[str, dict[str, str]]:
    """Per map type with steps, its heat map's columns: stages with the same name (any
    case) share one (by ``text_key``: the name shown)."""
    columns = {}
    for map_type, docs in book.maps_by_type.items():
        names = stage_order([[s.name for s in d.meta.stages if s.steps] for d in docs]) if docs else {}
        if names:
            columns[map_type] = names
    return columns


def heat_maps(book: Handbook) -> list[HeatMap]:
    """One heat map per map type: stages with the same name (any case) share a column."""
    result = []
    for map_type, names in heat_columns(book).items():
        docs = book.maps_by_type[map_type]
        rows = []
        for doc in docs:
            scores: dict[str, list[float]] = {}
            for stage in doc.meta.stages:
                scores.setdefault(text_key(stage.name), []).extend(step_score(t) for t in stage.steps)
            rows.append(HeatRow(doc, [HeatCell(mean(scores[k]), len(scores[k])) if scores.get(k)
                                      else HeatCell(None) for k in names]))
        result.append(HeatMap(map_type, list(names.values()), rows))
    return result


def lowest_moments(book: Handbook, limit: int = LOWEST_MOMENTS) -> list[Moment]:
    """The lowest-scoring steps (at most ``LOW_SCORE``), lowest first. A step scored
    per persona counts with its lowest persona's score, and names who feels it."""
    found: list[Moment] = []
    for doc in book.maps.values():
        for stage, step in doc.steps():
            if step.persona_scores:
                low = min(step.persona_scores.values())
                who = [p for p, s in step.persona_scores.items() if s == low]
            else:
                low, who = step.score, book.actor_ids(doc, step)
            if low <= LOW_SCORE:
                pains = [str(p) for p in step.lanes.get("pain_points", ())] or \
                        [str(p) for p in stage.lanes.get("pain_points", ())]
                found.append(Moment(doc, stage, step, low,
                                    [book.display_name(p) for p in who], pains))
    found.sort(key=lambda m: (m.score, m.map.title.casefold()))
    return found[:limit]


def recurring_pain_points(book: Handbook) -> list[Recurring]:
    """Pain points that come back in two or more maps, the most widespread first."""
    by_text: dict[str, list[tuple[str, MapDoc]]] = {}
    for entry in book.lane_entries(("pain_points",)):
        key = loose_text_key(entry.text)  # case, Unicode forms, punctuation, spacing
        if key:
            by_text.setdefault(key, []).append((entry.text, entry.map))
    groups: list[list[str]] = []
    keys = sorted(by_text, key=lambda k: (-len(by_text[k]), k))
    if len(keys) <= MAX_FUZZY_TEXTS:
        # token_sort_ratio is ratio on the words sorted: sorted once here, not per pair.
        heads: list[str] = []
        for key in keys:
            words = " ".join(sorted(key.split()))
            match = process.extractOne(words, heads, scorer=fuzz.ratio,
                                       score_cutoff=SAME_TEXT) if heads else None
            if match is None:
                heads.append(words)
                groups.append([key])
            else:
                groups[match[2]].append(key)
    else:
        groups = [[k] for k in keys]
    result = []
    for group in groups:
        uses = [use for key in group for use in by_text[key]]
        maps = list({id(doc): doc for _, doc in uses}.values())
        if len(maps) < 2:
            continue
        variants = list(dict.fromkeys(text for text, _ in uses))
        common = Counter(text for text, _ in uses).most_common(1)[0][0]
        result.append(Recurring(common, variants, sorted(maps, key=lambda d: d.title.casefold()),
                                len(uses)))
    result.sort(key=lambda r: (-len(r.maps), -r.count, r.text.casefold()))
    return result


def metric_rows(book: Handbook, as_of: dt.date, every: int = DEFAULT_REVIEW_EVERY) -> list[MetricRow]:
    """Every structured metric, with whether it is older than its map's review period."""
    rows = []
    for doc in book.maps.values():
        period = doc.meta.review_every or every
        for lane in doc.meta.written_lanes(METRIC_LANES):
            for value in lane.values:
                item = metric(value)
                if item is not None:
                    rows.append(MetricRow(doc, lane.stage, lane.step, item, item.stale(as_of, period)))
    return rows


def status_counts(book: Handbook) -> dict[str, int]:
    """How many tracked pain points and opportunities are in each status."""
    counts = dict.fromkeys(ITEM_STATUSES, 0)
    for entry in book.backlog:
        item = tracked(entry.text)
        if item is not None and item.status:
            counts[item.status] += 1
    return counts


def moving(book: Handbook) -> list[Moving]:
    """Opportunities and pain points in progress."""
    rows: list[Moving] = []
    for entry in book.backlog:
        item = tracked(entry.text)
        if item is not None and item.status == "in-progress":
            rows.append(Moving(item.text, entry.map, item.status, item.owner or entry.owner))
    return rows


def coverage(book: Handbook) -> list[Coverage]:
    """Per type of map (whose stages line up, as in the heat map), per touchpoint and
    stage name: how many steps (or stages) use it, and their average score there (a
    stage-level touchpoint counts with the stage's average). Touchpoints used most first."""
    result = []
    by_type: dict[str, list[LaneEntry]] = {map_type: [] for map_type in MAP_TYPES}
    for entry in book.lane_entries(TOUCHPOINT_LANES):  # made once per handbook
        by_type[entry.map.meta.type].append(entry)
    for map_type in MAP_TYPES:
        docs = [d for d in book.maps.values() if d.meta.type == map_type]
        stages = stage_order([[s.name for s in d.meta.stages] for d in docs])
        cells: dict[str, dict[str, list[float | None]]] = {}
        names: dict[str, str] = {}
        for entry in by_type[map_type]:
            key = text_key(entry.text)
            names.setdefault(key, entry.text)
            if entry.step is not None:
                score: float | None = step_score(entry.step)
            else:
                scores = [step_score(t) for t in entry.stage.steps]
                score = mean(scores) if scores else None
            cells.setdefault(key, {}).setdefault(text_key(entry.stage.name), []).append(score)
        if not cells:
            continue
        used = {stage for row in cells.values() for stage in row}
        order = [k for k in stages if k in used]
        rows = []
        for key, row in cells.items():
            out: list[CoverageCell] = []
            for stage in order:
                values = row.get(stage, [])
                real = [v for v in values if v is not None]
                out.append(CoverageCell(len(values), mean(real) if real else None))
            rows.append(CoverageRow(names[key], out))
        rows.sort(key=lambda r: (-sum(c.count for c in r.cells), r.touchpoint.casefold()))
        result.append(Coverage(map_type, [stages[k] for k in order], rows))
    return result


def insights(book: Handbook, as_of: dt.date, every: int = DEFAULT_REVIEW_EVERY) -> Insights:
    metrics = metric_rows(book, as_of, every)
    return Insights(
        heat_maps=heat_maps(book),
        lowest=lowest_moments(book),
        recurring=recurring_pain_points(book),
        missed=[m for m in metrics if m.metric.on_target is False],
        stale=[m for m in metrics if m.stale],
        metrics_total=len(metrics),
        statuses=status_counts(book),
        moving=moving(book),
        coverage=coverage(book),
    )

