"""The GitHub workflows, the repository's and those the docs give teams, follow the rules
of docs/security.md ("The workflows"): actions pinned by commit with their version in a
comment, permissions per job, no persisted token, timeouts, no `${{ }}` pasted into a
script, and a pull-request comment posted by a job that runs nothing from the pull
request. zizmor (scripts/lint-workflows) checks the same files; these tests pin the
rules that zizmor's default persona does not, and that lint-workflows finds the docs'
blocks at all."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
DOC_PAGES = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md"]
FENCE = re.compile(r"^```ya?ml[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?:#\s*(?P<comment>.*?))?\s*$")
PINNED = re.compile(r"[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"v\d+(?:\.\d+){0,2}")
WRITE_TOKEN_TRIGGERS = {"workflow_run", "pull_request_target"}
MARKER = "<!-- cjm-diff -->"


def doc_workflows() -> list[tuple[str, str]]:
    """(where, text) of each workflow block in the docs: top-level `on:` and `jobs:`."""
    found = []
    for page in DOC_PAGES:
        text = page.read_text("utf-8")
        for match in FENCE.finditer(text):
            block = match.group(1)
            if re.search(r"^on:", block, re.M) and re.search(r"^jobs:", block, re.M):
                line = text.count("\n", 0, match.start()) + 1
                found.append((f"{page.relative_to(REPO)}:{line}", block))
    return found


ALL = [(str(p.relative_to(REPO)), p.read_text("utf-8")) for p in WORKFLOWS] + doc_workflows()
IDS = [where for where, _ in ALL]


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


def by_name(source: list[tuple[str, str]], file_name: str) -> dict[str, Any]:
    """The parsed workflow whose file (or docs heading) is `file_name`."""
    for where, text in source:
        if where.endswith("/" + file_name):
            return yaml.safe_load(text)
    raise AssertionError(f"no {file_name}")


def documented(file_name: str) -> dict[str, Any]:
    """The block under the heading ### `.github/workflows/<file_name>` of adopting.md."""
    doc = (REPO / "docs" / "adopting.md").read_text("utf-8")
    section = doc[doc.index(f"### `.github/workflows/{file_name}`"):]
    match = FENCE.search(section)
    assert match is not None
    return yaml.safe_load(match.group(1))


def test_the_docs_give_teams_their_workflows() -> None:
    """The blocks below are found (or every other test here checks nothing of the docs)."""
    names = {yaml.safe_load(text)["name"] for _, text in doc_workflows()}
    assert names >= {"Pull request", "Pull request comment", "Publish"}


@pytest.mark.parametrize(("where", "text"), ALL, ids=IDS)
def test_every_action_is_pinned_by_commit_with_its_version(where: str, text: str) -> None:
    workflow = yaml.safe_load(text)
    parsed = [s["uses"] for job in workflow["jobs"].values() for s in steps(job) if "uses" in s]
    parsed += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]
    lines = [m for m in map(USES_LINE.match, text.splitlines()) if m]
    # Every `uses:` of the file is on a line of its own, where its comment can be read.
    assert sorted(m["ref"] for m in lines) == sorted(parsed), where
    for m in lines:
        ref, comment = m["ref"], m["comment"] or ""
        if ref.startswith("./"):
            continue  # an action of this repository: pinned by the checkout itself
        assert PINNED.fullmatch(ref), f"{where}: {ref} is not pinned to a full commit SHA"
        assert VERSION_COMMENT.fullmatch(comment), (
            f"{where}: {ref} needs its version in a comment (`# v1.2.3`), not {comment!r}")


def test_one_commit_per_action_and_version_everywhere() -> None:
    """The docs pin what the repository runs. A Dependabot update of .github/workflows
    fails here until the same commits are copied into the docs' blocks."""
    seen: dict[str, tuple[str, str, str]] = {}
    for where, text in ALL:
        for m in filter(None, map(USES_LINE.match, text.splitlines())):
            action, _, sha = m["ref"].partition("@")
            pin = (sha, m["comment"] or "", where)
            first = seen.setdefault(action, pin)
            assert first[:2] == pin[:2], (
                f"{action}: {first[2]} has {first[0]} # {first[1]}, {where} has {sha} # {pin[1]}")


