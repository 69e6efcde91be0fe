"""The emotion curve as one SVG: what a hand-writer pastes into the plain site's map pages.

cjm drew its emotion curve this way before the grid drew it in the stages' columns
(views.StageColumn.curve); the benchmark's hand-written pages keep this picture, so
that figures recorded before and after the redesign compare the same plain site.

Pure Python, no JavaScript: :func:`emotion_curve_svg` returns a
:class:`markupsafe.Markup` ``<svg>`` element ready to put in a page.

Layout
    One column per step, in order (about 110 viewBox units per step, the whole
    drawing at least 480 wide); stages are alternating background bands with
    their name on top; guide lines at scores 1..5 carry the (translatable) score
    names on the left, the neutral score 3 is a dashed line; a polyline joins
    one dot per step, and the step's name is written under its dot: on up to
    two lines while there is room, rotated when columns get narrow, and
    **dropped** once they would be too dense to read (more than 110 steps;
    the drawing's width is capped, so columns narrow as steps are added). Texts that do not fit are cut with an ellipsis; the full text is
    always in a ``<title>`` (a tooltip), and each dot's title reads
    ``Stage — Step: 4/5``.

    The ``<svg>`` has ``width="100%"`` and a ``viewBox`` so it shrinks to the
    page; it is never drawn wider than its natural size.

Colours
    No colour is written on the elements. They carry classes (``cjm-curve__line``,
    ``__dot``, ``__dot--1`` .. ``--5``, ``__band``, ``__label``, ``__grid``,
    ``__neutral``) coloured by a small ``<style>`` with mkdocs-material's CSS
    variables (fallbacks for other themes), so the curve follows the light and
    dark palettes, and ``@media print`` turns it black on white. Dots are
    coloured by score, but the score is also their height and their title.

Accessibility
    ``role="img"`` and ``aria-labelledby`` name a ``<title>`` (the ``title``
    argument) and a ``<desc>`` holding the text alternative: one sentence per
    stage, e.g. ``Awareness: Searches Google 2 of 5; Clicks results 3 of 5.``
    Ids are unique per call (prefix, content hash and a counter), so several
    curves can share a page.

Every text is contributor data: it is escaped (markup is only built through
:class:`markupsafe.Markup` and :func:`markupsafe.escape`), and characters that
XML cannot hold (control characters, lone surrogates) are removed, so the
output is always well-formed XML.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["CurvePoint", "DEFAULT_LABELS", "emotion_curve_svg"]


@dataclass(frozen=True)
class CurvePoint:
    """One step of the journey: its stage's name, its own name, its score 1..5."""

    stage: str
    step: str
    score: int


#: English labels; ``labels`` passed to :func:`emotion_curve_svg` override them.
DEFAULT_LABELS: dict[str, str] = {
    "score_1": "Very negative",
    "score_2": "Negative",
    "score_3": "Neutral",
    "score_4": "Positive",
    "score_5": "Very positive",
    "score_of": "{score} of 5",
}

# Geometry, in viewBox units (CSS pixels at natural size).
STEP_WIDTH = 110.0          # a column per step while there is room
MIN_WIDTH = 480.0           # the whole drawing is never narrower
MAX_PLOT_WIDTH = 1980.0     # beyond 18 steps the columns narrow instead
WRAP_MIN_STEP = 70.0        # columns at least this wide: horizontal labels, two lines
ROTATE_MIN_STEP = 18.0      # narrower than this: step labels are dropped (would overlap)
ROTATE_ANGLE = 50.0
ROTATED_LABEL_MAX = 120.0   # length of a rotated label before it is cut
FONT = 12.0                 # labels
STAGE_FONT = 13.0           # stage names
LINE_HEIGHT = 15.0
TOP = 34.0                  # stage names live above the plot
ROW = 44.0                  # between two scores
PAD_RIGHT = 16.0
PAD_BOTTOM = 10.0

_ids = itertools.count(1)

