"""``cjm check``, ``cjm schema`` and ``cjm new`` as a contributor meets them.

Every message is pinned exactly: the line ``path:line:col: severity: field: message``
is the contract with the people (product, marketing, research) who write the maps.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support import CONTRACT_MAP as CONTRACT_MAP_FILE
from support import front

from cjm_plugin.cli import format_problem, main
from cjm_plugin.core.reading.loader import load_handbook
from cjm_plugin.core.reporting.problems import Problem

REPO = Path(__file__).resolve().parent.parent
SCORE = "the emotion score must be a whole number from 1 (very negative) to 5 (very positive)"
ON = "2026-11-23"

DINA = """\
---
name: Dina, the busy professional
---
"""

GOOD = """\
---
title: Good map
persona: dina
updated: 2026-11-01
stages:
  - name: Awareness
    steps:
      - name: Searches
        score: 2
---
Body.
"""


@pytest.fixture
def maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty handbook with one persona, ``dina``; the working folder is its parent."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = tmp_path / "maps"
    write(folder, "personas/dina.md", DINA)
    return folder


def write(folder: Path, rel: str, text: str | bytes) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(textwrap.dedent(text).encode("utf-8"))
    return path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    """Run ``cjm check`` in-process: exit code, stdout lines, stderr."""
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


# --- every error class, one file each -------------------------------------------------

ONE_STAGE = "stages:\n  - name: A\n"

CASES: dict[str, tuple[str | bytes, list[str]]] = {
    "yaml-syntax": (
        front("title: [unclosed\n" + ONE_STAGE),
        ["maps/m.md:2:8: error: invalid YAML: did not find expected ',' or ']' (while parsing "
         "a flow sequence); a list written as [a, b] must end with ']' (put a text containing "
         "',' in quotes)"]),
    "unclosed-quote": (
        front('title: "Healthy catering\n' + ONE_STAGE),
        ["maps/m.md:2:8: error: the quote \" that starts this text is never closed, so YAML "
         "reads on over the next lines; end the text with the same quote on this line "
         "(title: \"Healthy catering\"), or remove the quote"]),
    "tab-indent": (
        "---\ntitle: T\nstages:\n\t- name: A\n---\n",
        ["maps/m.md:4:1: error: a tab character is not allowed in YAML indentation; "
         "indent with spaces"]),
    "colon-in-value": (
        front("title: Catering: current state\n" + ONE_STAGE),
        ["maps/m.md:2:16: error: this text contains ': ' (a colon and a space), which YAML reads "
         "as the start of another 'key: value'; put the whole text in quotes: "
         "title: \"Catering: current state\""]),
    "list-for-text": (
        front("title: [a, b]\n" + ONE_STAGE),
        ["maps/m.md:2:8: error: title: must be a text, not a list"]),
    "text-as-stage": (
        front("""\
            title: T
            stages:
              - name: A
              - Consideration
            """),
        ["maps/m.md:5:5: error: stage 2: each stage must be a mapping of 'key: value' lines, "
         "not a text"]),
    "stages-as-mapping": (
        front("""\
            title: T
            stages:
              Awareness:
                steps: []
            """),
        ["maps/m.md:4:3: error: stages: must be a list of stages, each starting with '- name:', "
         "not a mapping"]),
    "text-as-stages": (
        front("title: T\nstages: Awareness\n"),
        ["maps/m.md:3:9: error: stages: must be a list of stages, each starting with '- name:', "
         "not a text"]),
    "text-as-steps": (
        front("title: T\nstages:\n  - name: A\n    steps: Searches\n"),
        ["maps/m.md:5:12: error: stage 1 'A', steps: must be a list of steps, each starting with "
         "'- name:', not a text"]),
    "scores-out-of-range": (
        front("""\
            title: T
            stages:
              - name: A
                steps:
                  - {name: a, score: 0}
                  - {name: b, score: 6}
                  - {name: c, score: 3.5}
                  - {name: d, score: high}
                  - {name: e, score: 5}
            """),
        [f"maps/m.md:6:26: error: stage 1 'A', step 1 'a', score: {SCORE}, not 0",
         f"maps/m.md:7:26: error: stage 1 'A', step 2 'b', score: {SCORE}, not 6",
         f"maps/m.md:8:26: error: stage 1 'A', step 3 'c', score: {SCORE}, not 3.5",
         f"maps/m.md:9:26: error: stage 1 'A', step 4 'd', score: {SCORE}, not 'high'"]),
    "unknown-top-level-key": (
        front("titel: T\n" + ONE_STAGE),
        ["maps/m.md:2:1: error: title: every map needs a title",
         "maps/m.md:2:1: error: titel: unknown field 'titel'; did you mean 'title'?"]),
    "unknown-lane": (
        front("""\
            title: T
            stages:
              - name: A
                pain_point: Slow
                steps:
                  - name: a
                    score: 2
                    pain_point: Slow
                    oportunities: [SEO]
            """),
        ["maps/m.md:5:5: error: stage 1 'A', pain_point: unknown key 'pain_point' on a stage; "
         "did you mean 'pain_points'? (a custom lane must be declared under 'lanes:')",
         "maps/m.md:9:9: error: stage 1 'A', step 1 'a', pain_point: unknown key 'pain_point' on a "
         "step; did you mean 'pain_points'? (a custom lane must be declared under 'lanes:')",
         "maps/m.md:10:9: error: stage 1 'A', step 1 'a', oportunities: unknown key 'oportunities' on "
         "a step; did you mean 'opportunities'? (a custom lane must be declared under 'lanes:')"]),
    "unknown-lane-far-from-any": (
        front("title: T\nstages:\n  - name: A\n    xyzzy: 1\n"),
        ["maps/m.md:5:5: error: stage 1 'A', xyzzy: unknown key 'xyzzy' on a stage "
         "(a custom lane must be declared under 'lanes:')"]),
    "blueprint-lane-in-current-state": (
        front("""\
            title: T
            type: current-state
            stages:
              - name: A
                steps:
                  - name: a
                    score: 2
                    backstage: Kitchen sheet
            """),
        ["maps/m.md:9:9: error: stage 1 'A', step 1 'a', backstage: 'backstage' is a service-blueprint "
         "lane; set 'type: service-blueprint' or declare it under 'lanes:'"]),
    "reserved-key-as-lane": (
        front("""\
            title: T
            lanes:
              score: Mood
            stages:
              - name: A
            """),
        ["maps/m.md:4:3: error: lanes.score: 'score' is a built-in key of stages and steps, "
         "not a lane; choose another name"]),
    "lanes-declared-as-a-lane": (
        front("title: T\nlanes:\n  lanes: Lanes\nstages:\n  - name: A\n    lanes: [x]\n"),
        ["maps/m.md:4:3: error: lanes.lanes: 'lanes' is the key custom lanes are declared "
         "under, not a lane; choose another name"]),
    "unknown-type-and-status": (
        front("title: T\ntype: current\nstatus: done\n" + ONE_STAGE),
        ["maps/m.md:3:7: error: type: 'current' is not a valid type; use one of: current-state, "
         "future-state, day-in-the-life, service-blueprint; did you mean 'current-state'?",
         "maps/m.md:4:9: error: status: 'done' is not a valid status; use one of: draft, review, "
         "published, archived"]),
    "impossible-date": (
        front("title: T\nupdated: 2026-02-30\n" + ONE_STAGE),
        ["maps/m.md:3:10: error: updated: '2026-02-30' is not a valid date (day value is outside "
         "expected range); write it as YYYY-MM-DD, e.g. 2026-10-01"]),
    "bad-review-every": (
        front("title: T\nreview_every: sometimes\n" + ONE_STAGE),
        ["maps/m.md:3:15: error: review_every: must be a number of days (1 or more), or one of "
         "weekly, monthly, quarterly, yearly, not 'sometimes'"]),
    "missing-front-matter": (
        "# Catering\n\ntitle: T\n",
        ["maps/m.md:1:1: error: missing front-matter: the file must start with a line '---', "
         "then YAML, then a closing '---'"]),
    "unclosed-front-matter": (
        "---\ntitle: T\n" + ONE_STAGE + "\nBody.\n",
        ["maps/m.md:1:1: error: the front-matter opened on line 1 is never closed: add a line "
         "'---' after the YAML"]),
    "front-matter-is-a-list": (
        "---\n- title: T\n- stages: []\n---\n",
        ["maps/m.md:2:1: error: the front-matter must be a mapping of 'key: value' lines, "
         "but it is a list"]),
    "front-matter-is-empty": (
        "---\n---\nBody.\n",
        ["maps/m.md:1:1: error: the front-matter must be a mapping of 'key: value' lines, "
         "but it is empty"]),
    "empty-stages": (
        front("title: T\nstages: []\n"),
        ["maps/m.md:3:9: error: stages: a map needs at least one stage"]),
    "no-stages-key": (
        front("title: T\n"),
        ["maps/m.md:2:1: error: stages: a map needs at least one stage"]),
    "missing-title-and-score": (
        front("stages:\n  - name: A\n    steps:\n      - name: a\n"),
        ["maps/m.md:2:1: error: title: every map needs a title",
         "maps/m.md:5:9: error: stage 1 'A', step 1 'a', score: every step needs a score: its emotion, "
         "a whole number from 1 (very negative) to 5 (very positive)"]),
    "unknown-persona": (
        front("title: T\npersona: dinna\npersonas: [zed]\n" + ONE_STAGE),
        ["maps/m.md:3:10: error: persona: unknown persona 'dinna'; did you mean 'dina'?",
         "maps/m.md:4:12: error: personas item 1: unknown persona 'zed'; add maps/personas/zed.md "
         "or fix the id"]),
    "compares-missing-map": (
        front("title: T\ncompares: catering-future\n" + ONE_STAGE),
        ["maps/m.md:3:11: error: compares: no map has the id 'catering-future'"]),
    "compares-itself": (
        front("title: T\ncompares: m\n" + ONE_STAGE),
        ["maps/m.md:3:11: error: compares: a map cannot be compared with itself"]),
    "duplicate-yaml-key": (
        front("title: T\nowner: Growth\ntitle: U\n" + ONE_STAGE),
        ["maps/m.md:4:1: error: title: 'title' is written twice in the same place; keep one"]),
    "not-utf-8": (
        "---\ntitle: Caf\xe9\n".encode("latin-1") + ONE_STAGE.encode() + b"---\n",
        ["maps/m.md:2:1: error: the file is not UTF-8 text; save it with UTF-8 encoding"]),
    "yes-no-as-lane-values": (
        front("""\
            title: T
            stages:
              - name: A
                notes: yes
                steps:
                  - name: a
                    score: 2
                    thinking: [Fine, no]
            """),
        ["maps/m.md:5:12: error: stage 1 'A', notes: YAML reads yes/no/true/false/on/off as a "
         "true/false value; put the text in quotes",
         "maps/m.md:9:26: error: stage 1 'A', step 1 'a', thinking item 2: YAML reads yes/no/true/false/"
         "on/off as a true/false value; put the text in quotes"]),
    "lanes-written-on-a-stage": (
        front("title: T\nstages:\n  - name: A\n    lanes:\n      notes: x\n"),
        ["maps/m.md:5:5: error: stage 1 'A', lanes: custom lanes are declared once, at the top of "
         "the map under 'lanes:', then used on stages and steps by their key"]),
    "empty-name": (
        front("title: '  '\nstages:\n  - name: ''\n    notes: ['']\n"),
        ["maps/m.md:2:8: error: title: must not be empty",
         "maps/m.md:4:11: error: stage 1, name: must not be empty",
         "maps/m.md:5:13: error: stage 1, notes item 1: must not be empty"]),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_each_error_is_one_exact_line(maps: Path, capsys, text, expected) -> None:
    write(maps, "m.md", text)
    code, out, err = check(capsys, "--today", ON)
    assert out[:-1] == expected
    assert out[-1] == f"{len(expected)} error{'' if len(expected) == 1 else 's'}, 0 warnings in 2 files"
    assert code == 1
    assert err == ""


def test_maps_folder_defaults_to_maps_and_can_be_named(maps: Path, capsys) -> None:
    write(maps, "good.md", GOOD)
    assert check(capsys, "--today", ON)[:2] == (0, ["0 errors, 0 warnings in 2 files"])
    assert check(capsys, "maps", "--today", ON)[:2] == (0, ["0 errors, 0 warnings in 2 files"])
    # paths are relative to the working folder, even when the folder is given in full
    write(maps, "bad.md", front("title: T\n"))
    code, out, _ = check(capsys, str(maps), "--today", ON)
    assert out[0] == "maps/bad.md:2:1: error: stages: a map needs at least one stage"
    assert code == 1


def test_custom_lane_declared_under_lanes_is_accepted(maps: Path, capsys) -> None:
    write(maps, "m.md", front("""\
        title: T
        lanes:
          priorities: What is the customer's top priority?
        stages:
          - name: A
            priorities: Price
            steps:
              - name: a
                score: 2
                priorities: [Breakfast, Lunch]
        """))
    assert check(capsys, "--today", ON)[:2] == (0, ["0 errors, 0 warnings in 2 files"])


def test_blueprint_lanes_are_accepted_in_a_service_blueprint(maps: Path, capsys) -> None:
    write(maps, "m.md", front("""\
        title: T
        type: service-blueprint
        stages:
          - name: A
            support: [CMS]
            steps:
              - {name: a, score: 2, frontstage: Form, backstage: Sheet, evidence: Receipt}
        """))
    assert check(capsys, "--today", ON)[:2] == (0, ["0 errors, 0 warnings in 2 files"])


def test_bom_and_crlf_are_accepted_and_lines_stay_right(maps: Path, capsys) -> None:
    good = "\ufeff" + GOOD.replace("\n", "\r\n")
    write(maps, "good.md", good.encode("utf-8"))
    bad = "\ufeff" + GOOD.replace("score: 2", "score: 9").replace("\n", "\r\n")
    write(maps, "bad.md", bad.encode("utf-8"))
    code, out, _ = check(capsys, "--today", ON)
    assert out == [f"maps/bad.md:9:16: error: stage 1 'Awareness', step 1 'Searches', score: {SCORE}, not 9",
                   "1 error, 0 warnings in 3 files"]
    assert code == 1
    book = load_handbook(maps, as_of=__import__("datetime").date(2026, 11, 23))
    assert list(book.maps) == ["good"]
    assert book.maps["good"].meta.title == "Good map"
    assert book.maps["good"].body.strip() == "Body."


def test_duplicate_stem_in_two_folders_names_both_files(maps: Path, capsys) -> None:
    write(maps, "catering/lunch.md", GOOD)
    write(maps, "toys/lunch.md", GOOD)
    code, out, _ = check(capsys, "--today", ON)
    both = ("map id 'lunch' is used by 2 files, maps/catering/lunch.md and maps/toys/lunch.md; "
            "neither is published until each has its own id: rename a file or set a different 'id:'")
    assert out == [f"maps/catering/lunch.md:2:1: error: {both}",
                   f"maps/toys/lunch.md:2:1: error: {both}",
                   "2 errors, 0 warnings in 3 files"]
    assert code == 1
    book = load_handbook(maps, as_of=dt.date(2026, 11, 23))
    assert "lunch" not in book.maps


def test_duplicate_id_set_in_front_matter_names_both_files(maps: Path, capsys) -> None:
    write(maps, "a.md", GOOD.replace("title:", "id: b\ntitle:"))
    write(maps, "b.md", GOOD)
    write(maps, "c.md", GOOD.replace("title:", "id: b\ntitle:"))
    code, out, _ = check(capsys, "--today", ON)
    three = ("map id 'b' is used by 3 files, maps/a.md and maps/b.md and maps/c.md; none is "
             "published until each has its own id: rename a file or set a different 'id:'")
    assert out == [
        f"maps/a.md:2:5: error: id: {three}",
        f"maps/b.md:2:1: error: {three}",
        f"maps/c.md:2:5: error: id: {three}",
        "3 errors, 0 warnings in 4 files"]
    assert code == 1


def test_duplicate_persona_id_names_both_files(maps: Path, capsys) -> None:
    write(maps, "personas/sub/dina.md", DINA)
    code, out, _ = check(capsys, "--today", ON)
    both = ("persona id 'dina' is used by 2 files, maps/personas/dina.md and "
            "maps/personas/sub/dina.md; neither is published until each has its own id: "
            "rename a file or set a different 'id:'")
    assert out == [f"maps/personas/dina.md:2:1: error: {both}",
                   f"maps/personas/sub/dina.md:2:1: error: {both}",
                   "2 errors, 0 warnings in 2 files"]
    assert code == 1


def test_persona_errors_are_located_too(maps: Path, capsys) -> None:
    write(maps, "personas/budi.md", front("nam: Budi\ngoals: {a: b}\n"))
    code, out, _ = check(capsys, "--today", ON)
    assert out == [
        "maps/personas/budi.md:2:1: error: name: a name is required",
        "maps/personas/budi.md:2:1: error: nam: unknown field 'nam'; did you mean 'name'?",
        "maps/personas/budi.md:3:8: error: goals: must be a list (or a single text), not a mapping",
        "3 errors, 0 warnings in 2 files"]
    assert code == 1


def test_a_reference_to_a_broken_file_is_not_reported_twice(maps: Path, capsys) -> None:
    write(maps, "personas/budi.md", front("name: [x]\n"))
    write(maps, "current.md", GOOD.replace("persona: dina", "persona: budi\ncompares: future"))
    write(maps, "future.md", GOOD.replace("score: 2", "score: 0"))
    code, out, _ = check(capsys, "--today", ON)
    assert out == [
        f"maps/future.md:9:16: error: stage 1 'Awareness', step 1 'Searches', score: {SCORE}, not 0",
        "maps/personas/budi.md:2:7: error: name: must be a text, not a list",
        "2 errors, 0 warnings in 4 files"]
    assert code == 1


def test_one_bad_file_does_not_stop_the_others(maps: Path, capsys) -> None:
    write(maps, "a-bad.md", front("title: T\nstages: []\n"))
    write(maps, "b-good.md", GOOD)
    write(maps, "c-bad.md", "no front-matter\n")
    code, out, _ = check(capsys, "--today", ON)
    assert out == [
        "maps/a-bad.md:3:9: error: stages: a map needs at least one stage",
        "maps/c-bad.md:1:1: error: missing front-matter: the file must start with a line '---', "
        "then YAML, then a closing '---'",
        "2 errors, 0 warnings in 4 files"]
    assert code == 1
    book = load_handbook(maps)
    assert list(book.maps) == ["b-good"]
    assert list(book.personas) == ["dina"]


def test_hidden_underscore_and_readme_files_are_skipped(maps: Path, capsys) -> None:
    write(maps, "_drafts/x.md", "broken\n")
    write(maps, ".trash/y.md", "broken\n")
    write(maps, "README.md", "# How to write maps\n")
    write(maps, "good.md", GOOD)
    assert check(capsys, "--today", ON)[:2] == (0, ["0 errors, 0 warnings in 2 files"])


# --- reviews ----------------------------------------------------------------------------

OVERDUE = ("maps/good.md:4:10: warning: updated: review overdue: last reviewed 2026-11-01, "
           "due every 90 days, so due on 2027-01-30 (2 days ago)")


def test_overdue_review_is_a_warning_and_fails_only_with_strict(maps: Path, capsys) -> None:
    write(maps, "good.md", GOOD)
    assert check(capsys, "--today", "2027-01-30")[:2] == (0, ["0 errors, 0 warnings in 2 files"])
    code, out, _ = check(capsys, "--today", "2027-02-01")
    assert out == [OVERDUE, "0 errors, 1 warning in 2 files"]
    assert code == 0
    code, out, _ = check(capsys, "--today", "2027-02-01", "--strict")
    assert out == [OVERDUE, "0 errors, 1 warning in 2 files"]
    assert code == 1


def test_source_date_epoch_fixes_today(maps: Path, capsys, monkeypatch) -> None:
    write(maps, "good.md", GOOD)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1801440000")  # 2027-02-01 00:00 UTC
    code, out, _ = check(capsys)
    assert out == [OVERDUE, "0 errors, 1 warning in 2 files"]
    assert code == 0
    # --today wins over the environment
    assert check(capsys, "--today", ON)[1] == ["0 errors, 0 warnings in 2 files"]


def test_review_every_words_and_days(maps: Path, capsys) -> None:
    write(maps, "good.md", GOOD.replace("updated:", "review_every: monthly\nupdated:"))
    code, out, _ = check(capsys, "--today", "2026-12-05")
    assert out == [
        "maps/good.md:5:10: warning: updated: review overdue: last reviewed 2026-11-01, "
        "due every 30 days, so due on 2026-12-01 (4 days ago)",
        "0 errors, 1 warning in 2 files"]
    assert code == 0


def test_archived_maps_are_never_overdue(maps: Path, capsys) -> None:
    write(maps, "old.md", GOOD.replace("updated: 2026-11-01", "updated: 2019-01-01\nstatus: archived"))
    code, out, _ = check(capsys, "--today", ON, "--strict")
    assert (code, out) == (0, ["0 errors, 0 warnings in 2 files"])


def test_a_map_without_updated_is_not_overdue(maps: Path, capsys) -> None:
    write(maps, "new.md", GOOD.replace("updated: 2026-11-01\n", ""))
    assert check(capsys, "--today", "2099-01-01", "--strict")[:2] == (
        0, ["0 errors, 0 warnings in 2 files"])


def test_bad_today_option_is_a_usage_error(maps: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "--today", "2026-02-30"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "cjm check: error: --today: not a date (YYYY-MM-DD): '2026-02-30'",
        "'cjm check --help' says what to write."]


# --- output formats ---------------------------------------------------------------------

def test_github_format_annotations(maps: Path, capsys) -> None:
    write(maps, "a,b.md", front('title: T\ntype: "50%\\nmore"\n' + ONE_STAGE))
    write(maps, "good.md", GOOD)
    code, out, err = check(capsys, "--format", "github", "--today", "2027-02-01")
    assert out == [
        "::error file=maps/a%2Cb.md,line=3,col=7,title=cjm check (type.choice)::type: '50%25%0Amore' is not a "
        "valid type; use one of: current-state, future-state, day-in-the-life, service-blueprint",
        "::warning file=maps/good.md,line=4,col=10,title=cjm check (review.overdue)::updated: review overdue: "
        "last reviewed 2026-11-01, due every 90 days, so due on 2027-01-30 (2 days ago)"]
    assert err == "1 error, 1 warning in 3 files\n"
    assert code == 1


def test_github_escaping_of_properties_and_message() -> None:
    problem = Problem("C:/x,y.md", 3, 4, "100% sure\r\nnext: line", "title")
    assert format_problem(problem, "github") == (
        "::error file=C%3A/x%2Cy.md,line=3,col=4,title=cjm check::"
        "title: 100%25 sure%0D%0Anext: line")
    assert format_problem(problem, "text") == "C:/x,y.md:3:4: error: title: 100% sure\r\nnext: line"


def test_json_format(maps: Path, capsys) -> None:
    write(maps, "bad.md", front("title: T\nstages: []\n"))
    write(maps, "good.md", GOOD)
    code, out, err = check(capsys, "--format", "json", "--today", "2027-02-01")
    report = json.loads("\n".join(out))
    assert report == {
        "problems": [
            {"path": "maps/bad.md", "code": "stages.missing", "line": 3, "col": 9, "severity": "error",
             "field": "stages", "where": "stages", "message": "a map needs at least one stage"},
            {"path": "maps/good.md", "code": "review.overdue", "line": 4, "col": 10, "severity": "warning",
             "field": "updated", "where": "updated", "message": "review overdue: last reviewed 2026-11-01, "
             "due every 90 days, so due on 2027-01-30 (2 days ago)"},
        ],
        "errors": 1, "warnings": 1, "files": 3, "ok": False,
    }
    assert err == ""
    assert code == 1
    assert isinstance(report["problems"], list)


def test_json_format_clean_and_non_ascii(maps: Path, capsys) -> None:
    write(maps, "café.md", GOOD.replace("title: Good map", "title: Katering sehat — ☕"))
    code, out, _ = check(capsys, "--format", "json", "--today", ON, "--strict")
    assert json.loads("\n".join(out)) == {
        "problems": [], "errors": 0, "warnings": 0, "files": 2, "ok": True}
    assert code == 0
    write(maps, "café.md", front("title: Katering — ☕\n"))
    code, out, _ = check(capsys, "--format", "json", "--today", ON)
    assert json.loads("\n".join(out))["problems"][0]["path"] == "maps/café.md"
    assert "maps/café.md" in "\n".join(out)  # written as UTF-8, not \\u escapes
    assert code == 1


def test_summary_counts_and_plurals(maps: Path, capsys) -> None:
    assert check(capsys, "--today", ON)[1] == ["0 errors, 0 warnings in 1 file"]
    write(maps, "a.md", GOOD)
    write(maps, "b.md", GOOD.replace("updated: 2026-11-01", "updated: 2026-01-01"))
    write(maps, "c.md", GOOD.replace("updated: 2026-11-01", "updated: 2026-01-02"))
    write(maps, "d.md", front("title: T\n"))
    code, out, _ = check(capsys, "--today", ON)
    assert out[-1] == "1 error, 2 warnings in 5 files"
    assert len(out) == 4
    assert code == 1


def test_missing_maps_folder(maps: Path, capsys) -> None:
    code, out, err = check(capsys, "nowhere")
    assert out == ["nowhere:1:1: error: the maps folder does not exist (create it, or point "
                   "maps_dir at yours)", "1 error, 0 warnings in 0 files"]
    assert (code, err) == (1, "")


# --- as a real process: no traceback ever reaches the contributor ----------------------

def run_cjm(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ["PYTHONPATH"] = os.pathsep.join([str(REPO), environ.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "cjm_plugin.cli", *args], cwd=cwd,
                          env={**environ, **(env or {})}, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_subprocess_every_broken_file_at_once(maps: Path) -> None:
    for i, (text, _) in enumerate(CASES.values()):
        write(maps, f"case{i:02d}.md", text)
    done = run_cjm(maps.parent, "check", "--today", ON)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr == ""
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    expected = sum(len(lines) for _, lines in CASES.values())
    assert lines[-1] == f"{expected} errors, 0 warnings in {len(CASES) + 1} files"
    # Each file's messages are the ones it gives alone (pinned in CASES), file after file;
    # only `compares: m` names another map once the file is no longer m.md.
    renamed = {"compares-itself": ["maps/m.md:3:11: error: compares: no map has the id 'm'"]}
    assert lines[:-1] == [line.replace("maps/m.md:", f"maps/case{i:02d}.md:")
                          for i, (name, (_, alone)) in enumerate(CASES.items())
                          for line in renamed.get(name, alone)]


def test_subprocess_missing_folder_and_strict_warning(maps: Path) -> None:
    done = run_cjm(maps.parent, "check", "elsewhere")
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == ("elsewhere:1:1: error: the maps folder does not exist (create it, "
                           "or point maps_dir at yours)\n1 error, 0 warnings in 0 files\n")
    write(maps, "good.md", GOOD)
    done = run_cjm(maps.parent, "check", "--strict", env={"SOURCE_DATE_EPOCH": "1801440000"})
    assert done.stdout == OVERDUE + "\n0 errors, 1 warning in 2 files\n"
    assert (done.returncode, done.stderr) == (1, "")


def test_subprocess_usage_error_is_not_a_traceback(maps: Path) -> None:
    done = run_cjm(maps.parent, "check", "--format", "xml")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "--format: 'xml' is not one of 'text', 'github', 'json'" in done.stderr


def test_subprocess_schema_and_new(tmp_path: Path) -> None:
    done = run_cjm(tmp_path, "schema")
    assert done.returncode == 0 and done.stderr == ""
    assert set(json.loads(done.stdout)) == {"map", "persona"}
    assert run_cjm(tmp_path, "new", "persona", "Dina").returncode == 0
    assert run_cjm(tmp_path, "new", "map", "Lunch", "--persona", "dina").stdout == "maps/lunch.md\n"
    again = run_cjm(tmp_path, "new", "map", "Lunch")
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == "cjm new: maps/lunch.md already exists; choose another name (or --id)\n"
    done = run_cjm(tmp_path, "check")  # warns of the texts cjm new wrote, until replaced
    assert (done.returncode, done.stdout.splitlines()[-1]) == (0, "0 errors, 18 warnings in 2 files")


# --- cjm schema -------------------------------------------------------------------------

# The contract's example front-matter, without its fences and body.
CONTRACT_MAP = CONTRACT_MAP_FILE.split("---\n")[1]


def schemas(capsys, *args: str) -> dict:
    assert main(["schema", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_schema_prints_both(capsys) -> None:
    both = schemas(capsys)
    assert set(both) == {"map", "persona"}
    assert both["map"]["title"] == "cjm journey map (front-matter)"
    assert both["persona"]["title"] == "cjm persona (front-matter)"
    assert both["map"]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(both["map"]["required"]) == {"title", "stages"}
    assert both["persona"]["required"] == ["name"]
    step = both["map"]["$defs"]["Step"]
    assert step["properties"]["score"]["minimum"] == 1
    assert step["properties"]["score"]["maximum"] == 5
    assert "pain_points" in step["properties"] and "lanes" not in step["properties"]
    assert schemas(capsys, "map") == both["map"]
    assert schemas(capsys, "persona") == both["persona"]


def test_schema_output_folder(tmp_path: Path, capsys) -> None:
    assert main(["schema", "-o", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        str(tmp_path / "out" / "map.schema.json"), str(tmp_path / "out" / "persona.schema.json")]
    for kind in ("map", "persona"):
        assert "properties" in json.loads((tmp_path / "out" / f"{kind}.schema.json").read_text("utf-8"))


def test_map_schema_accepts_the_contract_example_and_rejects_score_9(capsys) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = schemas(capsys, "map")
    example = yaml.safe_load(CONTRACT_MAP)
    example["updated"] = example["updated"].isoformat()  # what an editor sees: text
    jsonschema.validate(example, schema)
    example["stages"][0]["steps"][0]["score"] = 9
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(example, schema)


# --- cjm new ----------------------------------------------------------------------------

def test_new_files_pass_check_and_are_never_overwritten(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    assert main(["new", "persona", "Yuki, the planner"]) == 0
    assert capsys.readouterr().out == "maps/personas/yuki-the-planner.md\n"
    assert main(["new", "map", "X: lunch at 100% — café", "--persona", "yuki-the-planner"]) == 0
    assert capsys.readouterr().out == "maps/x-lunch-at-100-cafe.md\n"
    text = (tmp_path / "maps/x-lunch-at-100-cafe.md").read_text("utf-8")
    assert [line for line in text.splitlines() if line.startswith(("title:", "persona:", "updated:"))] == [
        'title: "X: lunch at 100% — café"',
        "persona: yuki-the-planner    # the id of a persona (a file in maps/personas/); or `personas: [a, b]`",
        "updated: 2026-11-23          # the date of the last review"]
    code, out, _ = check(capsys)  # valid; each text written for the writer to replace is reported
    assert (code, out[-1]) == (0, "0 errors, 18 warnings in 2 files")
    assert all("is the example text cjm new wrote; replace it with your own" in line for line in out[:-1])
    book = load_handbook("maps")
    assert book.maps["x-lunch-at-100-cafe"].meta.title == "X: lunch at 100% — café"
    assert book.personas["yuki-the-planner"].meta.name == "Yuki, the planner"

    (tmp_path / "maps/x-lunch-at-100-cafe.md").write_text("mine\n", encoding="utf-8")
    assert main(["new", "map", "X: lunch at 100% — café"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "cjm new: maps/x-lunch-at-100-cafe.md already exists; choose another name (or --id)\n"
    assert (tmp_path / "maps/x-lunch-at-100-cafe.md").read_text("utf-8") == "mine\n"
    assert main(["new", "persona", "Yuki, the planner"]) == 1
    assert capsys.readouterr().err == (
        "cjm new: maps/personas/yuki-the-planner.md already exists; choose another name (or --id)\n")


def test_new_map_without_persona_and_in_another_folder(tmp_path, capsys, monkeypatch) -> None:
    """No persona is chosen silently: the placeholder is reported by cjm check, on its line."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "map", "Solo", "--maps-dir", "journeys"]) == 0
    out, err = capsys.readouterr()
    assert out == "journeys/solo.md\n"
    assert err == ("cjm new: type: current-state, the default; to choose another, add --type "
                   "(future-state, day-in-the-life, service-blueprint)\n"
                   "cjm new: set its persona (a file in journeys/personas/); "
                   "`cjm check` reports it until you do\n")
    text = (tmp_path / "journeys/solo.md").read_text("utf-8")
    assert text.splitlines()[6] == ("persona: TODO-persona-id     # TODO: the id of a persona (a file in "
                                    "journeys/personas/); `cjm check` reports it until set")
    code, out, _ = check(capsys, "journeys", "--strict")
    assert code == 1
    assert out[0] == ("journeys/solo.md:7:10: error: persona: the persona is not set yet: replace "
                      "'TODO-persona-id' with the id of a persona (the file name in "
                      "journeys/personas/ without .md; the handbook has: none yet)")
    assert out[-1] == "1 error, 12 warnings in 1 file"


def test_a_yes_score_is_refused(maps: Path, capsys) -> None:
    write(maps, "m.md", front("title: T\nstages:\n  - name: A\n    steps:\n      - name: a\n        score: yes\n"))
    code, out, err = check(capsys, "--today", ON)
    assert code == 1
    assert out[0] == ("maps/m.md:7:16: error: stage 1 'A', step 1 'a', score: the emotion score must be a whole "
                      "number from 1 (very negative) to 5 (very positive); YAML reads yes/no/true/false/on/off "
                      "as a true/false value")