@pytest.mark.parametrize(("where", "text"), ALL, ids=IDS)
def test_permissions_are_given_per_job_and_none_at_the_top(where: str, text: str) -> None:
    workflow = yaml.safe_load(text)
    assert workflow.get("permissions") == {}, f"{where}: start from `permissions: {{}}`"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{where}: job {name} names no permissions"
        granted = job["permissions"]
        assert isinstance(granted, dict), f"{where}: job {name}: list each permission"
        assert set(granted.values()) <= {"read", "write", "none"}, (where, name)


@pytest.mark.parametrize(("where", "text"), ALL, ids=IDS)
def test_every_job_has_a_timeout(where: str, text: str) -> None:
    for name, job in yaml.safe_load(text)["jobs"].items():
        minutes = job.get("timeout-minutes")
        assert isinstance(minutes, int) and 0 < minutes <= 60, f"{where}: job {name}"


@pytest.mark.parametrize(("where", "text"), ALL, ids=IDS)
def test_no_checkout_keeps_the_token_on_disk(where: str, text: str) -> None:
    for name, job in yaml.safe_load(text)["jobs"].items():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, (
                    f"{where}: job {name}: checkout without `persist-credentials: false`")


@pytest.mark.parametrize(("where", "text"), ALL, ids=IDS)
def test_no_expression_is_pasted_into_a_script(where: str, text: str) -> None:
    """`${{ github.base_ref }}` inside `run:` is pasted into the script before the shell
    reads it: a branch name could be a command. Values go through `env:`."""
    for name, job in yaml.safe_load(text)["jobs"].items():
        for step in steps(job):
            assert "${{" not in step.get("run", ""), f"{where}: job {name}: {step.get('name')}"


@pytest.mark.parametrize(("where", "text"), ALL, ids=IDS)
def test_a_job_that_can_write_runs_nothing_from_a_pull_request(where: str, text: str) -> None:
    """Triggers that run with a write token on a pull request's behalf (workflow_run,
    pull_request_target) check out nothing: the pull request's code would get the token."""
    workflow = yaml.safe_load(text)
    if not WRITE_TOKEN_TRIGGERS & set(triggers(workflow)):
        return
    for name, job in workflow["jobs"].items():
        for step in steps(job):
            assert not step.get("uses", "").startswith("actions/checkout@"), (where, name)
            run = step.get("run", "")
            assert not re.search(r"\bgit\s+(clone|fetch|checkout|pull|worktree)\b", run), (where, name)
            assert not re.search(r"\bgh\s+(pr|repo)\s+(checkout|clone)\b", run), (where, name)


@pytest.mark.parametrize(
    "source", [[(str(p.relative_to(REPO)), p.read_text("utf-8")) for p in WORKFLOWS], "docs"],
    ids=["repository", "docs"])
