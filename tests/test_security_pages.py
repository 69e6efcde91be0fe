"""Pull requests are untrusted (issue 19): pages a map could replace, ids that are file
names, numbers that are not numbers, CSV look-alikes and the command line's edges.

Run as ``test_security.py`` runs its cases: real ``cjm check``, ``cjm new`` and
``mkdocs build`` subprocesses under an address-space and a time limit (its
:func:`bounded`). The measured figures are in ``docs/security.md``.
"""

from __future__ import annotations

import csv
import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import FIXED_EPOCH, MAP, serving, tree_digest
from test_security import (
    MEMORY_BOUND,
    STAGES,
    TIME_BOUND,
    assert_no_traceback,
    bounded,
    build,
    check,
    front,
    output,
    project_with,
    write_raw,
)


def published_map(title: str, extra: str = "") -> str:
    return front(f"title: {title}\nstatus: published\npersona: dina\n{extra}" + STAGES)


def links_in(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [str(a["href"]) for a in soup.select("article a[href]")]


# -- a map or persona cannot replace a hand-written page or file -------------------------
HAND = "# Written by hand\n\nThe team's own page.\n"


@pytest.mark.parametrize("kind, hand", [
    ("map", "docs/maps/clash/index.md"),
    ("map", "docs/maps/clash/README.md"),
    ("map", "docs/maps/clash.md"),
    ("map", "docs/maps/clash.json"),
    ("persona", "docs/personas/clash/index.md"),
    ("persona", "docs/personas/clash.md"),
])
def test_a_map_or_persona_never_replaces_a_hand_written_page(
        tmp_path: Path, kind: str, hand: str) -> None:
    source = ("maps/clash.md", published_map("Clash map")) if kind == "map" else \
        ("maps/personas/clash.md", front("name: Clash persona\n"))
    project = project_with(tmp_path, {source[0]: source[1], hand: HAND})
    done = check(project)
    assert_no_traceback(done)
    assert done.returncode == 1, output(done)
    mine = [line for line in done.stdout.splitlines() if line.startswith(f"{source[0]}:2:1: error:")]
    assert len(mine) == 1, done.stdout
    assert hand in mine[0] and f"{kind} 'clash'" in mine[0], mine[0]
    assert "rename" in mine[0] and "move" in mine[0]

    strict = build(project, "--strict")
    assert_no_traceback(strict)
    assert strict.returncode == 1, output(strict)
    assert hand in output(strict)
    lenient = build(project)
    assert_no_traceback(lenient)
    assert lenient.returncode == 0, output(lenient)
    site = project / "site"
    folder = "maps" if kind == "map" else "personas"
    published = site / (f"{folder}/clash.json" if hand.endswith(".json") else f"{folder}/clash/index.html")
    assert "The team's own page." in published.read_text(encoding="utf-8")
    assert not any("Clash map" in p.read_text(encoding="utf-8", errors="replace")
                   for p in site.rglob("*") if p.suffix in (".html", ".json", ".csv"))
    index = links_in(site / f"{folder}/index.html")
    assert not [href for href in index if "clash" in href], index


@pytest.mark.parametrize("hand, generated", [
    ("docs/backlog/backlog.csv", "backlog/backlog.csv"),
    ("docs/insights/metrics.json", "insights/metrics.json"),
    ("docs/assets/cjm/cjm.css", "assets/cjm/cjm.css"),
    ("docs/backlog.md", "backlog/index.html"),
])
def test_a_file_of_the_site_is_never_overwritten_by_a_generated_one(
        tmp_path: Path, hand: str, generated: str) -> None:
    project = project_with(tmp_path, {hand: "hand-made\n"})
    done = check(project)
    assert_no_traceback(done)
    assert done.returncode == 1, output(done)
    lines = [line for line in done.stdout.splitlines() if line.startswith(f"{hand}:1:1: error:")]
    assert len(lines) == 1, done.stdout
    assert generated in lines[0]
    strict = build(project, "--strict")
    assert strict.returncode == 1 and hand in output(strict)
    lenient = build(project)
    assert_no_traceback(lenient)
    assert lenient.returncode == 0, output(lenient)
    dest = project / "site" / (hand[len("docs/"):] if not hand.endswith(".md")
                               else "backlog/index.html")
    assert "hand-made" in dest.read_text(encoding="utf-8")


def test_a_file_where_a_page_needs_a_folder_is_a_clash(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"maps/clash.md": published_map("Clash map"),
                                      "docs/maps/clash": "a file, not a folder\n"})
    done = check(project)
    assert "maps/clash.md:2:1: error:" in done.stdout and "docs/maps/clash " in done.stdout, \
        done.stdout
    lenient = build(project)
    assert_no_traceback(lenient)
    assert lenient.returncode == 0, output(lenient)
    assert (project / "site/maps/clash").read_text() == "a file, not a folder\n"


