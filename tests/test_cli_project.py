"""The ``cjm`` command reads the team's ``mkdocs.yml`` as the site's plugin does.

Every test runs the installed ``cjm`` entry point in a real project in a temporary
folder, from the project's root or from a folder inside it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from support import run_build

from cjm_plugin.core.reading.project import load_project, read_config
from cjm_plugin.core.writing.scaffold import guess_type

CJM = Path(sys.executable).with_name("cjm")

MKDOCS_YML = """\
site_name: Team handbook
theme:
  name: material
  language: id
plugins:
  - search
  - cjm:
      maps_dir: journeys
      review_every: 30
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  analytics_key: !ENV [CJM_TEST_UNSET_VARIABLE, none]
"""

PERSONA = "---\nname: Budi\nrole: Tester\n---\nAbout Budi.\n"

MAP = """\
---
title: Lunch
persona: budi
status: published
updated: {updated}
stages:
  - name: Awareness
    steps:
      - name: Searches
        score: {score}
---
Body.
"""


def cjm(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The real ``cjm`` command, as a contributor runs it; in English (the site says
    ``language: id``: tests/test_messages.py pins the Indonesian messages)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000", "CJM_LANG": "en"}  # 2026-11-23
    return subprocess.run([str(CJM), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", input=stdin, timeout=120)


def placeholders_only(project: Path, files: int) -> None:
    """`cjm check` finds no error, and warns only of the texts `cjm new` wrote for the
    writer to replace (a strict check fails until they are)."""
    done = cjm(project, "check", "--format", "json")
    report = json.loads(done.stdout)
    assert (done.returncode, report["errors"], report["files"]) == (0, 0, files), done.stdout
    assert report["warnings"] > 0
    assert {p["code"] for p in report["problems"]} == {"placeholder"}


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A team's repository: mkdocs.yml with ``maps_dir: journeys``, one persona, one map."""
    root = tmp_path / "handbook"
    (root / ".git").mkdir(parents=True)  # the top of the team's repository
    write(root, "mkdocs.yml", MKDOCS_YML)
    write(root, "docs/index.md", "# Home\n")
    write(root, "docs/guides/deep/.keep", "")
    write(root, "journeys/personas/budi.md", PERSONA)
    write(root, "journeys/lunch.md", MAP.format(updated="2026-11-01", score=3))
    return root


def test_check_finds_mkdocs_yml_from_the_root_and_from_a_sub_folder(project: Path) -> None:
    for cwd in (project, project / "docs" / "guides" / "deep", project / "journeys" / "personas"):
        done = cjm(cwd, "check", "--strict")
        assert (done.returncode, done.stdout, done.stderr) == (
            0, "0 errors, 0 warnings in 2 files\n", ""), cwd


def test_problems_are_named_from_the_project_root_wherever_check_runs(project: Path) -> None:
    write(project, "journeys/lunch.md", MAP.format(updated="2026-11-01", score=9))
    expected = ("journeys/lunch.md:10:16: error: stages[0].steps[0].score: must be a whole "
                "number from 1 to 5, not 9\n1 error, 0 warnings in 2 files\n")
    for cwd in (project, project / "docs" / "guides" / "deep"):
        done = cjm(cwd, "check")
        assert done.returncode == 1
        assert done.stdout.splitlines()[0].startswith("journeys/lunch.md:10:16: error: ")
        assert done.stdout.splitlines()[-1] == expected.splitlines()[-1]


def test_review_every_comes_from_the_plugin_options(project: Path) -> None:
    # 2026-10-01 + 30 days is before 2026-11-23: overdue with the site's review_every,
    # and not with the default of 90 days.
    write(project, "journeys/lunch.md", MAP.format(updated="2026-10-01", score=3))
    done = cjm(project, "check")
    assert done.returncode == 0
    assert "journeys/lunch.md:5:10: warning: updated: review overdue" in done.stdout
    assert "due every 30 days" in done.stdout
    config = project / "mkdocs.yml"
    config.write_text(MKDOCS_YML.replace("      review_every: 30\n", ""), encoding="utf-8")
    assert cjm(project, "check").stdout == "0 errors, 0 warnings in 2 files\n"


