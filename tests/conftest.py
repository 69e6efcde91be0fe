"""Shared fixtures: real MkDocs builds of real projects in temporary folders."""

from __future__ import annotations

import shutil

import pytest
from support import REPO, Build, run_build


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repository's own example handbook, copied and built strictly once."""
    project = tmp_path_factory.mktemp("example")
    for name in ("mkdocs.yml", "docs", "maps"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    return build