_STYLE = Markup(
    ".cjm-curve__svg{font-family:var(--md-text-font-family,inherit),sans-serif;"
    "font-size:12px;color:var(--md-default-fg-color,currentColor)}"
    ".cjm-curve__svg text{fill:var(--md-default-fg-color,currentColor)}"
    ".cjm-curve__svg .cjm-curve__label--muted{fill:var(--md-default-fg-color--light,currentColor)}"
    ".cjm-curve__svg .cjm-curve__stage-name{font-weight:700;font-size:13px}"
    ".cjm-curve__svg .cjm-curve__band{fill:var(--md-default-fg-color--lightest,rgba(128,128,128,.1))}"
    ".cjm-curve__svg .cjm-curve__band--alt{fill:transparent}"
    ".cjm-curve__svg .cjm-curve__grid{stroke:var(--md-default-fg-color--lighter,rgba(128,128,128,.45));"
    "stroke-width:1}"
    ".cjm-curve__svg .cjm-curve__neutral{stroke:var(--md-default-fg-color--light,rgba(128,128,128,.8));"
    "stroke-width:1.5;stroke-dasharray:6 4}"
    ".cjm-curve__svg .cjm-curve__line{fill:none;stroke:var(--md-accent-fg-color,#526cfe);"
    "stroke-width:2.5;stroke-linejoin:round;stroke-linecap:round}"
    ".cjm-curve__svg .cjm-curve__dot{stroke:var(--md-default-bg-color,#fff);stroke-width:2;"
    "fill:var(--md-accent-fg-color,#526cfe)}"
    ".cjm-curve__svg .cjm-curve__dot--1{fill:var(--cjm-score-1-color,#d32f2f)}"
    ".cjm-curve__svg .cjm-curve__dot--2{fill:var(--cjm-score-2-color,#f57c00)}"
    ".cjm-curve__svg .cjm-curve__dot--3{fill:var(--cjm-score-3-color,#9e9e9e)}"
    ".cjm-curve__svg .cjm-curve__dot--4{fill:var(--cjm-score-4-color,#7cb342)}"
    ".cjm-curve__svg .cjm-curve__dot--5{fill:var(--cjm-score-5-color,#2e7d32)}"
    "@media print{"
    ".cjm-curve__svg text{fill:#000}"
    ".cjm-curve__svg .cjm-curve__band{fill:#f0f0f0}"
    ".cjm-curve__svg .cjm-curve__band--alt{fill:#fff}"
    ".cjm-curve__svg .cjm-curve__grid{stroke:#bbb}"
    ".cjm-curve__svg .cjm-curve__neutral{stroke:#555}"
    ".cjm-curve__svg .cjm-curve__line{stroke:#000}"
    ".cjm-curve__svg .cjm-curve__dot{fill:#fff;stroke:#000}"
    "}"
)


# --- text ----------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_ELLIPSIS = "\u2026"


def _clean(text: object) -> str:
    """``text`` as one line XML can hold: no control characters, no lone
    surrogates, runs of white space (newlines, tabs) as one space."""
    return _SPACES.sub(" ", _NOT_XML.sub("", str(text))).strip()


def _char_width(ch: str, size: float) -> float:
    """A rough advance width of ``ch`` in a sans-serif font of ``size``."""
    if unicodedata.combining(ch) or ch in "\u200d\u200c\u200b\ufe0e\ufe0f":
        return 0.0
    if unicodedata.east_asian_width(ch) in "WF" or ord(ch) >= 0x1F000:
        return size
    if ch in "il.,:;'|!1 ":
        return size * 0.35
    if ch.isupper() or ch in "mwMW@%":
        return size * 0.72
    return size * 0.56


def _width(text: str, size: float = FONT) -> float:
    return sum(_char_width(ch, size) for ch in text)


def _cut_point(text: str, max_width: float, size: float) -> int:
    """How many characters of ``text`` fit in ``max_width``."""
    used = 0.0
    for i, ch in enumerate(text):
        used += _char_width(ch, size)
        if used > max_width:
            return i
    return len(text)


