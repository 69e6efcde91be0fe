"""When two texts written in different places count as the same.

Writers type the same pain point or touchpoint in several maps with other capitals or
spacing (``Mobile app``, ``mobile  APP``). Every place that groups or matches such
texts uses these keys, so that a check, a comparison and an index agree.
"""

from __future__ import annotations

import re
import unicodedata

_PUNCTUATION = re.compile(r"[^\w\s]")


def text_key(text: str) -> str:
    """Capitals and spacing ignored: touchpoints are grouped, and ``answers`` name
    pain points, by this key."""
    return " ".join(text.split()).casefold()


def loose_text_key(text: str) -> str:
    """Unicode forms and punctuation ignored too: recurring pain points are grouped by
    this key before the fuzzy match."""
    return text_key(_PUNCTUATION.sub(" ", unicodedata.normalize("NFKC", text).casefold()))
