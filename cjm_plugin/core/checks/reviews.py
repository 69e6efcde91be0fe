"""A map's review is due: its ``updated`` date plus ``review_every`` days (by default
the site's) is past the build's date. A warning: the map is still published."""

from __future__ import annotations

from ..handbook import MapDoc
from ..problems import Problem
from ..reviews import ReviewState, is_reviewed
from ..source import SourceFile


def check_review(doc: MapDoc, src: SourceFile, state: ReviewState) -> list[Problem]:
    """The overdue warning for ``doc``, whose review ``state`` is judged on the build's date."""
    if not is_reviewed(doc.meta) or not state.overdue:
        return []
    return [src.problem(
        ("updated",),
        f"review overdue: last reviewed {state.last}, due every {state.every} days, "
        f"so due on {state.due} ({state.days_overdue} days ago)",
        field_name="updated", severity="warning")]
