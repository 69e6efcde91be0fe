"""Pull requests are untrusted (issue 19): bodies that make a build work harder than their
size, diagrams in bodies, and text that hides from the reviewer.

Run as ``tests/test_security.py`` runs its inputs: real ``cjm check`` and ``mkdocs build``
subprocesses under its memory and time bounds (:func:`test_security.bounded`). No timed
assertion: a limit is asserted by what it refuses, and by a build at the limit that
finishes within the same bounds. The figures measured for each input are in
``docs/security.md`` (from ``bench/hostile_inputs.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_security import STAGES, assert_no_traceback, build, check, front, output, project_with, write_raw

from cjm_plugin.core.checks import sizes

PUBLISHED = "title: X\nstatus: published\n" + STAGES
#: The line of the body's first line in a file made by ``front(PUBLISHED, body)``.
BODY_LINE = 10


def _table(rows: int, columns: int = 2) -> str:
    head = "|" + " h |" * columns + "\n" + "|" + "---|" * columns + "\n"
    return head + ("|" + " x |" * columns + "\n") * rows


# -- 1. bodies whose cost grows faster than their size ----------------------------------------
#: The inputs of the security review (each took from 35 s to over 120 s to build).
HOSTILE_BODIES = {
    "40,000 headings": ("## h\n" * 40_000,
                        "more than 1000 lines without a blank line start here"),
    "50,000 lines of '-'": ("-\n" * 50_000,
                            "more than 1000 lines without a blank line start here"),
    "a 1.8 MB table": (_table(180_000), "more than 1000 lines without a blank line start here"),
    "a 1.8 MB line": ("| x " * 450_000, "more than 100000 characters without a blank line start here"),
    "[a][b] 200,000 times": ("[a][b] " * 200_000,
                             "more than 100000 characters without a blank line start here"),
    "headings between blank lines": ("## h\n\n" * 20_000,
                                     "the text below the front-matter has more than 2000 headings"),
    "links between blank lines": ("[a][b]\n\n" * 20_000,
                                  "the text below the front-matter has more than 10000 links"),
    "tables between blank lines": ((_table(20, columns=10) + "\n") * 200,
                                   "the text below the front-matter has more than 20000 table cells"),
    "HTML tags left open in a paragraph": ("<b>x" * 1_000 + "\n\n",
                                           "more than 200 HTML tags ('<') without a blank line"),
    "HTML tags between blank lines": (("<b>x</b>" * 50 + "\n\n") * 100,
                                      "the text below the front-matter has more than 5000 HTML tags"),
    "emphasis between blank lines": (("*a* _b_ " * 10 + "\n\n") * 2_000,
                                     "the text below the front-matter has more than 50000 emphasis"),
}


@pytest.mark.parametrize("name", list(HOSTILE_BODIES))
def test_a_body_over_a_limit_is_refused_and_the_rest_builds(tmp_path: Path, name: str) -> None:
    body, expected = HOSTILE_BODIES[name]
    assert len(body.encode()) < 2 * 1024 * 1024  # under the file cap: the cap alone let it in
    project = project_with(tmp_path, {"maps/x.md": front(PUBLISHED, body)})
    done = check(project)
    assert_no_traceback(done)
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if line.startswith("maps/x.md:")]
    assert any(expected in line for line in errors), done.stdout
    assert all(": error: " in line and "docs/" in line for line in errors), errors
    built = build(project)
    assert_no_traceback(built)
    assert built.returncode == 0, output(built)
    assert expected in output(built)
    assert (project / "site/maps/good/index.html").is_file()
    assert not (project / "site/maps/x/index.html").exists()


def test_the_body_limits_are_located_where_they_are_crossed(tmp_path: Path) -> None:
    body = "Intro.\n\n" + "## h\n\n" * (sizes.MAX_BODY_HEADINGS + 5)
    project = project_with(tmp_path, {"maps/x.md": front(PUBLISHED, body)})
    done = check(project)
    line = BODY_LINE + 2 + 2 * sizes.MAX_BODY_HEADINGS  # the first heading too many
    assert done.stdout.splitlines()[0] == (
        f"maps/x.md:{line}:1: error: the text below the front-matter has more than 2000 "
        "headings by this line; a map's notes need far fewer; move long research notes to a "
        "page in docs/")


#: A body at each limit, the worst shape for what the limit bounds.
BODIES_AT_THE_LIMITS = {
    "headings": "## h\n\n" * sizes.MAX_BODY_HEADINGS,
    "a block of lines": "- item\n" * sizes.MAX_BLOCK_LINES,
    "a block of characters": "*a* [b](c) " * (sizes.MAX_BLOCK_CHARS // 12),
    "table cells": _table(sizes.MAX_BODY_CELLS // 51 - 2, columns=50),
    "links": ("[a](b) " * 500 + "\n\n") * (sizes.MAX_BODY_LINKS // 500),
    "emphasis": ("*a* " * 2_500 + "\n\n") * (sizes.MAX_BODY_MARKS // 5_000),
    "HTML tags": ("<b>x" * sizes.MAX_BLOCK_TAGS + "\n\n") * (sizes.MAX_BODY_TAGS // sizes.MAX_BLOCK_TAGS),
    "lines": "x\n\n" * (sizes.MAX_BODY_LINES // 2 - 1),
}


@pytest.mark.parametrize("name", list(BODIES_AT_THE_LIMITS))
def test_a_body_at_a_limit_builds_within_the_bounds(tmp_path: Path, name: str) -> None:
    body = BODIES_AT_THE_LIMITS[name]
    project = project_with(tmp_path, {"maps/x.md": front(PUBLISHED, body)})
    done = check(project)
    assert not [line for line in done.stdout.splitlines() if line.startswith("maps/x.md")], done.stdout
    built = build(project)  # under the memory and time bounds of the security tests
    assert_no_traceback(built)
    assert built.returncode == 0, output(built)
    assert (project / "site/maps/x/index.html").is_file()


def _stages(count: int, steps: int = 1) -> str:
    one = "".join(f"      - name: T{t}\n        score: 3\n" for t in range(steps))
    return "".join(f"  - name: S{i}\n    steps:\n{one}" for i in range(count))


def test_twenty_thousand_stages_are_refused_where_the_limit_is_crossed(tmp_path: Path) -> None:
    text = front("title: X\nstatus: published\nstages:\n" + _stages(20_000))
    project = project_with(tmp_path, {"maps/x.md": text})
    done = check(project)
    assert_no_traceback(done)
    line = 5 + 4 * sizes.MAX_STAGES  # the first stage too many
    assert done.stdout.splitlines()[0] == (
        f"maps/x.md:{line}:5: error: stage 101 'S100': the map has 20000 stages; keep it to 100 "
        "at most (a journey this long is several maps: split it, and link them with 'zoom')")
    built = build(project)
    assert_no_traceback(built)
    assert built.returncode == 0, output(built)
    assert not (project / "site/maps/x/index.html").exists()


def test_too_many_steps_are_refused_at_the_first_one_too_many(tmp_path: Path) -> None:
    text = front("title: X\nstatus: published\nstages:\n" + _stages(25, steps=41))
    project = project_with(tmp_path, {"maps/x.md": text})
    done = check(project)
    assert_no_traceback(done)
    lines = [line for line in done.stdout.splitlines() if line.startswith("maps/x.md")]
    assert len(lines) == 1, done.stdout
    assert "stage 25 'S24', step 17 'T16': the map has 1025 steps; keep it to 1000 at most" in lines[0]


def test_a_map_at_the_stage_and_step_limits_builds_within_the_bounds(tmp_path: Path) -> None:
    steps = sizes.MAX_STEPS // sizes.MAX_STAGES
    text = front("title: X\nstatus: published\nstages:\n" + _stages(sizes.MAX_STAGES, steps))
    project = project_with(tmp_path, {"maps/x.md": text})
    built = build(project, "--strict")
    assert_no_traceback(built)
    assert built.returncode == 0, output(built)
    page = (project / "site/maps/x/index.html").read_text(encoding="utf-8")
    assert "S99" in page
    assert len(page) < 5_000_000


# -- 2. diagrams in bodies ---------------------------------------------------------------------
MERMAID_BODY = """\
Notes.

