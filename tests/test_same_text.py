"""Texts written in different places count as the same when they differ only by capitals
and spacing: the ``answers`` check, the comparison on the map page and the touchpoint
groups agree (one key, ``texts.text_key``, serves them all)."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from cjm_plugin.core import views
from cjm_plugin.core.reading.loader import load_handbook

ON = dt.date(2026, 11, 23)

CURRENT = """\
    ---
    title: Now
    type: current-state
    compares: later
    stages:
      - name: Order
        touchpoints: [Mobile app]
        steps:
          - name: Logs in
            score: 2
            pain_points: [Slow login]
    ---
    """
FUTURE = """\
    ---
    title: Later
    type: future-state
    compares: now
    stages:
      - name: Order
        touchpoints: ["mobile  APP"]
        steps:
          - name: Taps once
            score: 4
            answers: ["slow  LOGIN"]
    ---
    """


def test_answers_touchpoints_match_whatever_the_capitals_and_spacing(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "now.md").write_text(textwrap.dedent(CURRENT), "utf-8")
    (maps / "later.md").write_text(textwrap.dedent(FUTURE), "utf-8")
    book = load_handbook(maps, root=tmp_path, as_of=ON)
    assert [str(p) for p in book.problems] == []
    result = views.comparison(book.maps["later"], book)
    assert result is not None
    assert result.answered == [views.Answered("Slow login", "Order", ["Taps once"], done=False)]
    assert result.open == []
    assert [(name, len(uses)) for name, uses in book.touchpoints.items()] == [("mobile  APP", 2)]  # named as first written (later.md comes first)