def test_a_maps_folder_named_on_the_command_line_wins(project: Path) -> None:
    write(project, "other/personas/budi.md", PERSONA)
    done = cjm(project, "check", "other")
    assert (done.returncode, done.stdout) == (0, "0 errors, 0 warnings in 1 file\n")
    done = cjm(project / "docs", "check", "nowhere")
    assert done.stdout.startswith("docs/nowhere:1:1: error: the maps folder does not exist")


def test_config_file_option_names_another_configuration(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    done = cjm(outside, "check", "-f", str(project / "mkdocs.yml"))
    assert (done.returncode, done.stdout) == (0, "0 errors, 0 warnings in 2 files\n")
    done = cjm(outside, "check", "--config-file", "missing.yml")
    assert done.returncode == 2
    assert done.stderr.startswith("cjm: missing.yml: no such file")
    # Without a configuration, the plugin's default folder, maps/, is checked.
    done = cjm(outside, "check")
    assert done.stdout.startswith("maps:1:1: error: the maps folder does not exist")


def test_properdocs_yml_and_inherit_are_read(tmp_path: Path) -> None:
    write(tmp_path, ".git/HEAD", "")
    write(tmp_path, "base.yml", MKDOCS_YML)
    write(tmp_path, "properdocs.yml", "INHERIT: base.yml\nplugins:\n  - cjm:\n      maps_dir: cx\n")
    write(tmp_path, "cx/personas/budi.md", PERSONA)
    project = load_project(tmp_path)
    assert (project.maps_dir, project.review_every, project.language) == (tmp_path / "cx", 90, "id")
    assert cjm(tmp_path, "check").stdout == "0 errors, 0 warnings in 1 file\n"


def test_tags_are_read_as_data_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    write(tmp_path, "mkdocs.yml", MKDOCS_YML + textwrap.dedent(f"""\
        hooks: !!python/object/apply:os.system ["touch {marker}"]
        other: !!python/object/new:pathlib.Path ["{marker}"]
        relative: !relative $config_dir/x
        """))
    config = read_config(tmp_path / "mkdocs.yml")
    assert config["markdown_extensions"][0]["pymdownx.superfences"]["custom_fences"][0]["format"] == (
        "name:pymdownx.superfences.fence_code_format")  # the tag's text, never imported
    assert config["extra"]["analytics_key"] == "none"
    assert config["hooks"] == ["touch " + str(marker)]
    done = cjm(tmp_path, "check")
    assert done.stdout.startswith("journeys:1:1: error: the maps folder does not exist")
    assert not marker.exists()


def test_the_core_reads_a_project_without_importing_mkdocs(project: Path) -> None:
    code = ("import sys; from cjm_plugin.core.reading.project import load_project; "
            "from cjm_plugin import cli; p = load_project(); "
            "print(p.maps_dir.name, p.review_every, p.language, 'mkdocs' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout == "journeys 30 id False\n", done.stderr


def test_a_broken_mkdocs_yml_is_one_clear_line(project: Path) -> None:
    write(project, "mkdocs.yml", "plugins:\n  - cjm:\n    maps_dir: [unclosed\n")
    done = cjm(project / "docs", "check")
    assert done.returncode == 2
    assert done.stderr.startswith("cjm: mkdocs.yml: not valid YAML (")
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    write(project, "mkdocs.yml", "plugins:\n  - cjm:\n      review_every: often\n")
    done = cjm(project, "check")
    assert done.stderr == ("cjm: mkdocs.yml: the cjm plugin's review_every must be a number "
                           "of days from 1 to 3650, not 'often'\n")
    # The days the build allows (tests/test_site.py), no more: cjm check refuses the rest.
    for days in (0, 3651):
        write(project, "mkdocs.yml", f"plugins:\n  - cjm:\n      review_every: {days}\n")
        done = cjm(project, "check")
        assert (done.returncode, done.stderr) == (2, "cjm: mkdocs.yml: the cjm plugin's review_every "
                                                     f"must be a number of days from 1 to 3650, not {days}\n")


def test_github_annotations_name_files_from_the_repository_top(tmp_path: Path) -> None:
    """A handbook in a sub-folder of a bigger repository: GitHub needs the full path."""
    (tmp_path / ".git").mkdir()
    root = tmp_path / "cx-handbook"
    write(root, "mkdocs.yml", MKDOCS_YML)
    write(root, "journeys/personas/budi.md", PERSONA)
    write(root, "journeys/lunch.md", MAP.format(updated="2026-11-01", score=9))
    done = cjm(tmp_path, "check", "-f", "cx-handbook/mkdocs.yml", "--format", "github")
    assert done.stdout.startswith("::error file=cx-handbook/journeys/lunch.md,line=10,col=16,")
    text = cjm(root, "check")
    assert text.stdout.startswith("journeys/lunch.md:10:16: error:")


def test_new_writes_where_the_site_reads_and_the_site_builds_it(project: Path) -> None:
    """`cjm new` from a sub-folder writes into journeys/, and a strict build publishes it."""
    deep = project / "docs" / "guides" / "deep"
    done = cjm(deep, "new", "persona", "Dewi Lestari")
    assert (done.returncode, done.stdout) == (0, "../../../journeys/personas/dewi-lestari.md\n")
    done = cjm(deep, "new", "map", "Opening an account — future state", "--persona", "dewi-lestari",
               "--id", "account-future")
    assert (done.returncode, done.stdout, done.stderr) == (
        0, "../../../journeys/account-future.md\n",
        "cjm new: type: future-state, because the title ends in 'future state'; to choose "
        "another, add --type (current-state, day-in-the-life, service-blueprint)\n")
    assert not (project / "maps").exists()
    placeholders_only(project, 4)
    new_map = project / "journeys/account-future.md"  # a team publishes it when it is ready
    new_map.write_text(new_map.read_text("utf-8").replace("status: draft ", "status: published "),
                       encoding="utf-8")
    build = run_build(project, "--strict")
    assert build.returncode == 0, build.log
    page = build.page("maps/account-future/")
    assert "Opening an account — future state" in page
    assert "Dewi Lestari" in page


# --- cjm new ---------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "expected"), [
    ("Onboarding — current state", "current-state"),
    ("Onboarding - Future-State", "future-state"),
    ("Branch visit: SERVICE BLUEPRINT", "service-blueprint"),
    ("A nurse's day in the life", "day-in-the-life"),
    ("Day-In-The-Life", "day-in-the-life"),
    ("The state of the future", None),
    ("Current state of onboarding", None),
    ("", None),
])
def test_type_is_guessed_from_the_end_of_the_title(title: str, expected: str | None) -> None:
    assert guess_type(title) == expected


