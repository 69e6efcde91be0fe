"""A map's review is due: its ``updated`` date plus ``review_every`` days (by default
the site's) is past the build's date. A warning: the map is still published."""

from __future__ import annotations

from cjm_plugin.core.language.translate import _n
from cjm_plugin.core.model.handbook import MapDoc
from cjm_plugin.core.model.reviews import ReviewState, is_reviewed
from cjm_plugin.core.reading.source import SourceFile
from cjm_plugin.core.reporting.problems import Problem

from .inputs import ByMap, HandbookInput


def check_reviews(handbook: HandbookInput) -> ByMap:
    return {doc.id: _review(doc, src, handbook.book.reviews[doc.id]) for doc, src in handbook.maps()}


def _review(doc: MapDoc, src: SourceFile, state: ReviewState) -> list[Problem]:
    """The overdue warning for ``doc``, whose review ``state`` is judged on the build's date."""
    if not is_reviewed(doc.meta) or not state.overdue:
        return []
    return [src.problem(
        ("updated",),
        _n("review overdue: last reviewed {last}, due every {every} days, "
           "so due on {due} ({count} day ago)",
           "review overdue: last reviewed {last}, due every {every} days, "
           "so due on {due} ({count} days ago)", state.days_overdue,
           last=state.last, every=state.every, due=state.due),
        field_name="updated", severity="warning", code="review.overdue")]