<pre class="mermaid">graph TD
A-->B</pre>

<div class="note mermaid">graph LR
C-->D</div>

<a id="mermaid">one</a> <a id="mermaid">two</a>
"""


def test_a_body_draws_no_diagram(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"maps/x.md": front(PUBLISHED, MERMAID_BODY)})
    done = check(project)
    assert_no_traceback(done)
    assert done.returncode == 0
    assert (f"maps/x.md:{BODY_LINE + 2}:1: warning: a Mermaid diagram in the text below the "
            "front-matter is shown as text, not drawn") in done.stdout
    built = build(project)
    assert built.returncode == 0, output(built)
    page = BeautifulSoup((project / "site/maps/x/index.html").read_text(), "html.parser")
    own = page.select("article div.cjm .mermaid")
    assert own  # the map's own diagram is kept
    page.select_one("article div.cjm").decompose()  # the generated part; the body is the rest
    body = page.select_one("article")
    assert not body.select(".mermaid")
    assert "A-->B" in body.get_text() and body.select_one("div.note") is not None


# -- 3. text that hides from the reviewer -------------------------------------------------------
def test_binary_values_are_refused(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"maps/x.md": front(
        "title: !!binary SGlkZGVuIHRpdGxl\nstatus: published\n" + STAGES)})
    done = check(project)
    assert_no_traceback(done)
    assert done.stdout.splitlines()[0] == (
        "maps/x.md:2:8: error: values marked '!!binary' are not part of the map format (a "
        "reviewer sees only base64, not what is published); write the text itself")
    built = build(project)
    assert built.returncode == 0
    assert "Hidden title" not in "".join(
        p.read_text(errors="replace") for p in (project / "site").rglob("*.html"))


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                     "\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidirectional_controls_in_values_are_refused(tmp_path: Path, control: str) -> None:
    project = project_with(tmp_path, {"maps/x.md": front(
        f"title: Refund {control}gnp.exe\nstatus: published\n" + STAGES)})
    done = check(project)
    assert_no_traceback(done)
    assert done.stdout.splitlines()[0] == (
        f"maps/x.md:2:8: error: title: contains an invisible character (U+{ord(control):04X}) "
        "that changes the direction of the text around it, so the text shown is not the text "
        "written; remove it (Arabic or Hebrew text needs no such character)")
    assert control not in done.stdout


def test_bidirectional_marks_are_kept_in_values_and_escaped_in_messages(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"maps/x.md": front(
        "title: \u0627\u0644\u0648\u0639\u064a\u200f 2026\nstatus: published\n"
        "\"bad\u202ekey\u200f\": 1\n" + STAGES)})
    done = check(project, "--format", "github")
    assert_no_traceback(done)
    assert "unknown field 'bad\\u202ekey\\u200f'" in done.stdout, done.stdout
    assert "\u202e" not in done.stdout and "\u200f" not in done.stdout
    assert "line=2" not in done.stdout  # the mark in an Arabic title is accepted


def test_ids_that_look_the_same_collide_naming_both_files(tmp_path: Path) -> None:
    project = project_with(tmp_path, {
        "maps/checkout.md": front(PUBLISHED),
        "maps/other.md": front("id: che\u0441kout\n" + PUBLISHED)})
    done = check(project)
    assert_no_traceback(done)
    both = ("map ids 'checkout' (maps/checkout.md) and 'che\u0441kout' (maps/other.md) look the "
            "same but are written with different characters (U+0441 looks like 'c'); a reader "
            "could not tell their pages apart, so neither is published until one is renamed or "
            "given a different 'id:'")
    lines = done.stdout.splitlines()
    assert f"maps/checkout.md:2:1: error: {both}" in lines
    assert f"maps/other.md:2:5: error: id: {both}" in lines
    built = build(project)
    assert built.returncode == 0
    assert not (project / "site/maps/checkout/index.html").exists()


@pytest.mark.parametrize("folder, shown", [
    ("<b>x", "<>"), ("esc\x1bred", "U+001B"), ("new\nline", "U+000A"),
    ("rtl\u202eevil", "U+202E")])
def test_folder_names_are_checked_like_file_names(tmp_path: Path, folder: str, shown: str) -> None:
    project = project_with(tmp_path, {})
    write_raw(project / "maps" / folder / "m.md", front(PUBLISHED))
    for fmt in ("text", "github"):
        done = check(project, "--format", fmt)
        assert_no_traceback(done)
        assert done.returncode == 1
        assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
        assert (f"the folder name has characters that break web addresses and shell commands "
                f"({shown}); rename the folder using letters, digits, '-', '_' and '.'") in done.stdout
    built = build(project)
    assert_no_traceback(built)
    assert built.returncode == 0
    assert not (project / "site/maps/m/index.html").exists()
    assert (project / "site/maps/good/index.html").is_file()
