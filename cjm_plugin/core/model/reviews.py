"""When a map was reviewed, when it is due, and what "today" is.

"Today" honours ``SOURCE_DATE_EPOCH`` so that builds are reproducible.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from cjm_plugin.core.model.model import MAX_REVIEW_EVERY, JourneyMap

#: Days between reviews for a map that does not say (quarterly, as practitioners advise).
DEFAULT_REVIEW_EVERY = 90


def review_every_allowed(days: object) -> bool:
    """Whether ``days`` can be the site's ``review_every`` (the plugin's option): the
    build and ``cjm check`` ask here, so they allow the same days as a map's own
    ``review_every`` (1 to ``MAX_REVIEW_EVERY``)."""
    return isinstance(days, int) and not isinstance(days, bool) and 1 <= days <= MAX_REVIEW_EVERY


#: A review due within this many days is "due soon".
DUE_SOON_DAYS = 14


def today(environ: dict[str, str] | None = None) -> dt.date:
    """The build's date: ``SOURCE_DATE_EPOCH`` (UTC) when set, else the clock's."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass
    return dt.date.today()


@dataclass(frozen=True)
class ReviewState:
    """A map's review position on a given day."""

    last: dt.date | None
    every: int
    due: dt.date | None
    today: dt.date

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < self.today

    @property
    def days_overdue(self) -> int:
        return (self.today - self.due).days if self.due else 0

    @property
    def days_left(self) -> int | None:
        return (self.due - self.today).days if self.due else None

    @property
    def due_soon(self) -> bool:
        left = self.days_left
        return left is not None and 0 <= left <= DUE_SOON_DAYS

    @property
    def status(self) -> str:
        """One of ``overdue``, ``due-soon``, ``ok`` and ``unknown`` (never reviewed)."""
        if self.due is None:
            return "unknown"
        if self.overdue:
            return "overdue"
        return "due-soon" if self.due_soon else "ok"


def is_reviewed(meta: JourneyMap) -> bool:
    """Whether the map is reviewed at all: an archived map is kept for the record and
    is never due (no overdue warning, no place on the reviews page)."""
    return meta.status != "archived"


def review_state(meta: JourneyMap, as_of: dt.date, default_every: int = DEFAULT_REVIEW_EVERY) -> ReviewState:
    every = meta.review_every or default_every
    due = meta.updated + dt.timedelta(days=every) if meta.updated else None
    return ReviewState(meta.updated, every, due, as_of)
