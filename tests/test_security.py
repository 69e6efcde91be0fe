"""Pull requests are untrusted: each finding of the security review, reproduced.

Every hostile input here is answered by ``cjm check`` and by ``mkdocs build`` with a
located message (or safe output), no traceback, within bounds: the runs go through
:func:`bounded`, a real subprocess with an address-space limit of 1 GiB and a time limit of
60 s, so a hang or a memory blow-up fails the test instead of the machine. The figures
measured for each input are in ``docs/security.md``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import support
from bs4 import BeautifulSoup
from support import FIXED_EPOCH, MAP, PERSONA, make_project, serving

#: Address space (bytes) and wall time (s) a hostile input may take.
MEMORY_BOUND = 1 << 30
TIME_BOUND = 60

STAGES = "stages:\n  - name: A\n    steps:\n      - name: S\n        score: 3\n"


def front(yaml_text: str, body: str = "Body.\n") -> str:
    return support.front(yaml_text, body)


def _limit() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))


def bounded(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command under the memory and time bounds; its whole output is kept."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=TIME_BOUND, preexec_fn=_limit)


def check(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return bounded([sys.executable, "-m", "cjm_plugin.cli", "check", "maps", *extra], project)


def build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return bounded([sys.executable, "-m", "mkdocs", "build", "--clean", "-d",
                    str(project / "site"), *extra], project)


def output(done: subprocess.CompletedProcess[str]) -> str:
    return done.stdout + done.stderr


def assert_no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in output(done), output(done)[-3000:]


def project_with(tmp_path: Path, files: dict[str, str], options: str = "") -> Path:
    base = {"maps/personas/dina.md": PERSONA.format(name="Dina"),
            "maps/good.md": MAP.format(title="Good", persona="dina")}
    return make_project(tmp_path / "p", {**base, **files}, options=options)


def write_raw(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# -- 1. stored XSS through a file name ---------------------------------------------------
XSS_NAME = 'x" autofocus onfocus="alert(document.domain)" y=".md'


def with_edit_links(project: Path) -> None:
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text().replace(
        "features: [navigation.instant]", "features: [navigation.instant, content.action.edit]")
        + "edit_uri: https://example.com/edit/main/docs/\n", encoding="utf-8")


def test_a_file_name_with_quotes_is_refused_and_never_becomes_an_attribute(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    with_edit_links(project)
    write_raw(project / "maps/personas" / XSS_NAME, front("id: x\nname: X\n"))
    done = check(project)
    assert_no_traceback(done)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        "maps/personas/" + XSS_NAME + ":1:1: error: the file name has characters that break "
        "web addresses and shell commands (\"); rename the file using letters, digits, "
        "'-', '_' and '.'")
    built = build(project)
    assert_no_traceback(built)
    assert built.returncode == 0, output(built)
    assert (project / "site/maps/good/index.html").is_file()
    for page in (project / "site").rglob("*.html"):
        assert "onfocus" not in page.read_text(encoding="utf-8"), page


def test_edit_links_of_generated_pages_are_percent_encoded(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"maps/personas/ada lovelace.md": front("id: ada\nname: Ada\n")})
    with_edit_links(project)
    done = build(project, "--strict")
    assert done.returncode == 0, output(done)
    page = BeautifulSoup((project / "site/personas/ada/index.html").read_text(), "html.parser")
    edit = page.select_one("a.md-content__button[href*='edit']")
    assert edit is not None
    assert edit["href"] == "https://example.com/edit/main/maps/personas/ada%20lovelace.md"


@pytest.mark.parametrize("ident, shown", [
    ('a\\"b', '"'), ("a<b>", "<>"), ("a'b", "'"), ("a`b", "`"), ("a$b", "$"), ("a;b", ";"),
    ("a|b", "|"), ("a&b", "&"), ("a*b", "*"), ("a?b", "?"), ("a#b", "#"), ("a%b", "%"),
    ("a\\u001bb", "U+001B"), ("a\\nb", "U+000A"), ("a\\u0000b", "U+0000"), ("a\\u200bb", "U+200B"),
])
def test_an_id_with_unsafe_characters_is_refused(tmp_path: Path, ident: str, shown: str) -> None:
    project = project_with(tmp_path, {"maps/m.md": front(f'id: "{ident}"\ntitle: T\n' + STAGES)})
    done = check(project)
    assert_no_traceback(done)
    lines = [line for line in done.stdout.splitlines() if line.startswith("maps/m.md")]
    assert len(lines) == 1, done.stdout
    assert lines[0].startswith("maps/m.md:2:5: error: id: ")
    assert f"({shown})" in lines[0]
    assert "\x1b" not in done.stdout and "\x00" not in done.stdout


# -- 2. the YAML merge-key bomb ----------------------------------------------------------
def merge_bomb(levels: int = 20) -> str:
    """Inline anchors merged twice at every level: 2**levels pairs once flattened."""
    value = "{x: 1, y: 2}"
    for i in range(levels):
        value = f"{{<<: [&a{i} {value}, *a{i}], k{i}: {i}}}"
    return f"extra: {value}\n"


def test_merge_keys_are_refused_before_they_expand(tmp_path: Path) -> None:
    bomb = front(merge_bomb() + "title: T\n" + STAGES)
    assert len(merge_bomb()) < 700
    project = project_with(tmp_path, {"maps/bomb.md": bomb})
    done = check(project)
    assert_no_traceback(done)
    col = bomb.splitlines()[1].index("<<") + 1
    expected = (f"maps/bomb.md:2:{col}: error: merge keys ('<<') are not part of the map format; "
                "write the values out")
    assert done.stdout.splitlines()[0] == expected
    built = build(project)
    assert_no_traceback(built)
    assert expected in output(built)
    assert (project / "site/maps/good/index.html").is_file()


def test_a_quoted_double_angle_key_is_an_ordinary_unknown_field(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"maps/m.md": front('"<<": 1\ntitle: T\n' + STAGES)})
    done = check(project)
    assert "maps/m.md:2:1: error: <<: unknown field '<<'" in done.stdout


# -- 3. quadratic work from small files --------------------------------------------------
def test_many_unknown_keys_against_many_lanes_are_checked_in_bounds(tmp_path: Path) -> None:
    lanes = "".join(f"  lane_{i:04}_with_a_long_name: Label {i}\n" for i in range(1500))
    steps = "".join(f"        lane_{i:04}_with_a_long_nam: x\n" for i in range(1500))
    text = front("title: T\nlanes:\n" + lanes + "stages:\n  - name: A\n    steps:\n"
                 "      - name: S\n        score: 3\n" + steps)
    assert len(text) < 150_000
    project = project_with(tmp_path, {"maps/m.md": text})
    done = check(project)
    assert_no_traceback(done)
    assert done.returncode == 1
    assert "did you mean 'lane_0000_with_a_long_name'?" in done.stdout
    assert "more problems in this file are not listed" in done.stdout


def test_many_unmatched_answers_are_checked_in_bounds(tmp_path: Path) -> None:
    pains = "".join(f"          - Pain point number {i} of the current journey\n" for i in range(2000))
    answers = "".join(f"          - Pain point numbr {i} of the current journey\n" for i in range(2000))
    current = front("title: C\ntype: current-state\ncompares: f\nstatus: published\n"
                    "stages:\n  - name: A\n    steps:\n      - name: S\n        score: 3\n"
                    "        pain_points:\n" + pains)
    future = front("title: F\ntype: future-state\ncompares: c\nstatus: published\n"
                   "stages:\n  - name: A\n    steps:\n      - name: S\n        score: 3\n"
                   "        answers:\n" + answers)
    project = project_with(tmp_path, {"maps/c.md": current, "maps/f.md": future})
    done = check(project)
    assert_no_traceback(done)
    assert "warning: stage 1 'A', step 1 'S', answers item 1: 'Pain point numbr 0 of the current journey' " \
           "is not a pain point of 'c'" in done.stdout


def test_a_comparison_of_the_most_stages_a_map_may_have_builds_in_bounds(tmp_path: Path) -> None:
    from cjm_plugin.core.checks.sizes import MAX_STAGES  # 4,000 stages are refused since

    stages = "".join(f"  - name: Stage {i}\n    steps:\n      - name: S{i}\n        score: 3\n"
                     for i in range(MAX_STAGES))
    current = front("title: C\ntype: current-state\ncompares: f\nstatus: published\nstages:\n" + stages)
    future = front("title: F\ntype: future-state\ncompares: c\nstatus: published\nstages:\n" + stages)
    project = project_with(tmp_path, {"maps/c.md": current, "maps/f.md": future})
    done = build(project)
    assert_no_traceback(done)
    assert done.returncode == 0, output(done)
    assert f"Stage {MAX_STAGES - 1}" in (project / "site/maps/c/index.html").read_text()


# -- 4. accepted values that crashed a build ---------------------------------------------
@pytest.mark.parametrize("field, expected", [
    ("updated: 9999-12-01\n",
     "maps/m.md:2:10: error: updated: 9999-12-01 is too far in the future; write the date of "
     "the last review"),
    ("updated: 2026-01-01\nreview_every: 1000000000000\n",
     "maps/m.md:3:15: error: review_every: 1000000000000 days is more than ten years; use at "
     "most 3650 (or one of weekly, monthly, quarterly, yearly)"),
])
def test_dates_that_overflow_are_located_errors(tmp_path: Path, field: str, expected: str) -> None:
    project = project_with(tmp_path, {"maps/m.md": front(field + "title: T\n" + STAGES)})
    done = check(project)
    assert_no_traceback(done)
    assert expected in done.stdout
    built = build(project)
    assert_no_traceback(built)
    assert built.returncode == 0


def test_a_very_long_file_name_or_id_is_refused(tmp_path: Path) -> None:
    long_name = "n" * 200
    project = project_with(tmp_path, {
        f"maps/{long_name}.md": front("title: Long name\n" + STAGES),
        "maps/m.md": front(f"id: {'i' * 251}\ntitle: Long id\n" + STAGES)})
    done = check(project)
    assert_no_traceback(done)
    assert (f"maps/{long_name}.md:1:1: error: the file name is 200 characters long; "
            "keep it to 100 at most") in done.stdout
    assert "maps/m.md:2:5: error: id: the id is 251 characters long; keep it to 100 at most" \
        in done.stdout
    built = build(project)
    assert_no_traceback(built)
    assert built.returncode == 0
    assert (project / "site/maps/good/index.html").is_file()


def test_a_page_address_taken_by_an_export_is_refused(tmp_path: Path) -> None:
    project = project_with(tmp_path, {
        "maps/a.md": front("title: A\nstatus: published\n" + STAGES),
        "maps/a.json.md": front("title: A json\nstatus: published\n" + STAGES)})
    done = check(project)
    assert_no_traceback(done)
    assert ("maps/a.json.md:2:1: error: 'a.json' cannot be a map id: maps/a.json is where "
            "the JSON export of a map 'a' is published; rename the file or set another 'id:'") \
        in done.stdout
    built = build(project)
    assert_no_traceback(built)
    assert built.returncode == 0
    assert json.loads((project / "site/maps/a.json").read_text())["title"] == "A"


# -- 5. Markdown bodies that crash Python-Markdown ---------------------------------------
@pytest.mark.parametrize("body", [
    "*" * 2000 + "x" + "*" * 2000,
    # Blank lines between the lines: more than 1,000 lines in a row are refused before
    # Markdown runs (tests/test_security_bodies.py); these must reach Markdown.
    "".join("  " * i + "- item\n\n" for i in range(1200)),
    '<div markdown="1">\n\n' * 600 + "x\n\n" + "</div>\n\n" * 600,
], ids=["emphasis", "lists", "divs"])
def test_a_body_too_deep_for_markdown_is_a_located_error(tmp_path: Path, body: str) -> None:
    project = project_with(tmp_path, {
        "maps/deep.md": front("title: Deep\nstatus: published\n" + STAGES, body)})
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text() + "markdown_extensions:\n  - md_in_html\n", encoding="utf-8")
    done = build(project)
    assert_no_traceback(done)
    assert done.returncode == 0, output(done)
    assert ("maps/deep.md:10:1: error: the Markdown below the front-matter nests too deeply to "
            "be read (emphasis, lists or HTML blocks inside each other); simplify it") in output(done)
    assert (project / "site/maps/good/index.html").is_file()
    strict = build(project, "--strict")
    assert strict.returncode == 1
    assert "maps/deep.md:10:1: error: the Markdown" in output(strict)


# -- 6. raw HTML in bodies -----------------------------------------------------------------
HTML_BODY = """\
Notes with <script>alert(1)</script> and <a href="javascript:alert(2)">a link</a>.