def _clean_end(text: str, rest: str) -> str:
    """Do not cut inside a character cluster: drop a base character whose
    combining marks / joined emoji were cut off, and a dangling joiner."""
    while text and rest and (unicodedata.combining(rest[0]) or rest[0] in "\u200d\ufe0e\ufe0f"):
        rest = text[-1] + rest
        text = text[:-1]
    return text.rstrip("\u200d ")


def _fit(text: str, max_width: float, size: float = FONT) -> str:
    """``text`` if it fits in ``max_width``, else its beginning and an ellipsis;
    "" when not even one character and the ellipsis fit."""
    if _width(text, size) <= max_width:
        return text
    n = _cut_point(text, max_width - _char_width(_ELLIPSIS, size), size)
    head = _clean_end(text[:n], text[n:])
    return head + _ELLIPSIS if head else ""


def _wrap2(text: str, max_width: float, size: float = FONT) -> list[str]:
    """``text`` on at most two lines of ``max_width``, breaking at a space when
    there is one, the second line cut with an ellipsis if needed."""
    if _width(text, size) <= max_width:
        return [text]
    n = _cut_point(text, max_width, size)
    space = text.rfind(" ", 0, n + 1)
    if space > 0:
        first, rest = text[:space], text[space + 1:]
    else:
        first = _clean_end(text[:n], text[n:])
        rest = text[len(first):]
    if not first:
        return [_fit(text, max_width, size)]
    second = _fit(rest.strip(), max_width, size)
    return [first, second] if second else [first]


# --- markup ----------------------------------------------------------------

def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _tag(name: str, attrs: Mapping[str, object] | None = None, *children: object) -> Markup:
    """An element; attribute values and text children are escaped, Markup
    children are kept. ``name`` and attribute names are this module's own."""
    # Plain string joins of escape()d values: the same markup as Markup.format,
    # which cost most of the curve's time (cProfile, bench/README.md).
    attr = "".join(f' {key}="{escape(value)}"'
                   for key, value in (attrs or {}).items() if value is not None)
    if not children:
        return Markup(f"<{name}{attr}/>")
    body = "".join([escape(child) for child in children])
    return Markup(f"<{name}{attr}>{body}</{name}>")


def _title(text: str) -> Markup:
    return _tag("title", None, text)


def _text(x: float, y: float, shown: str, full: str, cls: str, **attrs: object) -> Markup:
    """A text element, wrapped in a group whose ``<title>`` has the full text
    when the shown one was cut."""
    text = _tag("text", {"x": _num(x), "y": _num(y), "class": cls, **attrs}, shown)
    if shown == full:
        return text
    return _tag("g", None, _title(full), text)


