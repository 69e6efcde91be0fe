"""The example handbook built on Zensical (`cjm build --engine zensical`), in Chromium:
a map page draws its journey diagram with the bundled Mermaid, fetches nothing off the
site and raises no script error; the backlog's sorting and filters work."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support import FIXED_EPOCH, REPO
from test_backlog import _check_sort_and_filter, _ready

pytestmark = pytest.mark.browser
pytest.importorskip("zensical")


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("zbrowser")
    for name in ("mkdocs.yml", "docs", "maps"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
    site = project / "built"
    done = subprocess.run([sys.executable, "-m", "cjm_plugin.cli", "build", "--engine", "zensical",
                           "-d", str(site)], cwd=project, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    assert done.returncode == 0, done.stderr
    return site


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
