"""Classes of characters a text may hold that a reader cannot see, each defined once.

Each class is written here as the ranges of a regular expression's ``[...]``; the
modules that act on them name what they do with them: a name is made one line
(:mod:`.model`), a problem shows them escaped (:mod:`.problems`), a diagram label shows
them as spaces (:mod:`.mermaid`), a changed text drops the bidirectional ones
(:mod:`.diff_markdown`), an id refuses them (:mod:`.addresses`).
"""

from __future__ import annotations

import re

#: C0 and C1 control characters (Unicode's category Cc): ``\\0``, ``\\e`` (colours on a
#: terminal), ``\\t``, ``\\n``… Shown, they forge lines and colours.
CONTROLS = "\x00-\x1f\x7f-\x9f"
#: The line and paragraph separators (Unicode's categories Zl and Zp).
SEPARATORS = "\u2028\u2029"
#: What ends a line of a text as Python reads lines (``str.splitlines`` less the file,
#: group and record separators): a name holding one would break the navigation.
LINE_BREAKS = "\n\r\v\f\x85" + SEPARATORS
#: What ends a line of a YAML file (YAML 1.1's line breaks; ``\r\n`` is one).
YAML_LINE_BREAKS = "\r\n\x85" + SEPARATORS
#: Bidirectional embeddings, overrides and isolates: they reorder the text around them,
#: so that what a reviewer reads is not what is published ("Trojan Source",
#: CVE-2021-42574).
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
#: Direction marks: they reorder nothing and belong to right-to-left writing.
DIRECTION_MARKS = "\u200e\u200f\u061c"
#: Unicode categories that are invisible or break lines: control and format characters
#: (``U+200B``, the bidirectional ones), surrogates, private and unassigned code points,
#: line and paragraph separators.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def any_of(*classes: str) -> re.Pattern[str]:
    """A pattern matching one character of any of ``classes``."""
    return re.compile("[" + "".join(classes) + "]")


def members(*classes: str) -> frozenset[str]:
    """The characters of ``classes`` (written as ranges, as above)."""
    found: set[str] = set()
    for text in classes:
        i = 0
        while i < len(text):
            if i + 2 < len(text) and text[i + 1] == "-":
                found.update(map(chr, range(ord(text[i]), ord(text[i + 2]) + 1)))
                i += 3
            else:
                found.add(text[i])
                i += 1
    return frozenset(found)