<img src="x.png" onerror="alert(3)" alt="pic">

<iframe src="https://example.com/board"></iframe>

<div class="admonition note" style="color: red"><p class="admonition-title">Note</p><p>Kept</p></div>

| a | b |
|---|---|
| 1 | 2 |
"""


def test_body_html_is_sanitised_by_default(tmp_path: Path) -> None:
    project = project_with(tmp_path, {
        "maps/h.md": front("title: H\nstatus: published\n" + STAGES, HTML_BODY)})
    done = build(project, "--strict")
    assert done.returncode == 0, output(done)
    page = BeautifulSoup((project / "site/maps/h/index.html").read_text(), "html.parser")
    article = page.select_one("article")
    page.select_one("article div.cjm").decompose()  # the generated part; the body is the rest
    assert not [s for s in article.select("script")]
    assert not article.select("iframe")
    assert not article.select("[onerror]") and not article.select("[style]")
    assert not [a for a in article.select("a[href]") if a["href"].startswith("javascript:")]
    assert article.select_one("img[alt=pic]") is not None
    assert article.select_one("div.admonition.note p.admonition-title").get_text() == "Note"
    assert article.select_one("table") is not None
    assert "a link" in article.get_text()


def test_body_html_is_kept_when_the_site_trusts_its_authors(tmp_path: Path) -> None:
    project = project_with(tmp_path, {
        "maps/h.md": front("title: H\nstatus: published\n" + STAGES, HTML_BODY)},
        options=":\n      sanitize_html: false")
    done = build(project, "--strict")
    assert done.returncode == 0, output(done)
    page = BeautifulSoup((project / "site/maps/h/index.html").read_text(), "html.parser")
    assert page.select_one("article iframe") is not None


# -- 7. workflow commands and terminal escapes in logs ------------------------------------
def test_values_echoed_in_messages_cannot_forge_log_lines(tmp_path: Path) -> None:
    project = project_with(tmp_path, {
        "maps/m.md": front('title: T\npersona: "x\\n::error::forged\\u001b[31m"\n' + STAGES)})
    for fmt in ("text", "github"):
        done = check(project, "--format", fmt)
        assert_no_traceback(done)
        for line in output(done).splitlines():
            assert not line.startswith("::error::forged")
            assert not line.startswith("::add-mask::")
        assert "\x1b" not in output(done)
        assert "persona: contains a control character (U+001B) that cannot be shown" in output(done)
    built = build(project)
    # Material prints its own banner in colour; no line that cjm prints has an escape.
    cjm_lines = [line for line in output(built).splitlines() if "maps/m.md" in line]
    assert cjm_lines and not any("\x1b[31m" in line or "forged" in line and "\n" in line
                                 for line in cjm_lines)
    assert not any(line.startswith("::") for line in output(built).splitlines())


# -- 8. symbolic links -------------------------------------------------------------------
def test_a_link_out_of_the_project_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(front("title: SECRET-TITLE\nstatus: published\n" + STAGES), encoding="utf-8")
    project = project_with(tmp_path, {})
    (project / "maps/leak.md").symlink_to(outside)
    (project / "maps/zero.md").symlink_to("/dev/zero")
    (project / "maps/stdin.md").symlink_to("/dev/stdin")
    done = check(project)
    assert_no_traceback(done)
    for name in ("leak", "zero", "stdin"):
        assert (f"maps/{name}.md:1:1: error: the file is a symbolic link; cjm reads only "
                "regular files inside the project: put the file itself here") in done.stdout
    assert "SECRET" not in done.stdout
    built = build(project)
    assert_no_traceback(built)
    assert built.returncode == 0
    assert "SECRET" not in output(built)
    assert not any("SECRET" in p.read_text(errors="replace") for p in (project / "site").rglob("*")
                   if p.is_file() and p.suffix in (".html", ".json", ".csv"))


def test_a_maps_folder_that_links_out_of_the_project_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {})
    (project / "maps").symlink_to("/usr")
    done = check(project)
    assert_no_traceback(done)
    assert done.stdout.splitlines()[0] == (
        "maps:1:1: error: the maps folder is a symbolic link to a place outside the project; "
        "cjm reads only files inside the project")
    assert "/usr" not in done.stdout
    built = build(project)
    assert_no_traceback(built)
    assert "/usr" not in output(built)


# -- 9. CSV formulas ---------------------------------------------------------------------
def test_csv_cells_are_quoted_and_start_with_a_bom(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"maps/m.md": front(
        "title: Pembayaran — Indonesia\nstatus: published\nstages:\n  - name: A\n    steps:\n"
        "      - name: S\n        score: 3\n"
        "        pain_points: ['Slow checkout;=HYPERLINK(\"http://x\",\"y\")', '=1+1']\n")})
    done = build(project, "--strict")
    assert done.returncode == 0, output(done)
    raw = (project / "site/backlog/backlog.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert '"Slow checkout;=HYPERLINK(""http://x"",""y"")"' in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["text"] for r in rows if r["map_id"] == "m"} == {
        'Slow checkout;=HYPERLINK("http://x","y")', "'=1+1"}
    assert all(line.startswith('"') for line in text.splitlines())


# -- 10. size caps -----------------------------------------------------------------------
def test_a_huge_file_is_refused_naming_the_cap(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    big = project / "maps/big.md"
    big.write_text(front("title: T\n" + STAGES, "x" * (5 * 1024 * 1024)), encoding="utf-8")
    done = check(project)
    assert_no_traceback(done)
    assert ("maps/big.md:1:1: error: the file is 5.0 MB; a map or persona file may be at most "
            "2 MB (move long research notes to a page in docs/)") in done.stdout


def test_a_huge_title_is_refused_naming_the_cap(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"maps/m.md": front("title: " + "T" * 1_000_000 + "\n" + STAGES)})
    done = check(project)
    assert_no_traceback(done)
    assert ("maps/m.md:2:8: error: title: the text is 1000000 characters long; keep it to 1000 "
            "at most") in done.stdout
    built = build(project)
    assert built.returncode == 0
    total = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file())
    assert total < 20_000_000


# -- 11. ids that collide once case or Unicode form is ignored ---------------------------
@pytest.mark.parametrize("first, second", [("Ada", "ada"), ("caf\u00e9", "cafe\u0301")])
def test_ids_that_differ_only_by_case_or_form_collide(tmp_path: Path, first: str, second: str) -> None:
    project = project_with(tmp_path, {
        f"maps/personas/{first}.md": front(f"name: {first}\n"),
        f"maps/personas/sub/{second}.md": front(f"name: {second}\n")})
    done = check(project)
    assert_no_traceback(done)
    both = (f"persona ids '{first}' (maps/personas/{first}.md) and '{second}' "
            f"(maps/personas/sub/{second}.md) differ only by capitals or accents and would share "
            "a page on many computers; neither is published until one is renamed or given a "
            "different 'id:'")
    lines = done.stdout.splitlines()
    assert f"maps/personas/{first}.md:2:1: error: {both}" in lines
    assert f"maps/personas/sub/{second}.md:2:1: error: {both}" in lines
    assert done.returncode == 1


def test_the_file_cache_forgets_deleted_files(tmp_path: Path) -> None:
    from cjm_plugin.core.publishing.session import SessionCache
    from cjm_plugin.core.reading import loader

    cache = SessionCache()
    project = project_with(tmp_path, {"maps/gone.md": front("title: Gone\n" + STAGES)})
    loader.load_handbook(project / "maps", root=project, cache=cache)
    assert any("gone.md" in key[0] for key in cache.files)
    (project / "maps/gone.md").unlink()
    loader.load_handbook(project / "maps", root=project, cache=cache)
    assert not any("gone.md" in key[0] for key in cache.files)


# -- drafts ------------------------------------------------------------------------------
def _draft_project(tmp_path: Path, options: str = "") -> Path:
    return project_with(tmp_path, {
        "maps/personas/only-draft.md": front("name: Only in a draft\n"),
        "maps/future.md": front("title: Future draft\ntype: future-state\nstatus: draft\n"
                                "compares: current\npersona: only-draft\n" + STAGES),
        "maps/current.md": front("title: Current\nstatus: published\ncompares: future\n"
                                 "persona: dina\n" + STAGES),
        "maps/nostatus.md": front("title: No status\npersona: dina\n" + STAGES)}, options=options)


def test_drafts_are_left_out_of_a_build(tmp_path: Path) -> None:
    project = _draft_project(tmp_path)
    done = build(project, "--strict")
    assert done.returncode == 0, output(done)
    site = project / "site"
    assert not (site / "maps/future/index.html").exists()
    assert not (site / "maps/future.json").exists()
    assert not (site / "maps/nostatus/index.html").exists()
    assert (site / "maps/current/index.html").is_file()
    everything = "".join(p.read_text(errors="replace") for p in site.rglob("*")
                         if p.suffix in (".html", ".json", ".csv"))
    assert "Future draft" not in everything and "No status" not in everything
    current = BeautifulSoup((site / "maps/current/index.html").read_text(), "html.parser")
    assert not [a for a in current.select("article a[href]") if "future" in a["href"]]
    persona = BeautifulSoup((site / "personas/only-draft/index.html").read_text(), "html.parser")
    assert not [a for a in persona.select("article a[href]") if "maps/" in a["href"]
                and "future" in a["href"]]
    assert "2 draft maps are not published" in output(done)


def test_drafts_are_published_when_the_site_says_so(tmp_path: Path) -> None:
    project = _draft_project(tmp_path, options=":\n      draft: true")
    done = build(project, "--strict")
    assert done.returncode == 0, output(done)
    assert (project / "site/maps/future/index.html").is_file()
    assert (project / "site/maps/nostatus/index.html").is_file()


def test_drafts_are_shown_and_marked_in_serve_and_a_bomb_saved_while_serving_is_refused(
        tmp_path: Path) -> None:
    project = _draft_project(tmp_path)
    with serving(project) as server:
        assert server.wait_for("maps/future/", "cjm-draft-note", seconds=120), server.log
        page = BeautifulSoup(server.fetch("maps/future/"), "html.parser")
        note = page.select_one("p.cjm-draft-note")
        assert note.get_text(" ", strip=True).startswith("Draft: this map is shown in previews only")
        assert "cjm-draft-note" not in server.fetch("maps/current/")
        write_raw(project / "maps/bomb.md", front(merge_bomb() + "title: T\n" + STAGES))
        deadline = time.monotonic() + 120
        while "maps/bomb.md:2:" not in server.log and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "merge keys ('<<') are not part of the map format" in server.log
        assert server.wait_for("maps/current/", "Current")
    assert "Traceback" not in server.log