def test_a_hand_written_index_page_at_the_same_path_is_still_used(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"docs/backlog/index.md": "# Our backlog\n"})
    assert check(project).returncode == 0
    done = build(project, "--strict")
    assert done.returncode == 0, output(done)


# -- one rule for what an id may be --------------------------------------------------------
@pytest.mark.parametrize("path, text", [
    ("maps/m.md", front("id: index.html\ntitle: Odd\nstatus: published\n" + STAGES)),
    ("maps/personas/p.md", front("id: index.html\nname: Odd\n")),
    ("maps/m.md", front("id: Page.HTM\ntitle: Odd\nstatus: published\n" + STAGES)),
])
def test_an_id_that_is_a_file_name_is_refused(tmp_path: Path, path: str, text: str) -> None:
    project = project_with(tmp_path, {path: text})
    done = check(project)
    assert_no_traceback(done)
    lines = [line for line in done.stdout.splitlines() if line.startswith(f"{path}:2:5: error: id:")]
    assert len(lines) == 1, done.stdout
    assert "looks like a file name" in lines[0]
    built = build(project)
    assert_no_traceback(built)
    assert built.returncode == 0, output(built)
    assert (project / "site/maps/good/index.html").is_file()


def test_the_preview_of_a_refused_id_never_collides_with_an_export(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"maps/a.md": published_map("A"),
                                      "maps/a.json.md": published_map("A json")})
    with serving(project) as server:
        assert server.wait_for("maps/a/", "Body.", seconds=120), server.log
        write_raw(project / "maps/b.md", published_map("B later"))
        assert server.wait_for("maps/b/", "B later", seconds=120), server.log
    assert "Traceback" not in server.log, server.log[-3000:]
    assert "a.json" in server.log


# -- numbers and durations -----------------------------------------------------------------
@pytest.mark.parametrize("written", [".inf", "-.inf", ".nan", "1e400", "'1e400'"])
def test_a_metric_that_is_not_a_finite_number_is_refused(tmp_path: Path, written: str) -> None:
    project = project_with(tmp_path, {"maps/m.md": front(
        "title: M\nstatus: published\npersona: dina\nstages:\n  - name: A\n    steps:\n"
        "      - name: S\n        score: 3\n        metrics:\n"
        f"          - {{name: Conversion, value: {written}, target: 3}}\n")})
    done = check(project)
    assert_no_traceback(done)
    lines = [line for line in done.stdout.splitlines() if line.startswith("maps/m.md:11:")]
    assert len(lines) == 1 and ": error:" in lines[0], done.stdout
    assert "finite" in lines[0] or "number" in lines[0], lines[0]
    built = build(project)
    assert built.returncode == 0, output(built)
    assert not (project / "site/maps/m/index.html").exists()


@pytest.mark.parametrize("written", ["1:30", "1:00:00"])
def test_a_sexagesimal_review_period_is_refused(tmp_path: Path, written: str) -> None:
    project = project_with(tmp_path, {"maps/m.md": published_map("M", f"review_every: {written}\n")})
    done = check(project)
    assert_no_traceback(done)
    lines = [line for line in done.stdout.splitlines() if line.startswith("maps/m.md:5:15: error:")]
    assert len(lines) == 1, done.stdout
    assert "review_every" in lines[0]


# -- CSV look-alikes ---------------------------------------------------------------------
LOOK_ALIKES = ["\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\ufeff=1+1", "\u200b=1+1",
               "\u2060=1+1", "|calc", " =1+1", "\t=1+1"]


