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

* task and section texts wrap inside their boxes (``overflow-wrap: anywhere`` in the
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
from dataclasses import dataclass
from collections.abc import Sequence

__all__ = [
    "JourneyTask",
    "JourneySection",
    "escape_label",
    "journey_source",
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
        f".label {{ color: {_FG}; font-family: {_FONT}; line-height: 1.2;"
        " overflow-wrap: anywhere; }",
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


def clean_label(text: str) -> str:
    """Normalise white space the way :func:`escape_label` does, without escaping.

    Control characters and line/paragraph separators become spaces, runs of ASCII
    spaces collapse, and the result is stripped; lone surrogates become U+FFFD.
    This is the text a reader sees in the rendered diagram.
    """
    out = []
    for ch in str(text):
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Zl", "Zp"):
            out.append(" ")
        elif cat == "Cs":
            out.append("\ufffd")
        else:
            out.append(ch)
    return re.sub(" +", " ", "".join(out)).strip(" ")


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
    try:
        value = int(score)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        value = 3
    return min(5, max(1, value))


def journey_source(title: str, sections: Sequence[JourneySection]) -> str:
    """Return the full Mermaid text: an ``%%{init}%%`` config directive, then ``journey``.

    Empty titles are omitted, sections without tasks are left out, empty or duplicate
    actors of a task are dropped, and scores are clamped to 1..5.
    """
    lines: list[str] = []
    longest_task = 0.0
    longest_actor_word = 0
    title_clean = clean_label(title or "")
    if title_clean:
        lines.append(f"title {escape_label(title_clean)}")
    for section in sections:
        tasks = tuple(section.tasks)
        if not tasks:
            continue
        lines.append(f"section {escape_label(section.name)}")
        for task in tasks:
            actors: list[str] = []
            for actor in task.actors:
                if not clean_label(actor):
                    continue
                escaped = escape_label(actor)
                if escaped not in actors:
                    actors.append(escaped)
                # Mermaid measures the *escaped* text (placeholders) when wrapping.
                for word in escaped.split(" "):
                    longest_actor_word = max(longest_actor_word, len(word) + 6 * word.count("#"))
            longest_task = max(longest_task, _units(clean_label(task.name)))
            row = f"    {escape_label(task.name)}: {_clamp_score(task.score)}"
            if actors:
                row += ": " + ", ".join(actors)
            lines.append(row)

    # Task boxes: fit the longest task text in ~2 lines of 14px text (a box is 50px
    # tall, room for two), 150..300px; longer texts flow below their box.
    task_width = int(min(300, max(150, math.ceil(longest_task * 14 / 2) + 20)))
    # Legend: never let Mermaid hyphenate inside a word (16px font, <= 1em per char).
    max_label_width = max(360, longest_actor_word * 16 + 32)
    config = {
        "themeCSS": THEME_CSS,
        "journey": {
            "useMaxWidth": False,
            "width": task_width,
            "maxLabelWidth": max_label_width,
            "leftMargin": 60,  # gap after the actor legend (Mermaid adds the legend width)
        },
    }
    header = "%%{init: " + json.dumps(config, ensure_ascii=True, separators=(", ", ": ")) + "}%%"
    return "\n".join([header, "journey", *lines]) + "\n"
