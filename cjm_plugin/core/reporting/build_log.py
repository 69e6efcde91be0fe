"""What a build says about the handbook, whichever engine runs it: the same lines from
the MkDocs plugin and from `cjm build` on Zensical, in the writer's language."""

from __future__ import annotations

from cjm_plugin.core.language.translate import _, _n
from cjm_plugin.core.model.handbook import Handbook
from cjm_plugin.core.reporting.problems import one_line


def problem_lines(book: Handbook) -> list[tuple[bool, str]]:
    """Each problem as one log line, with whether it is an error (a warning to the
    engine, so that ``--strict`` fails on it) or not (an info line)."""
    return [(problem.is_error, one_line(str(problem))) for problem in book.problems]


def errors_line(book: Handbook, *, strict: bool, preview: bool = False) -> str | None:
    """The summary of the errors and what happens to their files (a build leaves them
    out; a preview shows a page of each one's problems), or None."""
    if not book.errors:
        return None
    errors, files = len(book.errors), len({p.path for p in book.errors})
    counted = _n("{count} error in {files}", "{count} errors in {files}", errors,
                 files=_n("{count} file", "{count} files", files))
    if preview:
        outcome = _n("the preview shows it on its page", "the preview shows them on their pages", errors)
    else:
        outcome = (_("the strict build fails") if strict else
                   _("that file is left out of the site") if files == 1 else
                   _("those files are left out of the site"))
    return _("{count}; {outcome} (run `cjm check` for the list)", count=counted, outcome=outcome)


def drafts_line(left_out: int) -> str | None:
    """How many drafts the site leaves out and how to publish them, or None."""
    if not left_out:
        return None
    return _n("{count} draft map is not published (status: draft, or no status); set "
              "'status: review' or 'published' to publish one, or the plugin option "
              "'draft: true' to publish drafts",
              "{count} draft maps are not published (status: draft, or no status); set "
              "'status: review' or 'published' to publish one, or the plugin option "
              "'draft: true' to publish drafts", left_out)
