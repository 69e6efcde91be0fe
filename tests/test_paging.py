"""Long lists cut into pages (core/publishing/paging.py): the pager, the addresses of the parts, and
the plan every engine reads (the MkDocs plugin and the Zensical stage) holding them."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import MAP, PERSONA, make_project

from cjm_plugin.core.publishing.addresses import first_part_uri, part_uri
from cjm_plugin.core.publishing.paging import PAGE_ROWS, pager, part_ranges
from cjm_plugin.core.publishing.plan import plan_handbook
from cjm_plugin.core.reading.project import load_project


def test_the_pager_links_the_ends_and_the_neighbours() -> None:
    p = pager(5, 20, lambda n: f"p{n}")
    assert (p.part, p.parts) == (5, 20)
    assert [(link.number, link.href) for link in p.links] == [
        (1, "p1"), (None, None), (3, "p3"), (4, "p4"), (5, None), (6, "p6"), (7, "p7"),
        (None, None), (20, "p20")]
    assert (p.previous, p.next) == ("p4", "p6")
    last = pager(20, 20, lambda n: f"p{n}")
    assert (last.next, last.previous) == (None, "p19")
    assert not pager(1, 1, str).paged and pager(1, 2, str).paged


def test_a_part_s_address_is_no_map_s_or_persona_s() -> None:
    assert part_uri("maps/index.md", 1) == "maps/index.md"
    assert part_uri("maps/index.md", 3) == "maps/index/3.md"
    assert part_uri("personas/dina.md", 2) == "personas/dina/2.md"
    assert first_part_uri("maps/index/3.md", 3) == "maps/index.md"
    assert first_part_uri("personas/dina/2.md", 2) == "personas/dina.md"


def maps_project(root: Path, count: int) -> Path:
    files = {f"maps/m{i:04d}.md": MAP.format(title=f"Map {i:04d}", persona="dina") for i in range(count)}
    files["maps/personas/dina.md"] = PERSONA.format(name="Dina")
    return make_project(root, files)


def test_the_plan_holds_the_parts_for_every_engine_and_links_them(tmp_path: Path) -> None:
    count = PAGE_ROWS + 10
    plan = plan_handbook(load_project(maps_project(tmp_path / "p", count)))
    parts = {uri: page for uri, page in plan.pages.items() if page.spec.part > 1}
    # The insights' heat map has 100 rows a page (a cell per stage each).
    assert {"maps/index/2.md", "reviews/index/2.md", "touchpoints/index/2.md",
            "insights/index/2.md", "insights/index/3.md", "personas/dina/2.md"} <= set(parts)
    second = parts["maps/index/2.md"]
    assert second.url == "maps/index/2/" and second.title.startswith("All maps (2 of ")
    # Every map once, in order, over the parts, none of more than PAGE_ROWS.
    shown = []
    for uri in ["maps/index.md", *(u for u in parts if u.startswith("maps/index/"))]:
        html = BeautifulSoup(plan.pages[uri].before + plan.pages[uri].after, "html.parser")
        titles = [a.get_text() for a in html.select("table.cjm-maps tbody tr td:first-child a")]
        assert 0 < len(titles) <= PAGE_ROWS
        shown += titles
    assert shown == [f"Map {i:04d}" for i in range(count)]
    html = BeautifulSoup(second.before + second.after, "html.parser")
    assert html.select_one("a[rel=prev]")["href"] == "../../"
    assert html.select_one(".cjm-pager__rows").get_text() == f"Page 2 of {second.spec.parts}"
    # Listed in no navigation: the first part is.
    listed = repr(plan.nav)
    assert "maps/index/2.md" not in listed and "maps/index.md" in listed
    # A handbook whose lists fit: one page each, as before.
    small = plan_handbook(load_project(maps_project(tmp_path / "small", 3)))
    assert [uri for uri, page in small.pages.items() if page.spec.part > 1] == []
    first = BeautifulSoup(small.pages["maps/index.md"].before, "html.parser")
    assert first.select("nav.cjm-pager") == [] and len(first.select("tbody tr")) == 3


def test_a_hand_written_index_takes_its_parts_away(tmp_path: Path) -> None:
    project = maps_project(tmp_path / "p", PAGE_ROWS + 1)
    (project / "docs" / "maps").mkdir()
    (project / "docs" / "maps" / "index.md").write_text("# Our maps\n", encoding="utf-8")
    plan = plan_handbook(load_project(project))
    assert "maps/index/2.md" not in plan.pages and "maps/index.md" not in plan.pages
    assert "reviews/index/2.md" in plan.pages


def _keys(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return sorted(f"map-{rng.randrange(10**9):09d}" for _ in range(count))


@pytest.mark.parametrize("most", [50, 100, PAGE_ROWS])
def test_parts_are_cut_at_the_rows_keys_so_a_new_row_changes_its_own_part(most: int) -> None:
    """Issue 22: a new map must not move a row into every later part (the preview then
    rebuilds them all). Cut where the rows' keys say, a row added or removed changes
    its own part; the others keep their rows."""
    keys = _keys(40 * most, seed=most)
    ranges = part_ranges(keys, most)
    sizes = [stop - start for start, stop in ranges]
    assert ranges[0][0] == 0 and ranges[-1][1] == len(keys)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))  # every row once, in order
    assert max(sizes) <= most and min(sizes[:-1]) >= most * 2 // 3
    before = {tuple(keys[a:b]) for a, b in ranges}
    rng = random.Random(7)
    changed = []
    for _ in range(60):
        added = sorted([*keys, f"map-{rng.randrange(10**9):09d}"])
        after = {tuple(added[a:b]) for a, b in part_ranges(added, most)}
        changed.append(len(after - before))
        removed = keys[:5] + keys[6:]  # and one taken away
        changed.append(len({tuple(removed[a:b]) for a, b in part_ranges(removed, most)} - before))
    # By position, a row near the start changed all ~40 parts; by key, about one.
    assert sum(changed) / len(changed) < 2, changed


def test_a_list_that_fits_one_part_is_one_page_and_small_parts_are_cut_by_position() -> None:
    assert part_ranges(_keys(PAGE_ROWS, 1)) == [(0, PAGE_ROWS)]
    assert part_ranges([]) == [(0, 0)]
    assert part_ranges(list("abcdefg"), 3) == [(0, 3), (3, 6), (6, 7)]
