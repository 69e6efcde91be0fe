"""The backlog of a large handbook in Chromium (issue 22): 24 generated maps with 4,608
pain points and opportunities, which made a 2.9 MB page of 62,554 elements before the page
held only its first rows. The page stays under 1 MB and 5,000 elements, and every entry
is still found: by its words and its owner (on a phone), by its anchor, in print."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from support import make_project, run_build

pytestmark = pytest.mark.browser

MAPS, STAGES, STEPS, PER_STEP = 24, 4, 2, 12
WORDS = ("lunch menu delivery office price review search payment plan weekly kitchen courier "
         "invoice refund pause schedule calendar coupon driver survey loyalty onboarding").split()
#: The entry the reader looks for: the last map's last opportunity, far past the first rows.
TARGET = "Receipt printed in Javanese script confuses finance"
TARGET_OWNER = "Tax desk"
LAST = f"journey-{MAPS - 1:02d}"

_ROWS_JS = """() => Array.from(document.querySelectorAll("table.cjm-backlog tbody tr"))
  .filter((tr) => tr.offsetParent !== null).map((tr) => ({id: tr.id,
    cells: Array.from(tr.cells).map((td) => td.textContent.trim())}))"""


def _entry(m: int, s: int, p: int, i: int, lane: str) -> str:
    """An entry's YAML: a text of four words and its place, every third an object with
    an owner, progress, priority and scores."""
    words = " ".join(WORDS[(m * 7 + s * 5 + p * 3 + i + k) % len(WORDS)] for k in range(4))
    text = f"{words.capitalize()} {lane[0]}{m}-{s}-{p}-{i}"
    if i % 3:
        return f"          - {text}"
    owner = "" if m == MAPS - 1 else f" owner: Team {i % 5},"  # the last map's: its stages' owner
    return (f"          - {{text: {text},{owner} status: planned, priority: {1 + i % 3},"
            f" impact: {1 + i % 5}, effort: {1 + (i + m) % 5}}}")


def _map(m: int) -> str:
    lines = ["---", f"title: Journey {m:02d}", "type: current-state", "status: published",
             "owner: Growth team", "stages:"]
    for s in range(STAGES):
        lines += [f"  - name: Stage {s}"]
        if m == MAPS - 1:
            lines += [f"    owner: {TARGET_OWNER}"]
        lines += ["    steps:"]
        for p in range(STEPS):
            lines += [f"      - name: Step {s}.{p}", "        score: 3", "        pain_points:"]
            lines += [_entry(m, s, p, i, "pain") for i in range(PER_STEP)]
            lines += ["        opportunities:"]
            ops = [_entry(m, s, p, i, "opp") for i in range(PER_STEP)]
            if m == MAPS - 1 and s == STAGES - 1 and p == STEPS - 1:
                ops[-1] = f"          - {TARGET}"
            lines += ops
    return "\n".join(lines) + "\n---\n"


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory, serve_dir: Any) -> tuple[str, Path]:
    project = make_project(tmp_path_factory.mktemp("large-backlog"),
                           {f"maps/journey-{m:02d}.md": _map(m) for m in range(MAPS)})
    build = run_build(project)
    assert build.returncode == 0, build.log
    return serve_dir(build.site), build.site


def _ready(page: Any) -> None:
    page.wait_for_function("() => document.querySelector('table.cjm-backlog')?.dataset.cjmSorts === '1'")


def _target_anchor() -> str:
    return f"cjm-item-{LAST}-opportunity-{STAGES * STEPS * PER_STEP}"


def test_the_page_is_light_and_holds_the_first_rows_only(new_page: Any, large_site: tuple[str, Path]) -> None:
    base, site = large_site
    html = (site / "backlog/index.html").read_text(encoding="utf-8")
    data = json.loads((site / "backlog/entries.json").read_text(encoding="utf-8"))
    assert sum(len(rows) for *_, rows in data["maps"]) == MAPS * STAGES * STEPS * PER_STEP * 2
    assert len(html.encode("utf-8")) <= 1_000_000
    assert TARGET not in html and _target_anchor() not in html  # only in the data
    for width in (1400, 390):
        page = new_page(base, viewport={"width": width, "height": 900})
        page.goto("/backlog/")
        loaded = page.evaluate("() => document.querySelectorAll('*').length")
        _ready(page)
        assert loaded <= 5000 and page.evaluate("() => document.querySelectorAll('*').length") <= 5000
        assert len(page.evaluate(_ROWS_JS)) == 100
        assert page.locator(".cjm-filters__count").inner_text() == "4,608 of 4,608 entries"
        assert page.cjm_page_errors == []


def test_on_a_phone_three_words_and_an_owner_find_an_entry_past_the_first_rows(
        new_page: Any, large_site: tuple[str, Path]) -> None:
    page = new_page(large_site[0], viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto("/backlog/")
    _ready(page)
    page.locator("input[name=find]").fill("javanese RECEIPT script")
    page.wait_for_function("() => document.querySelector('.cjm-filters__count').textContent.startsWith('1 of')")
    page.select_option("select[name=owner]", TARGET_OWNER)
    rows = page.evaluate(_ROWS_JS)
    assert [r["id"] for r in rows] == [_target_anchor()]
    assert rows[0]["cells"][1] == TARGET and rows[0]["cells"][5] == TARGET_OWNER
    assert page.locator(f"#{_target_anchor()}").is_visible()
    # The filters are in the address: a reload (or a shared link) shows the same.
    assert "owner=Tax+desk" in page.url and "find=javanese" in page.url
    page.reload()
    _ready(page)
    assert [r["id"] for r in page.evaluate(_ROWS_JS)] == [_target_anchor()]
    assert page.locator("select[name=owner]").input_value() == TARGET_OWNER
    assert page.cjm_page_errors == []


def test_an_entry_anchor_lands_on_it_once_the_data_is_in(new_page: Any, large_site: tuple[str, Path]) -> None:
    page = new_page(large_site[0], viewport={"width": 1400, "height": 900})
    page.goto(f"/backlog/#{_target_anchor()}")
    _ready(page)
    row = page.locator(f"tr#{_target_anchor()}")
    row.wait_for()
    assert row.locator("td").nth(1).inner_text() == TARGET
    box = row.bounding_box()
    assert box is not None and 0 <= box["y"] <= 900


def test_print_shows_every_row_the_filters_show_and_no_other(new_page: Any, large_site: tuple[str, Path]) -> None:
    page = new_page(large_site[0], viewport={"width": 1400, "height": 900})
    page.goto("/backlog/")
    _ready(page)
    page.select_option("select[name=owner]", TARGET_OWNER)  # the last map's 192 entries: two pages
    count = STAGES * STEPS * PER_STEP * 2
    assert len(page.evaluate(_ROWS_JS)) == 100
    page.emulate_media(media="print")
    page.wait_for_function(f"() => document.querySelectorAll('table.cjm-backlog tbody tr').length === {count}")
    rows = page.evaluate(_ROWS_JS)
    assert len(rows) == count and {r["cells"][5] for r in rows} == {TARGET_OWNER}
    assert not page.locator("form.cjm-filters").is_visible() and not page.locator("nav.cjm-pager").is_visible()
    page.emulate_media(media="screen")
    page.wait_for_function("() => document.querySelectorAll('table.cjm-backlog tbody tr').length === 100")
    page.select_option("select[name=kind]", "Opportunity")
    page.locator("input[name=find]").fill("javanese")
    page.wait_for_function("() => document.querySelector('.cjm-filters__count').textContent.startsWith('1 of')")
    page.emulate_media(media="print")
    assert [r["id"] for r in page.evaluate(_ROWS_JS)] == [_target_anchor()]


def test_without_javascript_the_first_rows_and_the_way_to_the_rest(new_page: Any,
                                                                  large_site: tuple[str, Path]) -> None:
    page = new_page(large_site[0], viewport={"width": 1400, "height": 900}, java_script_enabled=False)
    page.goto("/backlog/")
    assert page.locator("table.cjm-backlog tbody tr").count() == 100
    note = page.locator(".cjm-backlog__first")
    assert note.is_visible()
    assert re.search(r"first 100 of 4,608", note.inner_text())
    assert note.locator("a").get_attribute("href") == "../maps/"
    assert not page.locator("form.cjm-filters").is_visible()
