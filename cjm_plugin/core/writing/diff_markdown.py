"""``cjm diff``'s summary as Markdown, for a pull-request comment, or as plain text for
a terminal (:func:`render_text`).

Text from a map is data: in a comment, a step named ``<img src=x>``, ``@someone`` or
``[x](javascript:…)`` must show as those characters, not become an image, a mention
or a link. So the template's environment escapes every ``{{ value }}``
(:func:`markdown_text`) unless it is :class:`Trusted` (only the Mermaid block, whose
labels the core's Mermaid code escapes). The summary is cut to fit a GitHub comment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from babel.numbers import format_decimal

from cjm_plugin.core.language.formats import locale_of
from cjm_plugin.core.language.i18n import Labels
from cjm_plugin.core.language.translate import N_, _, _n, language
from cjm_plugin.core.model.characters import BIDI_CONTROLS, DIRECTION_MARKS, any_of
from cjm_plugin.core.rendering.text_templates import text_environment
from cjm_plugin.core.views.mermaid import clean_label
from cjm_plugin.core.writing.journey_diff import LaneChange, MapDiff

#: The hidden first line a workflow finds its own comment by.
MARKER = "<!-- cjm-diff -->"
#: GitHub refuses a comment longer than this many characters.
MAX_CHARS = 65_536
#: A text from a map is shown at most this long in the summary (the map has it whole).
MAX_TEXT = 300

#: The ASCII punctuation that can open markup in GitHub Markdown (emphasis, links,
#: HTML, entities, tables, lists, headings, math): CommonMark shows each one literally
#: when a backslash precedes it.
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~$=])")
#: GitHub links ``@name`` (a mention, which notifies) and ``#12`` (a reference, which
#: marks the issue) in rendered text: a word joiner after the sign breaks both.
_LINKING = re.compile(r"([@#])")
#: Bidirectional controls would let a name show its characters in another order.
_BIDI = any_of(BIDI_CONTROLS, DIRECTION_MARKS)

#: The summary's own words, in the writer's language (translated when it is written).
_WORDS = {
    "added": N_("New map"), "removed": N_("Map removed"), "changed": N_("Map changed"),
    "broken": N_("Map does not parse"), "line": N_("line"), "column": N_("column"),
    "stages": N_("Stages"), "steps": N_("Steps"), "lanes": N_("Lanes"),
    "added_item": N_("Added"), "removed_item": N_("Removed"), "renamed": N_("Renamed"),
    "score": N_("score"),
    "unchanged": N_("The journey is unchanged (only comments, or the spacing of the YAML, changed)."),
    "body_changed": N_("The page's text below the front-matter changed."),
    "old_broken": N_("The version before did not parse, so the whole map is new to the check."),
    "journey_left_out": N_("(The journey diagram is left out: the comment would be longer than "
                           "GitHub allows.)"),
    "title": N_("Changed journey maps"),
}
_CUT = N_("The summary is cut here: GitHub allows {limit} characters in a comment. "
          "{count} more changed maps are not shown; run `cjm diff` to see them all.")
_FIELD_NAMES = {"title": N_("Title"), "type": N_("Type"), "status": N_("Status"), "owner": N_("Owner"),
                "persona": N_("Persona"), "personas": N_("Personas"), "compares": N_("Compares with"),
                "updated": N_("Last review (updated)"), "review_every": N_("Review every (days)")}


def _words() -> dict[str, str]:
    return {key: _(text) for key, text in _WORDS.items()}


class Trusted(str):
    """Markdown written by cjm itself, passed through as it is."""


def markdown_text(value: object) -> str:
    """``value`` as literal text in GitHub Markdown: one line, every ASCII punctuation
    backslash-escaped, mentions and issue references broken, at most :data:`MAX_TEXT`
    characters."""
    if isinstance(value, Trusted):
        return value
    text = clean_label(_BIDI.sub("", "" if value is None else str(value)))
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT - 1] + "…"
    return _LINKING.sub("\\1\u2060", _PUNCTUATION.sub(r"\\\1", text))


_env = text_environment("diff", finalize=markdown_text)  # Markdown: finalize escapes every value


def terminal_text(value: object) -> str:
    """``value`` for a terminal (``--format text``): one line, without the control
    characters (an escape sequence would change the terminal's colours or title) or
    bidirectional controls, at most :data:`MAX_TEXT` characters."""
    if isinstance(value, Trusted):
        return value
    text = clean_label(_BIDI.sub("", "" if value is None else str(value)))
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


_text_env = text_environment("diff", finalize=terminal_text)


def _helpers(labels: Labels, escape: Callable[[object], str] = markdown_text) -> dict[str, Any]:
    def face(score: int | None) -> str:
        return labels(f"score_{score}") if score is not None else "—"

    def score(value: int | None) -> str:
        return f"{value}, {face(value)}" if value is not None else "—"

    def field_value(name: str, value: str | None) -> str:
        if value is None:
            return "—"
        if name == "status" and labels.has(f"status.{value}"):
            return labels(f"status.{value}")
        return value

    def lane(change: LaneChange) -> str:
        if change.label:
            return change.label
        key = f"lane.{change.lane}"
        return labels(key) if labels.has(key) else change.lane.replace("_", " ").capitalize()

    def progress(status: str | None) -> str:
        key = f"item_status.{status}"
        return labels(key) if status and labels.has(key) else (status or "—")

    def lane_parts(change: LaneChange) -> Trusted:
        """The changes of one lane, its texts escaped here (``escape``), joined with '; '."""
        removed, added = _(_WORDS["removed_item"]).lower(), _(_WORDS["added_item"]).lower()
        parts = [f"{removed} “{escape(t)}”" for t in change.removed]
        parts += [f"{added} “{escape(t)}”" for t in change.added]
        parts += [f"“{escape(old)}” → “{escape(new)}”" for old, new in change.edited]
        parts += [f"“{escape(t)}” {escape(progress(was))} → "
                  f"{escape(progress(now))}" for t, was, now in change.progressed]
        return Trusted("; ".join(parts))

    def count(number: int, word: str) -> str:
        if word == "stage":
            return _n("{count} stage", "{count} stages", number)
        return _n("{count} step", "{count} steps", number)

    return {"words": _words(), "count": count, "lane_parts": lane_parts, "face": face, "score": score, "lane": lane, "progress": progress,
            "field_name": lambda name: _(_FIELD_NAMES[name]) if name in _FIELD_NAMES else name,
            "field_value": field_value}


def render_map(diff: MapDiff, labels: Labels, *, with_journey: bool = True) -> str:
    """One map's part of the summary."""
    if diff.journey is not None:
        diff.journey = Trusted(diff.journey)
    return _env.get_template("map.md").render(d=diff, with_journey=with_journey,
                                              **_helpers(labels))


def render_summary(diffs: Sequence[MapDiff], labels: Labels, *, base: str, head: str | None,
                   limit: int = MAX_CHARS) -> str:
    """The whole summary: the marker, what was compared, then each map, cut to ``limit``
    characters (a map's diagram is left out first, then the maps that do not fit)."""
    compared = (_("Compared {base} with {head}.", base=markdown_text(base), head=markdown_text(head))
                if head else _("Compared {base} with the working tree.", base=markdown_text(base)))
    head_lines = [MARKER, f"## {_(_WORDS['title'])}", "", compared, ""]
    if not diffs:
        head_lines += [_("No journey map changed."), ""]
    out = "\n".join(head_lines)
    reserve = len(_(_CUT)) + 40
    for i, diff in enumerate(diffs):
        part = render_map(diff, labels)
        if len(out) + len(part) + 1 > limit - reserve:
            part = render_map(diff, labels, with_journey=False)
        if len(out) + len(part) + 1 > limit - reserve:
            note = _(_CUT, limit=format_decimal(limit, locale=locale_of(language())),
                     count=len(diffs) - i)
            return f"{out}\n{note}\n"
        out += "\n" + part
    return out


def render_text(diffs: Sequence[MapDiff], labels: Labels, *, base: str, head: str | None) -> str:
    """The summary for a terminal (``cjm diff --format text``): the same facts as
    :func:`render_summary` in plain lines, without the marker, Markdown or the journey
    diagram, and not cut (no comment limit)."""
    compared = (_("Compared {base} with {head}.", base=terminal_text(base), head=terminal_text(head))
                if head else _("Compared {base} with the working tree.", base=terminal_text(base)))
    lines = [_(_WORDS["title"]), compared, ""]
    if not diffs:
        lines.append(_("No journey map changed."))
    parts = [_text_env.get_template("map.txt").render(d=diff, **_helpers(labels, terminal_text))
             for diff in diffs]
    return "\n".join(lines) + "\n" + "\n".join(parts)
