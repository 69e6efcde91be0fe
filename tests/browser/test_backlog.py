"""The backlog page in Chromium: its table sorts by any column and filters by words,
kind, map, stage and owner across every entry (loaded from backlog/entries.json, drawn a
page at a time), from a script served by the site (also after instant navigation); no
other page loads it."""

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


def _count(page: Any) -> tuple[int, int]:
    """The filters' count: (shown, total)."""
    found = re.fullmatch(r"([\d,.]+) of ([\d,.]+) entries", page.locator(".cjm-filters__count").inner_text())
    assert found, page.locator(".cjm-filters__count").inner_text()
    return int(re.sub(r"\D", "", found[1])), int(re.sub(r"\D", "", found[2]))


#: Every entry of backlog/entries.json as the table shows it (kind, text, map, stage, step, owner).
_ENTRIES_JS = """async () => {
  const setup = JSON.parse(document.getElementById("cjm-backlog-setup").dataset.setup);
  const script = document.querySelector('script[src$="backlog.js"]').src;
  const data = await (await fetch(new URL(setup.data, script))).json();
  const out = [];
  for (const lane of [0, 1]) for (const [id, title, names, rows] of data.maps) for (const r of rows)
    if (r[0] === lane) out.push([setup.labels.kind[["pain_points", "opportunities"][lane]], r[1], title,
                                 names[r[2]], names[r[3]] || "—", r[4] === undefined ? "" : names[r[4]]]);
  return out;
}"""


def _check_sort_and_filter(page: Any) -> None:
    every = page.evaluate(_ENTRIES_JS)
    on_page = page.evaluate(_ROWS_JS)
    assert len(every) > 10
    # The first page, in the page's order (a text may be followed by its basis mark or link).
    assert [r[:1] + r[2:6] for r in on_page] == [e[:1] + e[2:6] for e in every[:len(on_page)]]
    assert all(r[1].startswith(e[1]) for r, e in zip(on_page, every, strict=False))
    assert page.locator("form.cjm-filters").is_visible()
    assert _count(page) == (len(every), len(every))

    # Sort by stage (click), then the other way (Enter on the focused header): across
    # every entry, so the first page holds the first stages of all.
    header = page.locator("table.cjm-backlog th", has_text="Stage")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    stages = [row[3] for row in page.evaluate(_ROWS_JS)]
    assert stages == sorted(stages, key=str.lower)
    assert stages[0] == min((r[3] for r in every), key=str.lower)
    header.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    stages = [row[3] for row in page.evaluate(_ROWS_JS)]
    assert stages == sorted(stages, key=str.lower, reverse=True)
    assert stages[0] == max((r[3] for r in every), key=str.lower)

    # Filter by kind, then also by map; the count follows; "Show all" clears.
    page.select_option("form.cjm-filters select[name=kind]", "Opportunity")
    rows = page.evaluate(_ROWS_JS)
    assert rows and {row[0] for row in rows} == {"Opportunity"}
    expected = [r for r in every if r[0] == "Opportunity"]
    assert _count(page) == (len(expected), len(every))
    assert len(rows) == min(len(expected), 100)
    title = expected[0][2]
    page.fill("form.cjm-filters input[name=map]", title)
    page.wait_for_function(f"() => document.querySelector('.cjm-filters__count').textContent.startsWith("
                           f"'{len([r for r in every if r[0] == 'Opportunity' and r[2] == title])} of')")
    rows = page.evaluate(_ROWS_JS)
    assert {(r[0], r[2]) for r in rows} == {("Opportunity", title)}
    assert len(rows) == len([r for r in every if r[0] == "Opportunity" and r[2] == title])
    for name, field in (("stage", 3), ("owner", 5)):  # stage and owner list every value
        options = page.eval_on_selector_all(f"form.cjm-filters select[name={name}] option",
                                            "(os) => os.map((o) => o.value).filter(Boolean)")
        assert set(options) == {r[field] for r in every if r[field]}
    page.click("form.cjm-filters button[type=reset]")
    page.wait_for_function(f"() => document.querySelector('.cjm-filters__count').textContent.startsWith('{len(every)} of')")
    assert len(page.evaluate(_ROWS_JS)) == min(len(every), 100)


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
    assert not [u for u in scripts if "backlog.js" in u]
    page.evaluate("window.__marker = 1")
    page.locator("nav.md-nav--primary a", has_text="Pain points and opportunities").first.click()
    _ready(page)
    assert page.evaluate("window.__marker") == 1, "a full page load happened"
    _check_sort_and_filter(page)
    assert page.cjm_page_errors == []
