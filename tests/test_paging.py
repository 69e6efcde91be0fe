"""Long lists cut into pages (core/publishing/paging.py): the pager, the addresses of the parts, and
the plan every engine reads (the MkDocs plugin and the Zensical stage) holding them."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from support import MAP, PERSONA, make_project

from cjm_plugin.core.publishing.addresses import first_part_uri, part_uri
from cjm_plugin.core.publishing.paging import PAGE_ROWS, pager, part_count
from cjm_plugin.core.publishing.plan import plan_handbook
from cjm_plugin.core.reading.project import load_project


def test_the_pager_links_the_ends_the_neighbours_and_says_which_rows() -> None:
    p = pager(5, 20 * PAGE_ROWS - 3, lambda n: f"p{n}")
    assert (p.parts, p.first, p.last, p.total) == (20, 4 * PAGE_ROWS + 1, 5 * PAGE_ROWS, 20 * PAGE_ROWS - 3)
    assert [(link.number, link.href) for link in p.links] == [
        (1, "p1"), (None, None), (3, "p3"), (4, "p4"), (5, None), (6, "p6"), (7, "p7"),
        (None, None), (20, "p20")]
    assert (p.previous, p.next) == ("p4", "p6")
    last = pager(20, 20 * PAGE_ROWS - 3, lambda n: f"p{n}")
    assert (last.next, last.last) == (None, 20 * PAGE_ROWS - 3)
    assert not pager(1, PAGE_ROWS, str).paged and part_count(0) == 1 and part_count(PAGE_ROWS + 1) == 2


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
    assert set(parts) == {"maps/index/2.md", "reviews/index/2.md", "touchpoints/index/2.md",
                          "insights/index/2.md", "insights/index/3.md", "personas/dina/2.md"}
    second = parts["maps/index/2.md"]
    assert second.url == "maps/index/2/" and second.title == "All maps (2 of 2)"
    html = BeautifulSoup(second.before + second.after, "html.parser")
    assert len(html.select("table.cjm-maps tbody tr")) == 10
    assert html.select_one("a[rel=prev]")["href"] == "../../"
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