def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path: Path) -> None:
    items = ", ".join('"' + t.encode("unicode_escape").decode().replace('"', '\\"') + '"'
                      for t in LOOK_ALIKES)
    project = project_with(tmp_path, {"maps/m.md": front(
        "title: M\nstatus: published\nstages:\n  - name: A\n    steps:\n"
        f"      - name: S\n        score: 3\n        pain_points: [{items}]\n")})
    done = build(project, "--strict")
    assert done.returncode == 0, output(done)
    text = (project / "site/backlog/backlog.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = sorted(r["text"] for r in rows if r["map_id"] == "m")
    assert len(cells) == len(LOOK_ALIKES), cells
    assert all(cell.startswith("'") for cell in cells), cells


# -- the command line's edges ----------------------------------------------------------------
def cjm(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return bounded([sys.executable, "-m", "cjm_plugin.cli", *args], project)


def test_cjm_new_refuses_a_title_longer_than_a_map_may_have(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    done = cjm(project, "new", "map", "x" * 10_000, "--persona", "dina")
    assert_no_traceback(done)
    assert done.returncode == 2
    assert done.stderr == ("cjm new: the title is 10000 characters long; keep it to 1000 at most "
                           "(a longer text belongs in the body)\n")
    assert sorted(p.name for p in (project / "maps").iterdir()) == ["good.md", "personas"]


@pytest.mark.parametrize("title", ["x" * 1000, " ".join(["kata"] * 40),
                                   " ".join(["pelanggan"] * 30)])
def test_cjm_new_always_writes_a_file_name_cjm_check_accepts(tmp_path: Path, title: str) -> None:
    project = project_with(tmp_path, {})
    done = cjm(project, "new", "map", title, "--persona", "dina")
    assert_no_traceback(done)
    assert done.returncode == 0, output(done)
    written = project / done.stdout.strip()
    assert written.is_file() and len(written.name) <= 63
    assert "shortened" in done.stderr
    checked = check(project)
    assert written.name not in "\n".join(
        line for line in checked.stdout.splitlines() if "the file name" in line), checked.stdout
    assert f"{written.relative_to(project).as_posix()}:1:1: error: the file name" \
        not in checked.stdout


def test_cjm_check_on_a_named_pipe_says_what_it_is(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    os.mkfifo(project / "pipe")
    done = cjm(project, "check", "pipe")
    assert_no_traceback(done)
    assert done.returncode == 1
    assert "pipe:1:1: error: the maps folder is a named pipe, not a folder" in done.stdout


def test_cjm_check_on_a_device_says_what_it_is(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    done = cjm(project, "check", "/dev/zero")
    assert_no_traceback(done)
    assert done.returncode == 1
    assert "error: the maps folder is a device, not a folder" in done.stdout
    assert "does not exist" not in done.stdout


def test_a_link_to_a_folder_inside_the_maps_folder_is_reported(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"elsewhere/other.md": MAP.format(title="Other", persona="dina")})
    os.symlink(project / "elsewhere", project / "maps/linked")
    done = check(project)
    assert_no_traceback(done)
    assert ("maps/linked:1:1: warning: this is a link to a folder, and cjm does not follow "
            "links; move the folder's files into the maps folder") in done.stdout, done.stdout
    assert done.returncode == 0


# -- a full disk ---------------------------------------------------------------------------
#: Larger than any file of a normal build (Material's largest is about 1 MB), smaller than
#: the page of a map with a 1.9 MB body: writing that page fails as on a full disk.
FILE_SIZE_BOUND = 1_500_000


def build_on_a_full_disk(project: Path) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_BOUND, FILE_SIZE_BOUND))

    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-d",
                           str(project / "site")], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH},
                          timeout=TIME_BOUND, preexec_fn=limit)


def test_a_build_that_fails_half_way_leaves_the_previous_site_as_it_was(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    first = build(project)
    assert first.returncode == 0, output(first)
    before = tree_digest(project / "site")
    write_raw(project / "maps/big.md", front("title: Big\nstatus: published\n" + STAGES,
                                             ("Lorem ipsum dolor sit amet. " * 3_400 + "\n\n") * 20))
    failed = build_on_a_full_disk(project)
    assert failed.returncode != 0, output(failed)
    assert "File too large" in output(failed)
    assert tree_digest(project / "site") == before
    assert sorted(p.name for p in project.iterdir()) == ["docs", "maps", "mkdocs.yml", "site"]
    again = build(project)
    assert again.returncode == 0, output(again)
    assert (project / "site/maps/big/index.html").is_file()
    assert sorted(p.name for p in project.iterdir()) == ["docs", "maps", "mkdocs.yml", "site"]


def test_a_strict_build_that_fails_leaves_the_previous_site_as_it_was(tmp_path: Path) -> None:
    project = project_with(tmp_path, {})
    assert build(project).returncode == 0
    before = tree_digest(project / "site")
    write_raw(project / "maps/bad.md", front("title: Bad\nstatus: published\nstages: []\n"))
    failed = build(project, "--strict")
    assert failed.returncode == 1, output(failed)
    assert tree_digest(project / "site") == before
    assert sorted(p.name for p in project.iterdir()) == ["docs", "maps", "mkdocs.yml", "site"]
