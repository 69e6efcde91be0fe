"""Build Mermaid ``journey`` diagram text that never breaks.

Pure Python, no MkDocs import.  :func:`journey_source` turns a title and a list of
:class:`JourneySection` into the text of one Mermaid ``journey`` diagram, ready to be
put (HTML-escaped) inside ``<pre class="mermaid">`` for mkdocs-material's Mermaid
integration, which calls ``mermaid.render(id, pre.textContent)``.

Why escaping is needed (measured with the vendored Mermaid 11.17.2 in Chromium)
------------------------------------------------------------------------------
The journey grammar is line based and fragile:

* ``:`` ends a task name (the rest is silently lost) and is a syntax error in a
  section or title; ``,`` separates actors;
* ``;`` and ``#`` start comments / end tokens, ``%`` starts a comment, ``%%{`` a
  directive; a newline ends a statement;
* a task that begins (case-insensitively) with ``section``, ``journey`` or
  ``accDescr {`` is a syntax error, ``title …`` is swallowed as the diagram title;
* the title goes through DOMPurify, so ``<script>…`` disappears and ``&amp;`` is
  mangled; task texts split on ``<br>``;
* leading white space is skipped by the lexer.

How labels are escaped (see :func:`escape_label`)
-------------------------------------------------
``mermaid.render`` runs ``encodeEntities`` over the diagram text *before* parsing: every
``#<digits>;`` becomes a placeholder ``ﬂ°°<digits>¶ß`` (free of ``#``, ``:``, ``;``,
``,``, ``%`` and ``<``) that survives the lexer, DOMPurify and d3's ``.text()``; the final
SVG string is then decoded (``ﬂ°°`` -> ``&#``, ``ﬂ°`` -> ``&``, ``¶ß`` -> ``;``), so the
browser shows the character as a numeric character reference *inside text*, never as
markup.  Therefore:

1. control characters (C0, DEL, C1 -- including tab, CR, LF) and the Unicode line/
   paragraph separators become a space; runs of ASCII spaces collapse to one and the
   label is stripped.  (The HTML parser would turn ``&#128;``-``&#159;`` into
   Windows-1252 characters and ``&#0;``/``&#13;`` into U+FFFD/CR, so controls cannot be
   shown faithfully anyway; they are invisible.)
2. lone surrogates (only possible in broken input) become U+FFFD.
3. kept literally: ASCII letters, digits, the space, the punctuation
   ``. - _ ( ) ! ? / ' " + * = @ $ ~ ^ [ ] |`` and every non-ASCII letter, mark or
   number (Unicode categories L*, M*, N*: Arabic, CJK, Indonesian, accents, ...).
4. everything else is written as ``#<codepoint>;`` -- ``:`` -> ``#58;``, ``;`` -> ``#59;``,
   ``#`` -> ``#35;``, ``%`` -> ``#37;``, ``,`` -> ``#44;``, ``<`` -> ``#60;``, ``>`` ->
   ``#62;``, ``&`` -> ``#38;``, ``{ } \\ ` `` , emoji and other symbols, non-ASCII spaces
   (NBSP, ...), format characters (ZWJ, bidi marks, BOM), ... .  The placeholder's own
   characters ``ﬂ ° ¶ ß`` are always encoded too (a literal ``¶ß`` in a label would
   otherwise be decoded to ``;``).
5. a label starting with a grammar keyword (``section``, ``title``, ``journey``,
   ``accTitle``, ``accDescr``, any case) gets its first character encoded.
6. an empty (or white-space-only) label becomes ``#160;`` (one no-break space) so the
   statement stays valid; empty titles are omitted and empty actors dropped.

Only decimal references are used: Mermaid leaves ``#x41;`` as the literal ``&x41;``.

Long labels: the full text is always kept
-----------------------------------------
Nothing is shortened: every label is present in full in the SVG (and in the page's
stage table).  To keep long labels readable:

* task and section texts wrap inside their boxes (``hyphens: auto`` and
  ``overflow-wrap: anywhere`` in the
  theme CSS, so long words, URLs and CJK wrap too) and are never clipped
  (``foreignObject { overflow: visible }``); the task boxes are widened from 150 px
  up to 300 px when the longest task text needs it.  Extremely long texts flow below
  their box rather than being cut.
* the actor legend wraps at spaces only: ``journey.maxLabelWidth`` is raised to fit the
  longest space-free run of any actor name, because Mermaid would otherwise hyphenate
  such a word character by character, which can split a ``#…;`` reference in two.
* the title is a single SVG line (Mermaid cannot wrap it); a very long title is
  present in the SVG text but visually runs past the diagram's right edge.

The diagram is drawn at its natural size (``useMaxWidth: false``): Mermaid's own
scaling shrinks a wide journey to fit the column, which makes its text unreadable;
the page's stylesheet lets the figure scroll sideways instead.

Sections without tasks are not drawn by Mermaid and are therefore left out.  Scores
are clamped to 1..5.  Mermaid refuses diagrams longer than ``maxTextSize`` (50 000
characters, not changeable per diagram); escaping ASCII punctuation costs 3-6
characters each, which normal maps are far from.

Theme (legibility in light and dark palettes)
---------------------------------------------
Material renders each diagram once and puts the SVG in a closed shadow root; its own
``themeCSS`` has no rules for journeys, so the title, actor legend and section labels
stay dark-on-dark in the ``slate`` palette.  CSS custom properties inherit into shadow
roots, so the source starts with an ``%%{init: ...}%%`` directive whose ``themeCSS``
styles every journey part with Material's variables (``--md-default-fg-color``,
``--md-default-bg-color``, ``--md-mermaid-*``, with fallbacks for pages without
Material).  Switching palettes re-colours the diagram without re-rendering.  A directive
is used instead of YAML front-matter because front-matter is only recognised at the
very first character of the text, while a directive also works after leading white
space.  Note that a directive's ``themeCSS`` *replaces* Material's ``themeCSS`` for that
diagram, so the rules below also cover the lines and the arrow marker.  The CSS avoids
``<``, ``>`` (Mermaid drops directive strings containing them, so no child selectors),
``#`` and ``%``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import SupportsInt

from cjm_plugin.core.model.characters import CONTROLS, SEPARATORS, any_of

__all__ = [
    "JourneyTask",
    "JourneySection",
    "escape_label",
    "journey_source",
    "journey_rows",
    "journey_actors",
    "split_rows",
    "RowLayout",
    "WIDE",
    "NARROW",
    "LAYOUTS",
    "clean_label",
    "THEME_CSS",
]


@dataclass(frozen=True)
class JourneyTask:
    """One step of the journey: a Mermaid task."""

    name: str
    score: int
    actors: tuple[str, ...] = ()


@dataclass(frozen=True)
class JourneySection:
    """One stage of the journey: a Mermaid section with its tasks."""

    name: str
    tasks: tuple[JourneyTask, ...] = ()


# Characters Mermaid's encodeEntities/decodeEntities use for their placeholders.
_PLACEHOLDER_CHARS = frozenset("\ufb02\u00b0\u00b6\u00df")
_SAFE_ASCII = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
    ".-_()!?/'\"+*=@$~^[]|"
)
_KEYWORD_START = re.compile(r"(?i)(section|title|journey|acctitle|accdescr)")
#: Names Mermaid would look up on a plain JavaScript object: the journey keeps its
#: actors in one, so an actor called ``__proto__`` or ``constructor`` vanished from
#: the diagram. Their first letter is encoded, which makes the key a different string.
_OBJECT_KEYS = frozenset({
    "__proto__", "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable",
    "toLocaleString", "toString", "valueOf", "__defineGetter__", "__defineSetter__",
    "__lookupGetter__", "__lookupSetter__",
})
_EMPTY = "#160;"
#: A numeric character reference as :func:`escape_label` writes it.
ENTITY = re.compile(r"#(\d+);")

#: Theme CSS put into every journey's ``%%{init}%%`` directive (see module docstring).
_FG = "var(--md-default-fg-color, rgba(0, 0, 0, 0.87))"
_FG_LIGHT = "var(--md-default-fg-color--light, rgba(0, 0, 0, 0.54))"
_FG_LIGHTER = "var(--md-default-fg-color--lighter, rgba(0, 0, 0, 0.32))"
_BG = "var(--md-default-bg-color, white)"
_FONT = "var(--md-mermaid-font-family, var(--md-text-font-family, sans-serif))"
_NODE_BG = "var(--md-mermaid-node-bg-color, rgba(82, 108, 254, 0.1))"
_NODE_FG = "var(--md-mermaid-node-fg-color, rgb(82, 108, 254))"
THEME_CSS = " ".join(
    [
        # title: the only <text> without a class attribute
        f"text:not([class]) {{ fill: {_FG}; font-family: {_FONT}; }}",
        # actor legend
        f".legend {{ fill: {_FG}; font-family: {_FONT}; }}",
        # section and task boxes
        f"rect.journey-section {{ fill: {_NODE_BG}; stroke: {_NODE_FG}; }}",
        f"rect.task {{ fill: {_BG}; stroke: {_NODE_FG}; }}",
        # section and task texts (HTML inside foreignObject, and the SVG fallback)
        # (hyphens: a long word breaks with a hyphen, in the page's language, which
        # assets/diagrams.js gives the SVG; padding: no text touches its box's sides)
        f".label {{ color: {_FG}; font-family: {_FONT}; line-height: 1.1;"
        " overflow-wrap: anywhere; hyphens: auto; padding: 0 6px; }",
        f"text.journey-section, text.task {{ fill: {_FG}; font-family: {_FONT}; }}",
        "foreignObject { overflow: visible; }",
        # the dashed task lines and the activity arrow
        f"line {{ stroke: {_FG_LIGHT}; }}",
        f"line.task-line {{ stroke: {_FG_LIGHTER}; }}",
        f"marker path {{ fill: {_FG_LIGHT}; stroke: none; }}",
        # faces keep their light fill in both palettes; outline stays visible
        ".face { stroke: rgb(153, 153, 153); }",
    ]
)


#: What a label shows as a space: control characters, line and paragraph separators.
_BREAKS = any_of(CONTROLS, SEPARATORS)
#: Unicode's Cs (surrogates: only lone ones can be in a str).
_SURROGATES = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(" +")


def clean_label(text: str) -> str:
    """Normalise white space the way :func:`escape_label` does, without escaping.

    Control characters and line/paragraph separators become spaces, runs of ASCII
    spaces collapse, and the result is stripped; lone surrogates become U+FFFD.
    This is the text a reader sees in the rendered diagram.
    """
    # The categories as character ranges (Cc, Zl, Zp; Cs): a regex does in C what a loop
    # over the characters did in Python, for every label of every diagram row.
    text = _SURROGATES.sub("\ufffd", _BREAKS.sub(" ", str(text)))
    return _SPACES.sub(" ", text).strip(" ")


def _encode_char(ch: str) -> str:
    if ch in _SAFE_ASCII:
        return ch
    if ord(ch) > 127 and ch not in _PLACEHOLDER_CHARS and unicodedata.category(ch)[0] in "LMN":
        return ch
    return f"#{ord(ch)};"


def escape_label(text: str) -> str:
    """Return *text* made safe to stand as one label anywhere in a journey diagram.

    The result contains no newline, ``:``, ``;`` (other than in ``#<n>;``
    references), ``,``, ``%``, ``<``, ``>``, ``&`` and never starts with a grammar
    keyword; it is never empty.  Mermaid's ``render`` turns each ``#<n>;`` back into
    the character.  See the module docstring for the exact rules.
    """
    cleaned = clean_label(text)
    if not cleaned:
        return _EMPTY
    if _SAFE_ASCII.issuperset(cleaned):  # most labels: nothing to encode
        escaped = cleaned
    else:
        escaped = "".join(_encode_char(ch) for ch in cleaned)
    if _KEYWORD_START.match(escaped) or cleaned in _OBJECT_KEYS:
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def _units(text: str) -> float:
    """Rough rendered width of *text* in em (wide East Asian characters count 1)."""
    return sum(
        1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.6 for ch in text
    )


def _clamp_score(score: object) -> int:
    if not isinstance(score, (str, bytes, SupportsInt)):
        return 3
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 3
    return min(5, max(1, value))


#: How many colours Mermaid has for actors' dots (``journey.actorColours``, which a
#: directive cannot change: Mermaid drops it).
ACTOR_COLOURS = 6
#: A Mermaid comment line of a row (digits only): for each actor of the row, in the order
#: Mermaid colours them, the colour that actor has in the whole map. ``assets/diagrams.js``
#: recolours the row's dots with it, so that an actor keeps its colour from row to row.
ACTOR_COLOURS_COMMENT = "%% cjm-actor-colours:"
#: Height of a section bar and of a task box as Mermaid draws them: four lines of 16 px
#: text. Mermaid draws the activity arrow at 4x this (280), just above the highest face
#: (285). ``assets/diagrams.js`` makes a row's task boxes taller (room above and below
#: four lines) and its faces closer together (see ``ROW_MARK``).
BOX_HEIGHT = 70
#: Gap between two tasks; Mermaid also spaces sections by ``diagramMarginX``, so both
#: are the same or the section bars would drift from their tasks.
TASK_GAP = 20
#: Where Mermaid starts the tasks: this plus the widest actor's name in its legend.
LEGEND_GAP = 60
#: The margins left and right of a row's boxes (``assets/diagrams.js`` sizes the viewBox;
#: it takes each row's actor legend out: the figure names the actors once).
LEFT_PAD = 10
RIGHT_PAD = 10
#: A Mermaid comment line that marks a row of a map's diagram, with the width every row of
#: its layout is drawn at (the widest row's): ``assets/diagrams.js`` fits only such rows
#: (hand-written journeys keep Mermaid's own drawing), and draws them all at one scale.
ROW_MARK = "%% cjm-row width:"


@dataclass(frozen=True)
class RowLayout:
    """A reading width the diagram is cut into rows for.

    ``width`` is the widest a row may be in the diagram's own pixels: a row is drawn at
    that size, or scaled down to the width of the page's column (``useMaxWidth``), so
    the narrowest column a layout is shown in decides how small its text gets.
    """

    name: str
    width: int


#: Shown when the column is at least 840 px wide (desktop, tablet landscape, paper):
#: Mermaid's 16 px text stays >= 12.8 px (16 x 840/1050), and four boxes of the widest
#: (240 px) fit a row, which then fills a sheet of A4 landscape.
WIDE = RowLayout("wide", 1050)
#: Shown in narrower columns (phones): a 358 px column keeps >= 13 px (16 x 358/420).
NARROW = RowLayout("narrow", 420)
LAYOUTS = (WIDE, NARROW)


def _mermaid_sort_key(escaped: str) -> bytes:
    """How Mermaid orders actors: JavaScript's sort of the names after its
    ``encodeEntities`` (``#58;`` -> placeholder), by UTF-16 code unit."""
    encoded = re.sub(r"#(\d+);", "\ufb02\u00b0\u00b0\\1\u00b6\u00df", escaped)
    return encoded.encode("utf-16-be", "surrogatepass")


def _actors(task: JourneyTask) -> list[str]:
    """The task's actors, escaped, without empty ones and duplicates."""
    actors: list[str] = []
    for actor in task.actors:
        if clean_label(actor):
            escaped = escape_label(actor)
            if escaped not in actors:
                actors.append(escaped)
    return actors


def _measured(escaped: str) -> str:
    """The text Mermaid measures: references still as its placeholders."""
    return ENTITY.sub(lambda m: f"\ufb02\u00b0\u00b0{m.group(1)}\u00b6\u00df", escaped)


@dataclass(frozen=True)
class _Geometry:
    """What every row of one map shares, so that the rows line up and look alike."""

    task_width: int
    max_label_width: int
    actors: tuple[str, ...]  # escaped, in Mermaid's order

    @classmethod
    def of(cls, sections: Sequence[JourneySection]) -> _Geometry:
        tasks = [t for s in sections for t in s.tasks]
        longest_task = max((_units(clean_label(t.name)) for t in tasks), default=0.0)
        actors = sorted({a for t in tasks for a in _actors(t)}, key=_mermaid_sort_key)
        # The legend wraps names at spaces to this width, so that a long name ("Dina, the
        # busy professional") does not push every row's steps to the right. Mermaid
        # hyphenates a word wider than this character by character, which could split a
        # reference (``#44;``, measured as ``ﬂ°°44¶ß``): never narrower than the widest
        # word, at 1em a character when it has a reference, else with a 15 % margin.
        words = [_measured(w) for a in actors for w in a.split(" ")]
        widest_word = max((len(w) * 16 if "\u00b6\u00df" in w else _units(w) * 16 * 1.15 for w in words),
                          default=0)
        max_label_width = int(max(150, widest_word + 16))
        return cls(
            # ~4 lines of text in a box, 150..240 px; longer texts flow below it.
            task_width=int(min(240, max(150, math.ceil(longest_task * 14 / 4) + 16))),
            max_label_width=max_label_width,
            actors=tuple(actors),
        )

    def row_width(self, tasks: int) -> int:
        """A row's width once ``assets/diagrams.js`` has taken its actor legend out."""
        return LEFT_PAD + tasks * (self.task_width + TASK_GAP) - TASK_GAP + RIGHT_PAD

    def tasks_per_row(self, layout: RowLayout) -> int:
        count = 1
        while self.row_width(count + 1) <= layout.width:
            count += 1
        return count



def _source(title: str, sections: Sequence[JourneySection], geometry: _Geometry,
            row_width: int | None = None) -> str:
    lines: list[str] = []
    title_clean = clean_label(title or "")
    if title_clean:
        lines.append(f"title {escape_label(title_clean)}")
    used: set[str] = set()
    for section in sections:
        if not section.tasks:
            continue
        lines.append(f"section {escape_label(section.name)}")
        for task in section.tasks:
            actors = _actors(task)
            used.update(actors)
            row = f"    {escape_label(task.name)}: {_clamp_score(task.score)}"
            if actors:
                row += ": " + ", ".join(actors)
            lines.append(row)
    # Mermaid colours the actors of *this* diagram in its sorted order: say which colour
    # each one has in the whole map.
    colours = [geometry.actors.index(a) % ACTOR_COLOURS for a in sorted(used, key=_mermaid_sort_key)]
    header = _init_directive(geometry.task_width, geometry.max_label_width)
    if colours != list(range(len(colours))):
        lines.insert(0, f"{ACTOR_COLOURS_COMMENT} {' '.join(map(str, colours))}")
    if row_width is not None:
        lines.insert(0, f"{ROW_MARK} {row_width}")
    return "\n".join([header, "journey", *lines]) + "\n"


@lru_cache(maxsize=256)
def _init_directive(task_width: int, max_label_width: int) -> str:
    """The ``%%{init}%%`` line: the theme and the boxes' size. Every row of a map has the
    same one (and most maps share a few), so it is encoded once per size."""
    config = {
        "themeCSS": THEME_CSS,
        "journey": {
            # Drawn at its own size, or scaled down to the column: rows are cut so that
            # the scaled text stays readable (see RowLayout).
            "useMaxWidth": True,
            "width": task_width,
            "height": BOX_HEIGHT,
            "taskMargin": TASK_GAP,
            "diagramMarginX": TASK_GAP,
            "maxLabelWidth": max_label_width,
            "leftMargin": LEGEND_GAP,
        },
    }
    return "%%{init: " + json.dumps(config, ensure_ascii=True, separators=(", ", ": ")) + "}%%"


def journey_source(title: str, sections: Sequence[JourneySection]) -> str:
    """Return the full Mermaid text: an ``%%{init}%%`` config directive, then ``journey``.

    Empty titles are omitted, sections without tasks are left out, empty or duplicate
    actors of a task are dropped, and scores are clamped to 1..5.
    """
    return _source(title, sections, _Geometry.of(sections))


def split_rows(sections: Sequence[JourneySection], per_row: int) -> list[list[JourneySection]]:
    """Cut the journey into rows of at most ``per_row`` tasks, whole stages where they fit.

    A stage longer than a row is cut into near-equal pieces (5 steps in rows of 4: 3 + 2),
    each piece keeping the stage's name; pieces are put in rows in order, a new row
    starting whenever the next piece does not fit.
    """
    per_row = max(1, per_row)
    rows: list[list[JourneySection]] = []
    used = per_row  # forces a first row
    for section in sections:
        tasks = tuple(section.tasks)
        if not tasks:
            continue
        parts = math.ceil(len(tasks) / per_row)
        size, extra = divmod(len(tasks), parts)
        start = 0
        for i in range(parts):
            end = start + size + (1 if i < extra else 0)
            piece = JourneySection(section.name, tasks[start:end])
            start = end
            if used + len(piece.tasks) > per_row:
                rows.append([])
                used = 0
            rows[-1].append(piece)
            used += len(piece.tasks)
    return rows


def journey_rows(sections: Sequence[JourneySection], layout: RowLayout) -> list[str]:
    """The journey as rows of Mermaid ``journey`` diagrams no wider than ``layout``.

    Every row shares the task width and the actors' colours; no row has a title (the
    page shows the map's title once, above the rows).
    """
    geometry = _Geometry.of(sections)
    rows = split_rows(sections, geometry.tasks_per_row(layout))
    width = max(geometry.row_width(sum(len(s.tasks) for s in row)) for row in rows) if rows else 0
    return [_source("", row, geometry, width) for row in rows]


def journey_actors(sections: Sequence[JourneySection]) -> list[tuple[str, int]]:
    """The diagram's actors once, as its legend shows them: each name (as written, white
    space normalised) with the index of its colour among Mermaid's ``ACTOR_COLOURS``, in
    the order the rows colour them."""
    names: dict[str, str] = {}
    for section in sections:
        for task in section.tasks:
            for actor in task.actors:
                if clean_label(actor):
                    names.setdefault(escape_label(actor), clean_label(actor))
    order = sorted(names, key=_mermaid_sort_key)
    return [(names[escaped], i % ACTOR_COLOURS) for i, escaped in enumerate(order)]
