"""The example handbook built on Zensical (`cjm build --engine zensical`), in Chromium:
a map page draws its journey diagram with the bundled Mermaid, fetches nothing off the
site and raises no script error; the backlog's sorting and filters work.

The map page's own browser checks (``test_map_grid.py``, ``test_map_layout.py``: the
grid readable on a desktop, a phone and A4 paper, the blueprint's lines, the faces, the
whole journey readable, at most 1 MB of JavaScript) run here again, on Zensical builds:
they are imported, so pytest runs them with this module's ``example``, ``example_site``
and ``generated`` sites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from grid_support import realistic_map
from support import FIXED_EPOCH, PERSONA, REPO, make_project
from test_backlog import _check_sort_and_filter, _ready
from test_map_grid import (  # noqa: F401 (run here too)
    test_desktop_shows_every_value_in_the_grid,
    test_faces_are_drawn_and_told_in_words,
    test_phone_reads_stage_by_stage,
    test_print_on_a4_landscape_shows_the_whole_grid,
    test_the_blueprint_draws_three_labelled_lines,
)
from test_map_layout import test_example_map_is_readable_whole, test_map_page_loads_at_most_1_mb_of_javascript  # noqa: F401 (run here too)

pytestmark = pytest.mark.browser
pytest.importorskip("zensical")


def zensical_build(project: Path) -> Path:
    site = project / "built"
    done = subprocess.run([sys.executable, "-m", "cjm_plugin.cli", "build", "--engine", "zensical",
                           "--strict", "-d", str(site)], cwd=project, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    assert done.returncode == 0, done.stderr
    return site


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("zbrowser")
    for name in ("mkdocs.yml", "docs", "maps"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
    return zensical_build(project)


@pytest.fixture(scope="module")
def example(zensical_site: Path, serve_dir: Any) -> str:
    """The example handbook on Zensical, for the tests imported from test_map_grid.py."""
    return serve_dir(zensical_site)


@pytest.fixture(scope="module")
def example_site(example: str) -> str:
    """The same, under test_map_layout.py's name."""
    return example


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, serve_dir: Any) -> str:
    """test_map_grid.py's generated maps (a realistic one and a wide one), on Zensical."""
    project = make_project(tmp_path_factory.mktemp("zgrid") / "p", {
        "maps/personas/dina.md": PERSONA.format(name="Dina"),
        "maps/real.md": realistic_map(6, 24),
        "maps/wide.md": realistic_map(9, 27, title="Nine stages")})
    return serve_dir(zensical_build(project))


def test_a_map_page_draws_its_journey_on_zensical(zensical_site: Path, serve_dir: Any, new_page: Any,
                                                  mermaid_svgs: Any) -> None:
    base = serve_dir(zensical_site)
    page = new_page(base)
    page.goto(f"{base}/maps/dina-day/")
    svgs = mermaid_svgs(page, expected=1)
    texts = " ".join(" ".join(svg["texts"]) for svg in svgs)
    assert "Orders lunch with colleagues" in texts
    assert page.locator("#cjm-stages").count() == 1
    assert page.locator(".cjm-grid").count() >= 1
    assert page.cjm_external_requests == []
    assert page.cjm_page_errors == []


def test_the_backlog_sorts_and_filters_on_zensical(zensical_site: Path, serve_dir: Any,
                                                   new_page: Any) -> None:
    base = serve_dir(zensical_site)
    page = new_page(base, viewport={"width": 1400, "height": 900})
    page.goto(f"{base}/backlog/")
    _ready(page)
    _check_sort_and_filter(page)  # the same checks as on the MkDocs build
    assert page.cjm_external_requests == []
    assert page.cjm_page_errors == []
