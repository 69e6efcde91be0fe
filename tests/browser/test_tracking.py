"""The backlog's progress and priority in Chromium: the filters list progress in its own
order and keep only matching rows; priority sorts high, medium, low, then numbers by
rank, not alphabetically."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

_ROWS_JS = """() => Array.from(document.querySelectorAll("table.cjm-backlog tbody tr"))
  .filter((tr) => !tr.hidden).map((tr) => Array.from(tr.cells).map((td) => td.textContent.trim()))"""


@pytest.fixture(scope="module")
def site(example_build: Any, serve_dir: Any) -> str:
    return serve_dir(example_build.site)


def test_backlog_filters_by_progress_and_sorts_by_priority(site: str, new_page: Any) -> None:
    page = new_page(site, viewport={"width": 1400, "height": 900})
    page.goto("/backlog/")
    page.wait_for_function("() => document.querySelector('table.cjm-backlog')?.dataset.cjmSorts === '1'")
    progress = page.locator("select[name=status]")
    options = progress.locator("option").all_inner_texts()
    assert options == ["All", "Idea", "Planned", "In progress", "Done"]   # their own order, once each
    progress.select_option("Done")
    done = page.evaluate(_ROWS_JS)
    assert len(done) == 3 and {row[6] for row in done} == {"Done"}
    total = page.evaluate("() => JSON.parse(document.getElementById('cjm-backlog-setup').dataset.setup).total")
    assert page.locator(".cjm-filters__count").inner_text() == f"3 of {total} entries"
    page.locator("form.cjm-filters button[type=reset]").click()
    page.locator("table.cjm-backlog th", has_text="Priority").click()
    ranked = [row[7] for row in page.evaluate(_ROWS_JS) if row[7]]
    rank = {"High": 1, "Medium": 2, "Low": 3}
    assert ranked == sorted(ranked, key=lambda p: rank.get(p) or int(p)), ranked
    assert ranked[0] == "High" and "2" in ranked