@pytest.mark.parametrize("map_type", ["current-state", "future-state", "day-in-the-life",
                                      "service-blueprint"])
def test_every_type_scaffold_passes_strict_check_with_block_lists(project: Path, map_type: str) -> None:
    done = cjm(project, "new", "map", "Loan application", "--type", map_type, "--persona", "budi")
    assert done.returncode == 0, done.stderr
    path = project / "journeys" / "loan-application.md"
    text = path.read_text("utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["type"] == map_type
    step = front["stages"][0]["steps"][0]
    assert isinstance(step["touchpoints"], list)
    assert "[" not in text.split("stages:")[1], "lanes are written as block lists"
    assert "docs/" not in text, "no pointer to a page the team's repository lacks"
    if map_type == "service-blueprint":
        assert {"frontstage", "backstage", "support"} <= set(step)
    if map_type == "future-state":
        assert "answers" in step
    placeholders_only(project, 3)


def test_type_guessed_from_title_and_explicit_type_wins(project: Path) -> None:
    assert cjm(project, "new", "map", "Branch visit — Service Blueprint", "--persona", "budi").returncode == 0
    assert "type: service-blueprint " in (project / "journeys/branch-visit-service-blueprint.md").read_text()
    assert cjm(project, "new", "map", "Branch visit — future state", "--type", "day-in-the-life",
               "--persona", "budi").returncode == 0
    assert "type: day-in-the-life " in (project / "journeys/branch-visit-future-state.md").read_text()


def test_new_persona_scaffold_uses_block_lists(project: Path) -> None:
    assert cjm(project, "new", "persona", "Sari").returncode == 0
    text = (project / "journeys/personas/sari.md").read_text("utf-8")
    assert "[" not in text
    assert yaml.safe_load(text.split("---\n")[1])["goals"] == ["What they want to achieve"]


def test_id_names_the_file_and_must_be_an_address(project: Path) -> None:
    done = cjm(project, "new", "persona", "Budi Santoso", "--id", "budi-s")
    assert done.stdout == "journeys/personas/budi-s.md\n"
    for bad in ("Budi S", "../escape", "x/y", ""):
        done = cjm(project, "new", "map", "X", "--id", bad)
        assert done.returncode == 2, bad
        assert done.stderr.startswith(f"cjm new: --id {bad!r}: use lowercase letters, digits and dashes")
    assert sorted(p.name for p in (project / "journeys").iterdir()) == ["lunch.md", "personas"]


@pytest.mark.parametrize("ident", ["yes", "2026", "null", "on", "1.5", "007"])
def test_persona_ids_that_yaml_would_misread_are_quoted(project: Path, ident: str) -> None:
    write(project, "journeys/personas/odd.md", "---\nid: " + repr(ident).replace("'", '"')
          + "\nname: Odd\n---\n")
    done = cjm(project, "new", "map", "Odd journey", "--persona", ident)
    assert done.returncode == 0
    front = yaml.safe_load((project / "journeys/odd-journey.md").read_text("utf-8").split("---\n")[1])
    assert front["persona"] == ident
    placeholders_only(project, 4)


def test_without_a_terminal_no_persona_is_chosen_silently(project: Path) -> None:
    done = cjm(project, "new", "map", "Lunch again", stdin="budi\n")
    assert done.stdout == "journeys/lunch-again.md\n"
    assert "persona: TODO-persona-id" in (project / "journeys/lunch-again.md").read_text("utf-8")
    check = cjm(project, "check")
    assert check.returncode == 1
    first = check.stdout.splitlines()[0]
    assert first.startswith("journeys/lunch-again.md:7:10: error: ") and "'TODO-persona-id'" in first


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_in_a_terminal_the_persona_is_asked_for(project: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000", "CJM_LANG": "en"}
    with subprocess.Popen([str(CJM), "new", "map", "Asked"], cwd=project, env=env,
                          stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as proc:
        os.close(follower)
        os.write(leader, b"nobody\nbudi\n")
        out, err = proc.communicate(timeout=60)
    os.close(leader)
    assert proc.returncode == 0, err
    assert out == "journeys/asked.md\n"
    assert "Known: budi." in err
    assert "'nobody' is not a persona in journeys/personas/; type one of: budi" in err
    assert "persona: budi " in (project / "journeys/asked.md").read_text("utf-8")


def test_version_is_the_packages_version(tmp_path: Path) -> None:
    import tomllib
    from support import REPO

    version = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    done = cjm(tmp_path, "--version")
    assert (done.returncode, done.stdout) == (0, f"cjm {version}\n")
    assert f"## [{version}]" in (REPO / "CHANGELOG.md").read_text("utf-8")