def _safe_id(prefix: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", _clean(prefix)).strip("-") or "cjm-curve"
    return cleaned if cleaned[0].isalpha() else f"cjm-{cleaned}"


# --- the curve ---------------------------------------------------------------

def _runs(points: Sequence[CurvePoint]) -> list[tuple[str, int, int]]:
    """Consecutive points of one stage: (stage name, first index, end index)."""
    runs: list[tuple[str, int, int]] = []
    for i, point in enumerate(points):
        stage = _clean(point.stage)
        if runs and runs[-1][0] == stage and runs[-1][2] == i:
            runs[-1] = (stage, runs[-1][1], i + 1)
        else:
            runs.append((stage, i, i + 1))
    return runs


def _score(point: CurvePoint) -> int:
    score = point.score
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValueError(f"score of step {point.step!r} must be an integer 1..5, not {score!r}")
    return score


def emotion_curve_svg(
    points: Sequence[CurvePoint],
    *,
    title: str,
    labels: Mapping[str, str] | None = None,
    id_prefix: str = "cjm-curve",
) -> Markup:
    """The emotion curve of ``points`` (in journey order) as an inline ``<svg>``.

    ``title`` names the figure (its ``<title>``, read by screen readers);
    ``labels`` may translate the score names (``score_1`` .. ``score_5``) and
    the ``score_of`` template (``"{score} of 5"``) used in the text
    alternative; missing or empty ones fall back to English. ``id_prefix``
    starts the ids of the ``<title>`` and ``<desc>``; a content hash and a
    counter follow, so ids are unique even for two identical curves on a page.

    The width grows by about 110 units per step (at least 480) up to a cap,
    after which the columns narrow; once they are too narrow for a readable
    name (more than 110 steps) the step names under the dots are
    dropped and only the dots' ``<title>`` tooltips and the ``<desc>`` keep
    them. Any number of points gives well-formed XML. No points: ``Markup("")``.

    Raises ``ValueError`` for a score that is not an integer 1..5.
    """
    points = list(points)
    if not points:
        return Markup("")
    scores = [_score(p) for p in points]
    words = dict(DEFAULT_LABELS)
    for key, value in (labels or {}).items():
        if value and str(value).strip():
            words[key] = _clean(value)
    score_names = [words[f"score_{s}"] for s in range(1, 6)]
    steps = [_clean(p.step) for p in points]
    runs = _runs(points)
    n = len(points)

    # Horizontal layout.
    step_w = min(STEP_WIDTH, MAX_PLOT_WIDTH / n)
    mode = "wrap" if step_w >= WRAP_MIN_STEP else "rotate" if step_w >= ROTATE_MIN_STEP else "none"
    left = min(max(max(_width(s) for s in score_names) + 18, 60.0), 150.0)
    if mode == "rotate":
        left = max(left, ROTATED_LABEL_MAX * math.cos(math.radians(ROTATE_ANGLE)) + 4)
    plot_w = step_w * n
    width = max(left + plot_w + PAD_RIGHT, MIN_WIDTH)
    right = width - PAD_RIGHT
    if left + plot_w < right:           # few steps: centre the columns in the minimum width
        left += (right - left - plot_w) / 2

    # Vertical layout.
    def y_of(score: int) -> float:
        return TOP + 12 + (5 - score) * ROW

    plot_bottom = y_of(1) + 12
    if mode == "wrap":
        labels_h = 20 + 2 * LINE_HEIGHT
    elif mode == "rotate":
        labels_h = 16 + ROTATED_LABEL_MAX * math.sin(math.radians(ROTATE_ANGLE)) + 6
    else:
        labels_h = 0.0
    height = plot_bottom + labels_h + PAD_BOTTOM

    def x_of(i: int) -> float:
        return left + step_w * (i + 0.5)

    # Ids.
    digest = hashlib.sha1(
        repr((title, [(p.stage, p.step, p.score) for p in points])).encode("utf-8", "surrogatepass")
    ).hexdigest()[:8]
    base = f"{_safe_id(id_prefix)}-{digest}-{next(_ids)}"
    title_id, desc_id = f"{base}-title", f"{base}-desc"

    # Text alternative: a sentence per stage.
    def score_of(score: int) -> str:
        return words["score_of"].replace("{score}", str(score))

    sentences = []
    for stage, start, end in runs:
        items = "; ".join(f"{steps[i]} {score_of(scores[i])}" for i in range(start, end))
        sentences.append(f"{stage}: {items}." if stage else f"{items}.")
    desc = " ".join(sentences)

    parts: list[Markup] = [
        _title(_clean(title)),
        _tag("desc", {"id": desc_id}, desc),
        _tag("style", None, _STYLE),
    ]

    # Stage bands, names on top.
    bands = []
    for k, (stage, start, end) in enumerate(runs):
        x0, x1 = left + step_w * start, left + step_w * end
        cls = "cjm-curve__band" + (" cjm-curve__band--alt" if k % 2 else "")
        rect = _tag("rect", {"class": cls, "x": _num(x0), "y": "0",
                             "width": _num(x1 - x0), "height": _num(height)})
        shown = _fit(stage, x1 - x0 - 8, STAGE_FONT)
        name = _tag("text", {"class": "cjm-curve__label cjm-curve__stage-name",
                             "x": _num((x0 + x1) / 2), "y": "22", "text-anchor": "middle"},
                    shown) if shown else Markup("")
        bands.append(_tag("g", {"class": "cjm-curve__stage"}, _title(stage), rect, name))
    parts.append(_tag("g", {"class": "cjm-curve__bands"}, *bands))

    # Guide lines and score names.
    grid = []
    for s in range(1, 6):
        y = y_of(s)
        grid.append(_tag("line", {"class": "cjm-curve__neutral" if s == 3 else "cjm-curve__grid",
                                  "x1": _num(left), "x2": _num(left + plot_w),
                                  "y1": _num(y), "y2": _num(y)}))
        score_name = score_names[s - 1]
        fitted = _fit(score_name, left - 14)
        if fitted:
            grid.append(_text(left - 8, y, fitted, score_name, "cjm-curve__label cjm-curve__label--muted",
                              **{"text-anchor": "end", "dy": ".35em"}))
    parts.append(_tag("g", {"class": "cjm-curve__axis"}, *grid))

    # The curve and its dots.
    coords = " ".join(f"{_num(x_of(i))},{_num(y_of(s))}" for i, s in enumerate(scores))
    parts.append(_tag("polyline", {"class": "cjm-curve__line", "points": coords}))
    radius = max(2.0, min(6.0, step_w / 3))
    stage_of = {i: stage for stage, start, end in runs for i in range(start, end)}
    dots = []
    for i, s in enumerate(scores):
        tooltip = f"{stage_of[i]} \u2014 {steps[i]}: {s}/5" if stage_of[i] else f"{steps[i]}: {s}/5"
        dots.append(_tag("circle", {"class": f"cjm-curve__dot cjm-curve__dot--{s}",
                                    "cx": _num(x_of(i)), "cy": _num(y_of(s)), "r": _num(radius)},
                         _title(tooltip)))
    parts.append(_tag("g", {"class": "cjm-curve__dots"}, *dots))

    # Step names under the dots.
    if mode != "none":
        names = []
        for i, step in enumerate(steps):
            x = x_of(i)
            if mode == "wrap":
                lines = _wrap2(step, step_w - 10)
                y = plot_bottom + 20
                spans = [_tag("tspan", {"x": _num(x), "dy": "0" if k == 0 else _num(LINE_HEIGHT)}, line)
                         for k, line in enumerate(lines)]
                text = _tag("text", {"class": "cjm-curve__label cjm-curve__step-name",
                                     "x": _num(x), "y": _num(y), "text-anchor": "middle"}, *spans)
                cut = " ".join(lines) != step
            else:
                shown = _fit(step, ROTATED_LABEL_MAX)
                y = plot_bottom + 16
                text = _tag("text", {"class": "cjm-curve__label cjm-curve__step-name",
                                     "x": _num(x), "y": _num(y), "text-anchor": "end",
                                     "transform": f"rotate(-{_num(ROTATE_ANGLE)} {_num(x)} {_num(y)})"},
                            shown)
                cut = shown != step
            names.append(_tag("g", None, _title(step), text) if cut else text)
        parts.append(_tag("g", {"class": "cjm-curve__steps"}, *names))

    svg_attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "class": "cjm-curve__svg",
        "role": "img",
        "aria-labelledby": f"{title_id} {desc_id}",
        "viewBox": f"0 0 {_num(width)} {_num(height)}",
        "width": "100%",
        "preserveAspectRatio": "xMinYMin meet",
        "style": f"max-width:{_num(width)}px;height:auto",
        "data-steps": str(n),
    }
    parts[0] = _tag("title", {"id": title_id}, _clean(title))
    return _tag("svg", svg_attrs, *parts)
