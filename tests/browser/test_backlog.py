"""The backlog page in Chromium: its one table sorts by any column and filters by kind,
map, stage and owner, from scripts served by the site (also after instant navigation);
no other page loads them."""

from __future__ import annotations

import re
import shutil
from typing import Any

import pytest

from support import REPO, run_build

pytestmark = pytest.mark.browser

_ROWS_JS = """() => Array.from(document.querySelectorAll("table.cjm-backlog tbody tr"))
  .filter((tr) => !tr.hidden && tr.offsetParent !== null)
  .map((tr) => Array.from(tr.cells).map((td) => td.textContent.trim()))"""


@pytest.fixture(scope="module")
def site(example_build: Any, serve_dir: Any) -> str:
    return serve_dir(example_build.site)


@pytest.fixture(scope="module")
def deployed_site(tmp_path_factory: pytest.TempPathFactory, serve_dir: Any) -> str:
    """The example built for the address it is served at: Material's instant navigation
    only takes over links to the URLs of its sitemap, made from ``site_url``."""
    project = tmp_path_factory.mktemp("deployed-backlog")
    for name in ("docs", "maps"):
        shutil.copytree(REPO / name, project / name)
    (project / "site").mkdir()
    base_url = serve_dir(project / "site")
    yml = re.sub(r"(?m)^site_url:.*$", f"site_url: {base_url}/",
                 (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (project / "mkdocs.yml").write_text(yml, encoding="utf-8")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return base_url


def _ready(page: Any) -> None:
    page.wait_for_function("() => document.querySelector('table.cjm-backlog')?.dataset.cjmSorts === '1'")


def _check_sort_and_filter(page: Any) -> None:
    every = page.evaluate(_ROWS_JS)
    assert len(every) > 10
    assert page.locator("form.cjm-filters").is_visible()
    assert page.locator(".cjm-filters__count").inner_text() == f"{len(every)} of {len(every)} entries"

    # Sort by stage (click), then the other way (Enter on the focused header).
    header = page.locator("table.cjm-backlog th", has_text="Stage")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    stages = [row[3] for row in page.evaluate(_ROWS_JS)]
    assert stages == sorted(stages, key=str.lower)
    header.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    stages = [row[3] for row in page.evaluate(_ROWS_JS)]
    assert stages == sorted(stages, key=str.lower, reverse=True)

    # Filter by kind, then also by map; the count follows; "Show all" clears.
    page.select_option("form.cjm-filters select[data-column='0']", "Opportunity")
    rows = page.evaluate(_ROWS_JS)
    assert rows and {row[0] for row in rows} == {"Opportunity"}
    expected = [r for r in every if r[0] == "Opportunity"]
    assert len(rows) == len(expected)
    title = expected[0][2]
    page.select_option("form.cjm-filters select[data-column='2']", title)
    rows = page.evaluate(_ROWS_JS)
    assert {(r[0], r[2]) for r in rows} == {("Opportunity", title)}
    assert len(rows) == len([r for r in every if r[0] == "Opportunity" and r[2] == title])
    assert page.locator(".cjm-filters__count").inner_text() == f"{len(rows)} of {len(every)} entries"
    for column, field in (("3", 3), ("5", 5)):  # stage and owner have their options too
        options = page.eval_on_selector_all(f"form.cjm-filters select[data-column='{column}'] option",
                                            "(os) => os.map((o) => o.value).filter(Boolean)")
        assert set(options) == {r[field] for r in every if r[field]}
    page.click("form.cjm-filters button[type=reset]")
    page.wait_for_function(f"() => document.querySelectorAll('table.cjm-backlog tbody tr:not([hidden])').length === {len(every)}")


def test_the_backlog_sorts_and_filters(new_page: Any, site: str) -> None:
    page = new_page(site, viewport={"width": 1400, "height": 900})
    page.goto("/backlog/")
    _ready(page)
    _check_sort_and_filter(page)
    assert page.cjm_page_errors == [] and page.cjm_external_requests == []


def test_the_backlog_scripts_run_after_instant_navigation_only_there(new_page: Any,
                                                                    deployed_site: str) -> None:
    page = new_page(deployed_site, viewport={"width": 1400, "height": 900})
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in scripts if "tablesort" in u or "backlog.js" in u]
    page.evaluate("window.__marker = 1")
    page.locator("nav.md-nav--primary a", has_text="Pain points and opportunities").first.click()
    _ready(page)
    assert page.evaluate("window.__marker") == 1, "a full page load happened"
    _check_sort_and_filter(page)
    assert page.cjm_page_errors == []
