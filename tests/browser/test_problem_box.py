"""The preview's problem box reads as a table on both engines: padded cells, numbers to the
right, text the size of the box's own (Zensical's theme styles only tables without a class)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support import MAP, PERSONA, make_project, serving

pytestmark = pytest.mark.browser

ENGINES = {
    "mkdocs": ("mkdocs", "serve"),
    "zensical": ("cjm_plugin.cli", "serve", "--engine", "zensical"),
}


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_the_problem_box_is_a_padded_table_in_the_boxs_text_size(tmp_path: Path, engine: str,
                                                                  new_page: Any) -> None:
    if engine == "zensical":
        pytest.importorskip("zensical")
    project = make_project(tmp_path / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/broken.md": MAP.format(title="Broken", persona="dina").replace("score: 2", "score: 9"),
    })
    with serving(project, command=ENGINES[engine]) as server:
        assert server.wait_for("maps/broken/", "cjm-problems")
        page = new_page()
        page.goto(server.base + "maps/broken/", wait_until="load")
        cells = page.eval_on_selector_all(".cjm-problems__table :is(th, td)", """cells => cells.map(c => {
            const s = getComputedStyle(c);
            return {padding: parseFloat(s.paddingLeft), size: parseFloat(s.fontSize), align: s.textAlign};
        })""")
        text = page.eval_on_selector(".cjm-problems > p:not(.admonition-title)",
                                     "p => parseFloat(getComputedStyle(p).fontSize)")
    assert len(cells) == 8  # four headings, one problem's four cells
    assert all(cell["padding"] >= 4 for cell in cells), cells
    assert all(cell["size"] == text for cell in cells), (cells, text)
    assert [cell["align"] for cell in cells[5:7]] == ["right", "right"]  # line and column
