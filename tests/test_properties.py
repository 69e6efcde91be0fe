"""Property-based: whatever a contributor writes, ``cjm check`` and the plugin answer
with located one-line errors, never a traceback.

File contents are generated as arbitrary text, arbitrary bytes, text between front-matter
fences, random YAML structures (known field names with wrong types, unknown keys, deep
nesting) and random edits of a valid map.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import MAP, PERSONA, make_project, run_build

from cjm_plugin.cli import main

LINE = re.compile(r"^maps/(m\d\d|personas/p\d\d)\.md:(\d+):(\d+): (error|warning): .")
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings? in \d+ files?$")
GOOD = MAP.format(title="Good map", persona="dina")
FIELDS = ["title", "type", "persona", "personas", "goal", "owner", "status", "updated",
          "review_every", "tags", "compares", "lanes", "stages", "id", "name", "score",
          "steps", "actors", "thinking", "pain_points", "description", "role", "quote"]

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=20), st.dates().map(str), st.sampled_from(
        ["current-state", "draft", "dina", "2026-02-30", "weekly", "yes", "~", "- x", ": y",
         "line\nbreak", "x\u2029y"]))
KEYS = st.one_of(st.sampled_from(FIELDS), st.text(max_size=12),
                 st.sampled_from(["a\nb", "x\u2028y", "type\r"]))
STRUCTURES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25)


def _map_like(draw_value: dict) -> str:
    return "---\n" + yaml.safe_dump(draw_value, allow_unicode=True) + "---\nBody.\n"


def _edit(text: str, edits: list[tuple[int, int, str]]) -> str:
    for pos, cut, insert in edits:
        pos %= len(text) + 1
        text = text[:pos] + insert + text[pos + cut:]
    return text


CONTENT = st.one_of(
    st.text(),
    st.binary(),
    st.text().map(lambda t: "---\n" + t + "\n---\n"),
    STRUCTURES.map(lambda v: "---\n" + yaml.safe_dump(v, allow_unicode=True) + "---\n"),
    st.dictionaries(st.sampled_from(FIELDS), STRUCTURES, min_size=1).map(_map_like),
    st.lists(st.tuples(st.integers(0, 400), st.integers(0, 5),
                       st.text(alphabet="-:[]{}'\"#&*!|>%@`\t\n ,?x1", max_size=3)),
             min_size=1, max_size=6).map(lambda e: _edit(GOOD, e)),
)


def _write(folder: Path, rel: str, content: str | bytes) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8", "surrogatepass"))


def _assert_located(out: str, files: dict[str, str | bytes]) -> None:
    lines = out.split("\n")[:-1]  # print() ends each line with "\n"; nothing else may
    assert lines and SUMMARY.match(lines[-1]), out
    for line in lines[:-1]:
        match = LINE.match(line)
        assert match, f"not a located one-line message: {line!r}"
        content = files[match.group(1)]
        # YAML also counts U+0085, U+2028 and U+2029 as line breaks (editors differ).
        count = (content.count(b"\n") if isinstance(content, bytes) else
                 len(re.split("\r\n|[\r\n\x85\u2028\u2029]", content)))
        assert 1 <= int(match.group(2)) <= count + 1, line


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(maps=st.lists(CONTENT, min_size=1, max_size=3), persona=CONTENT)
def test_check_answers_any_file_with_located_lines(capsys, monkeypatch, maps, persona) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        monkeypatch.chdir(tmp)
        folder = Path(tmp) / "maps"
        files: dict[str, str | bytes] = {"personas/p00": persona}
        _write(folder, "personas/p00.md", persona)
        _write(folder, "personas/dina.md", "---\nname: Dina\n---\n")
        for i, content in enumerate(maps):
            files[f"m{i:02}"] = content
            _write(folder, f"m{i:02}.md", content)
        try:
            code = main(["check", "maps", "--today", "2026-11-23"])
        except RecursionError as exc:  # a traceback for the contributor
            pytest.fail(f"cjm check raised {exc!r}")
        out, err = capsys.readouterr()
        assert code in (0, 1)
        assert err == "" and "Traceback" not in out
        _assert_located(out, files)


@settings(max_examples=3, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(contents=st.lists(CONTENT, min_size=8, max_size=8))
def test_lenient_build_survives_any_file(tmp_path_factory, contents) -> None:
    files = {"maps/personas/dina.md": PERSONA.format(name="Dina"), "maps/good.md": GOOD}
    project = make_project(tmp_path_factory.mktemp("broken"), files)
    for i, content in enumerate(contents):
        _write(project / "maps", f"m{i:02}.md", content)
    build = run_build(project)
    assert build.returncode == 0, build.log
    assert "Traceback" not in build.log
    assert (build.site / "maps/good/index.html").is_file()
    for i in range(len(contents)):
        published = (build.site / f"maps/m{i:02}/index.html").is_file()
        reported = re.search(rf"WARNING -  cjm: maps/m{i:02}\.md:\d+:\d+: error: ", build.log)
        assert published != bool(reported), (i, contents[i], build.log[-2000:])