def test_the_pull_request_comment_is_posted_by_a_separate_workflow(source: Any) -> None:
    """The checks job holds a read token and uploads the summary; the comment job,
    started by workflow_run, alone can write to pull requests and treats the artifact
    as data."""
    if source == "docs":
        checks, comment = documented("pull-request.yml"), documented("pull-request-comment.yml")
    else:
        checks, comment = by_name(source, "pull-request.yml"), by_name(source, "pull-request-comment.yml")

    assert set(triggers(checks)) == {"pull_request", "workflow_dispatch"}
    (check,) = checks["jobs"].values()
    assert check["permissions"] == {"contents": "read"}
    checkout = steps(check)[0]["with"]
    assert checkout == {"persist-credentials": False, "fetch-depth": 0}
    (diff,) = [s for s in steps(check) if "cjm diff" in s.get("run", "")]
    assert 'cjm diff "origin/$BASE_REF" HEAD > ' in diff["run"]
    assert diff["env"]["BASE_REF"] == "${{ github.base_ref }}"
    uploads = [s for s in steps(check) if s.get("with", {}).get("name") == "cjm-diff"]
    assert len(uploads) == 1 and uploads[0]["uses"].startswith("actions/upload-artifact@")

    run_trigger = triggers(comment)["workflow_run"]
    assert run_trigger == {"workflows": [checks["name"]], "types": ["completed"]}
    (job,) = comment["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    download, post = steps(job)
    assert download["uses"].startswith("actions/download-artifact@")
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    script = post["run"]
    # The number is digits, and the pull request whose head the checks ran on.
    assert '[[ "$pr" =~ ^[0-9]{1,10}$ ]]' in script
    assert post["env"]["HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"
    assert '"$pr_head" != "$HEAD_SHA"' in script
    # The text is a file handed to the API, capped, and found again by its marker.
    assert "max_bytes=60000" in script and '-le "$max_bytes"' in script
    assert 'jq -n --rawfile body "$body"' in script and "--input" in script
    assert MARKER in script and '.user.login == "github-actions[bot]"' in script
    assert "eval" not in script and "source" not in script and "bash " not in script


def test_the_docs_comment_workflow_is_the_repositorys() -> None:
    own = yaml.safe_load((REPO / ".github/workflows/pull-request-comment.yml").read_text("utf-8"))
    assert documented("pull-request-comment.yml") == own


def test_publishing_rights_belong_to_the_deploy_job_alone() -> None:
    for workflow in (by_name(ALL, "publish.yml"), documented("publish.yml")):
        jobs = workflow["jobs"]
        assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
        assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    release = by_name(ALL, "release.yml")["jobs"]
    assert release["build"]["permissions"] == {"contents": "read"}
    assert release["publish"]["permissions"] == {"id-token": "write"}


def test_the_suite_runs_weekly_on_the_newest_and_the_lowest_dependencies() -> None:
    workflow = by_name(ALL, "dependencies.yml")
    on = triggers(workflow)
    assert set(on) == {"schedule", "workflow_dispatch"}
    minute, hour, day, month, weekday = on["schedule"][0]["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()
    (job,) = workflow["jobs"].values()
    assert job["strategy"]["matrix"]["deps"] == ["newest", "lowest"]
    assert job["strategy"]["fail-fast"] is False
    (run,) = [s for s in steps(job) if "run" in s]
    assert run["run"] == "scripts/test"
    assert run["env"] == {"CJM_DEPS": "${{ matrix.deps }}"}
    (python,) = [s for s in steps(job) if s.get("uses", "").startswith("actions/setup-python@")]
    assert python["with"]["python-version"] == "3.11"


def test_dependabot_keeps_actions_and_python_current() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text("utf-8"))
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert {"github-actions", "pip"} <= set(updates)
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        assert update["cooldown"]["default-days"] >= 3


def lint_copy(tmp_path: Path) -> Path:
    """A copy of what lint-workflows reads, to break without touching the repository."""
    for rel in ("scripts/lint-workflows", ".github", "docs", "README.md"):
        source = REPO / rel
        if source.is_dir():
            shutil.copytree(source, tmp_path / rel)
        else:
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tmp_path / rel)
    return tmp_path


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "lint-workflows"), "--color=never"],
        capture_output=True, text=True, timeout=120, check=False)


def test_zizmor_finds_nothing_in_the_repository_or_the_docs() -> None:
    result = lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    counts = re.search(r"(\d+) workflow\(s\) and (\d+) Dependabot file\(s\) from the docs", result.stdout)
    assert counts is not None and int(counts[1]) >= 3 and int(counts[2]) >= 1, result.stdout


def test_zizmor_reports_a_docs_block_at_the_pages_line(tmp_path: Path) -> None:
    root = lint_copy(tmp_path)
    page = root / "docs" / "adopting.md"
    text = page.read_text("utf-8")
    pinned = re.search(r"actions/deploy-pages@[0-9a-f]{40} # v[\d.]+", text)
    assert pinned is not None
    page.write_text(text.replace(pinned.group(0), "actions/deploy-pages@v4"), "utf-8")
    line = text.count("\n", 0, pinned.start()) + 1
    result = lint(root)
    assert result.returncode != 0
    assert re.search(rf"adopting\.md-L\d+\.yml:{line}:\d+", result.stdout), result.stdout
    assert "unpinned-uses" in result.stdout


# The comment job's script, run by bash as GitHub runs it, with a stand-in for the
# GitHub CLI (no test can reach the GitHub API): the stand-in answers the two reads from
# fixtures, applies the script's own `--jq` filter with the real jq, and records the
# writes. The artifact is hostile: shell syntax, a marker of its own, a wrong number.

GH_STANDIN = r'''#!/usr/bin/env python3
import json, os, subprocess, sys
args = sys.argv[1:]
with open(os.environ["GH_LOG"], "a") as log:
    log.write(json.dumps(args) + "\n")
assert args[0] == "api"
path = next(a for a in args[1:] if a.startswith("repos/"))
jq = args[args.index("--jq") + 1] if "--jq" in args else None
if path.endswith("/comments") and "--method" not in args:
    data = os.environ["GH_COMMENTS"]
elif "/pulls/" in path:
    data = json.dumps({"head": {"sha": os.environ["GH_PR_HEAD"]}})
else:
    body = json.load(open(args[args.index("--input") + 1]))
    out = os.path.join(os.environ["GH_OUT"], args[args.index("--method") + 1])
    with open(out, "w") as f:
        json.dump({"path": path, "body": body["body"]}, f)
    sys.exit(0)
sys.stdout.write(subprocess.run(["jq", "-r", jq], input=data, capture_output=True,
                                text=True, check=True).stdout)
'''
HOSTILE = "## Journeys\n$(touch pwned) `touch pwned` ${{ github.token }} '\"\n" + MARKER + "\n"


