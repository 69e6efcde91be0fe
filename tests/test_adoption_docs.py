"""What a team copies from the docs works: install lines, workflows, the pre-commit
configuration, the stack choice and the notice it explains."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import tomllib
import yaml
from packaging.requirements import Requirement
from support import MAP, PERSONA, REPO, make_project

from cjm_plugin.core.reading.project import read_config

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]
INSTALL = re.compile(r'pip install "(mkdocs-cjm-plugin\[\w+\] @ git\+https://github\.com/[^"]+)"')


def text(rel: str) -> str:
    return (REPO / rel).read_text("utf-8")


def yaml_blocks(rel: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text(rel), flags=re.S)


def documented_workflow(name: str) -> dict:
    doc = text("docs/adopting.md")
    section = doc[doc.index(f"### `.github/workflows/{name}`"):]
    return yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, flags=re.S).group(1))


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def test_every_yaml_block_of_the_adoption_docs_parses() -> None:
    for rel in ("docs/adopting.md", "docs/choosing-a-stack.md", "README.md"):
        blocks = yaml_blocks(rel)
        assert blocks, rel
        for block in blocks:
            yaml.safe_load(block)


def test_one_install_line_everywhere_pinned_to_this_version() -> None:
    """README, the install section, both documented workflows and the stack page give
    the same working requirement: the example handbook's org, this version's tag."""
    org = re.search(r"github\.com/([\w.-]+/[\w.-]+)/edit/", text("mkdocs.yml")).group(1)
    found: dict[str, list[str]] = {
        rel: INSTALL.findall(text(rel))
        for rel in ("README.md", "docs/adopting.md", "docs/choosing-a-stack.md",
                    "docs/panduan-penulis.md")}
    assert len(found["README.md"]) == 2  # Linux/macOS and Windows
    assert len(found["docs/adopting.md"]) == 5  # both systems, Zensical and both workflows
    for rel, lines in found.items():
        for line in lines:
            requirement = Requirement(line)
            assert requirement.name == "mkdocs-cjm-plugin"
            assert requirement.extras in ({"mkdocs"}, {"properdocs"}, {"zensical"}), line
            assert requirement.url == f"git+https://github.com/{org}@v{VERSION}", (rel, line)
    for name, job in (("pull-request.yml", "check"), ("publish.yml", "build")):
        install = [s for s in steps(documented_workflow(name), job) if s.get("name") == "Install"]
        assert INSTALL.fullmatch(install[0]["run"]), name
    assert "replace `example/cjm`" in text("docs/adopting.md").lower()


def test_the_venv_recipe_is_there_for_each_system() -> None:
    doc = text("docs/adopting.md")
    assert "python3 -m venv .venv\nsource .venv/bin/activate\n" in doc
    assert "py -m venv .venv\n.venv\\Scripts\\Activate.ps1\n" in doc


def test_documented_pull_request_check_reads_mkdocs_yml() -> None:
    runs = [s.get("run", "") for s in steps(documented_workflow("pull-request.yml"), "check")]
    assert "cjm check --format github" in runs
    assert "mkdocs build --strict" in runs


def test_publish_workflows_rebuild_weekly_and_say_why() -> None:
    documented = documented_workflow("publish.yml")
    own = yaml.safe_load(text(".github/workflows/publish.yml"))
    for workflow in (documented, own):
        on = workflow[True]  # YAML 1.1 reads the key `on` as true
        assert set(on) >= {"push", "schedule", "workflow_dispatch"}
        (cron,) = [entry["cron"] for entry in on["schedule"]]
        minute, hour, day, month, weekday = cron.split()
        assert (day, month) == ("*", "*") and weekday != "*", "weekly"
    for source in (text("docs/adopting.md"), text(".github/workflows/publish.yml")):
        assert "computed when the site\n  # is built, so without a rebuild they freeze" in source


def test_pre_commit_example_uses_the_shipped_hook_at_this_version() -> None:
    doc = text("docs/adopting.md")
    section = doc[doc.index("## Check maps before every commit"):]
    config = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, flags=re.S).group(1))
    (repo,) = config["repos"]
    assert repo["rev"] == f"v{VERSION}"
    hook_ids = {h["id"] for h in yaml.safe_load(text(".pre-commit-hooks.yaml"))}
    assert [h["id"] for h in repo["hooks"]] == ["cjm-check"]
    assert "cjm-check" in hook_ids


def test_stack_page_is_in_the_nav_and_its_extras_exist() -> None:
    nav = read_config(REPO / "mkdocs.yml")["nav"]
    teams = next(entry["For teams"] for entry in nav if isinstance(entry, dict) and "For teams" in entry)
    assert "choosing-a-stack.md" in teams
    extras = tomllib.loads(text("pyproject.toml"))["project"]["optional-dependencies"]
    assert {"mkdocs", "properdocs"} <= set(extras)
    assert any(d.startswith("properdocs") for d in extras["properdocs"])
    assert any(d.startswith("mkdocs-materialx") for d in extras["properdocs"])
    core = tomllib.loads(text("pyproject.toml"))["project"]["dependencies"]
    assert not [d for d in core if re.match(r"(mkdocs|properdocs)\b", d)], "core needs no generator"


def test_the_plugin_is_registered_for_both_generators() -> None:
    for group in ("mkdocs.plugins", "properdocs.plugins"):
        (plugin,) = [ep for ep in entry_points(group=group) if ep.name == "cjm"]
        assert plugin.value == "cjm_plugin.plugin.plugin:CjmPlugin"


def test_the_documented_variable_silences_materials_notice(tmp_path: Path) -> None:
    """docs/choosing-a-stack.md: NO_MKDOCS_2_WARNING=1 silences Material's end-of-life
    notice, which the `mkdocs` command prints on every build."""
    root = make_project(tmp_path / "p", {"maps/personas/dina.md": PERSONA.format(name="Dina"),
                                         "maps/a.md": MAP.format(title="A", persona="dina")})
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}

    def build(extra: dict[str, str]) -> str:
        done = subprocess.run([str(mkdocs), "build", "-q", "--strict"], cwd=root, env={**env, **extra},
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    assert "end of life" in build({})
    assert "NO_MKDOCS_2_WARNING=1" in build({})
    assert "end of life" not in build({"NO_MKDOCS_2_WARNING": "1"})
    assert "NO_MKDOCS_2_WARNING" in text("docs/choosing-a-stack.md")


def test_a_writers_guide_copied_into_a_new_handbook_builds_strict_on_both_engines(tmp_path: Path) -> None:
    """The Indonesian guide tells a team to copy it into its docs/ (new files from
    `cjm new` then link it); the English guide is the one they link otherwise. Copied
    alone into a new handbook, each must build with --strict: no link to another page
    of cjm's docs that the handbook lacks."""
    from support import FIXED_EPOCH, run_build

    files = {"maps/personas/dina.md": PERSONA.format(name="Dina"),
             "maps/one.md": MAP.format(title="One", persona="dina"),
             "docs/panduan-penulis.md": text("docs/panduan-penulis.md"),
             "docs/writing-maps.md": text("docs/writing-maps.md")}
    project = make_project(tmp_path / "p", files, language="id")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    done = subprocess.run([sys.executable, "-m", "cjm_plugin.cli", "build", "--engine", "zensical", "--strict",
                           "-d", str(tmp_path / "zsite")], cwd=project, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
