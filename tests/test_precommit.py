"""The ``cjm-check`` pre-commit hook, as a team's repository runs it.

The last test runs pre-commit for real: it installs this repository (its last
commit, cloned) into pre-commit's own environment, which needs PyPI for the
dependencies, then runs the hook in a team's repository.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from support import REPO

HOOKS = REPO / ".pre-commit-hooks.yaml"


def hook() -> dict:
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    assert isinstance(hooks, list) and [h["id"] for h in hooks] == ["cjm-check"]
    return hooks[0]


def test_hook_definition_has_what_pre_commit_needs() -> None:
    cjm_check = hook()
    assert {"id", "name", "entry", "language"} <= set(cjm_check)
    assert cjm_check["entry"] == "cjm check"
    assert cjm_check["language"] == "python"
    assert cjm_check["pass_filenames"] is False  # the check is across files
    files = re.compile(cjm_check["files"])
    for path in ("maps/x.md", "maps/personas/dina.md", "mkdocs.yml", "properdocs.yaml"):
        assert files.search(path), path
    for path in ("docs/index.md", "README.md", "src/maps/x.md", "mkdocs.yml.bak"):
        assert not files.search(path), path
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=cwd, check=True, capture_output=True, timeout=60)


def test_pre_commit_try_repo_runs_the_check_on_a_teams_repository(tmp_path: Path) -> None:
    cjm_repo = tmp_path / "cjm"
    git(tmp_path, "clone", "--quiet", str(REPO), str(cjm_repo))
    team = tmp_path / "team"
    (team / "maps" / "personas").mkdir(parents=True)
    (team / "docs").mkdir()
    (team / "maps/personas/budi.md").write_text("---\nname: Budi\n---\n", encoding="utf-8")
    (team / "maps/x.md").write_text(
        "---\ntitle: X\npersona: nobody\nstages:\n  - name: A\n    steps:\n"
        "      - name: B\n        score: 3\n---\n", encoding="utf-8")
    (team / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    git(tmp_path, "init", "--quiet", str(team))
    git(team, "add", ".")
    # PIP_NO_COMPILE: pre-commit installs cjm faster without compiling bytecode.
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PIP_NO_COMPILE": "1",
           "SOURCE_DATE_EPOCH": "1795392000"}

    def try_repo(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(cjm_repo),
                               "cjm-check", *args], cwd=team, env=env, capture_output=True,
                              text=True, timeout=300)

    done = try_repo("--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^maps/x\.md:3:10: error: .*'nobody'", done.stdout, flags=re.M), done.stdout
    assert "1 error, 0 warnings in 2 files" in done.stdout

    (team / "maps/x.md").write_text(
        (team / "maps/x.md").read_text("utf-8").replace("nobody", "budi"), encoding="utf-8")
    git(team, "add", ".")
    done = try_repo("--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"cjm check \(journey maps\)\.+Passed", done.stdout)

    # A change outside the maps does not run the check.
    done = try_repo("--files", "docs/index.md")
    assert done.returncode == 0
    assert re.search(r"cjm check \(journey maps\)\.+\(no files to check\)Skipped", done.stdout)