def run_comment_script(tmp_path: Path, *, number: str, summary: str, pr_head: str = "abc",
                       comments: list[dict[str, Any]] | None = None) -> subprocess.CompletedProcess[str]:
    workflow = yaml.safe_load((REPO / ".github/workflows/pull-request-comment.yml").read_text("utf-8"))
    (job,) = workflow["jobs"].values()
    script = steps(job)[1]["run"]
    bin_dir, artifact, out, temp = (tmp_path / n for n in ("bin", "artifact", "out", "temp"))
    for folder in (bin_dir, artifact, out, temp):
        folder.mkdir()
    (bin_dir / "gh").write_text(GH_STANDIN, "utf-8")
    (bin_dir / "gh").chmod(0o755)
    (artifact / "pr-number").write_text(number, "utf-8")
    (artifact / "cjm-diff.md").write_text(summary, "utf-8")
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin", "GH_LOG": str(tmp_path / "gh.log"), "GH_OUT": str(out),
        "GH_PR_HEAD": pr_head, "GH_COMMENTS": json.dumps(comments or []),
        "GH_TOKEN": "t", "REPO": "o/r", "HEAD_SHA": "abc", "RUN_URL": "https://example.test/run/1",
        "DIR": str(artifact), "RUNNER_TEMP": str(temp),
    }
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False)


needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="jq (on GitHub's runners) is not installed")


@needs_jq
def test_the_comment_script_posts_the_summary_as_data(tmp_path: Path) -> None:
    result = run_comment_script(tmp_path, number="12\n", summary=HOSTILE)
    assert result.returncode == 0, result.stderr
    posted = json.loads((tmp_path / "out" / "POST").read_text("utf-8"))
    assert posted == {"path": "repos/o/r/issues/12/comments", "body": MARKER + "\n" + HOSTILE}
    assert not (tmp_path / "pwned").exists()


@needs_jq
def test_the_comment_script_updates_its_own_comment_only(tmp_path: Path) -> None:
    comments = [
        {"id": 1, "user": {"login": "mallory"}, "body": MARKER + "\nlooks like the bot's"},
        {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "another workflow's comment"},
        {"id": 3, "user": {"login": "github-actions[bot]"}, "body": MARKER + "\nthe old summary"},
    ]
    result = run_comment_script(tmp_path, number="12", summary="new", comments=comments)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["PATCH"]
    patched = json.loads((tmp_path / "out" / "PATCH").read_text("utf-8"))
    assert patched == {"path": "repos/o/r/issues/comments/3", "body": MARKER + "\nnew"}


@needs_jq
@pytest.mark.parametrize("number", ["12; touch pwned", "-1", "1e3", "", "12 13", "99999999999"])
def test_the_comment_script_refuses_a_number_that_is_not_one(tmp_path: Path, number: str) -> None:
    result = run_comment_script(tmp_path, number=number, summary="x")
    assert result.returncode == 1
    assert "pull-request number is not a number" in result.stdout
    assert not (tmp_path / "gh.log").exists() and not (tmp_path / "pwned").exists()


@needs_jq
def test_the_comment_script_posts_nothing_on_another_pull_requests_head(tmp_path: Path) -> None:
    """A run may name any number: it is believed only if that pull request's head is
    the commit the checks ran on."""
    result = run_comment_script(tmp_path, number="7", summary="x", pr_head="def")
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "out").iterdir()) == []


@needs_jq
def test_the_comment_script_points_to_the_artifact_when_the_summary_is_too_long(tmp_path: Path) -> None:
    result = run_comment_script(tmp_path, number="12", summary="é" * 40_000)
    assert result.returncode == 0, result.stderr
    body = json.loads((tmp_path / "out" / "POST").read_text("utf-8"))["body"]
    assert body.startswith(MARKER + "\n") and "é" not in body
    assert "(80000 bytes)" in body and "https://example.test/run/1" in body
