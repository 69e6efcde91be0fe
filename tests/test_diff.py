"""`cjm diff`: a pull request's map changes as a reviewer reads them.

Every test makes a real Git repository in a temporary folder, commits maps, changes
them and runs the real `cjm diff` as a process; the hostile-name test renders the
Markdown with a CommonMark renderer and reads the HTML.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from support import REPO

from cjm_plugin.core.views.mermaid import clean_label
from cjm_plugin.core.writing.diff_markdown import _BIDI, markdown_text

PERSONA = "---\nname: Sari\n---\n"
MAP = """\
---
title: Belanja mainan
persona: sari
status: draft
owner: Tim CX
updated: 2026-01-05
stages:
  - name: Kesadaran
    steps:
      - name: Melihat iklan
        score: 2
        pain_points:
          - Video terlalu panjang
          - Harga tidak jelas
      - name: Membuka toko
        score: 3
  - name: Pembelian
    steps:
      - name: Membayar
        score: 2
        pain_points:
          - text: Checkout lambat
            status: planned
---
Notes.
"""


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                           "-c", "init.defaultBranch=main", *args],
                          cwd=cwd, check=True, capture_output=True, text=True, timeout=60)
    return done.stdout


def cjm_diff(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "cjm_plugin.cli", "diff", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A team's handbook on `main` with one map and a persona, then a branch `change`."""
    root = tmp_path / "team"
    root.mkdir()
    git(root, "init", "--quiet")
    write(root, "mkdocs.yml", "site_name: T\nplugins:\n  - cjm\n")
    write(root, "maps/personas/sari.md", PERSONA)
    write(root, "maps/belanja.md", MAP)
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "first")
    git(root, "checkout", "--quiet", "-b", "change")
    return root


def edit(repo: Path, *pairs: tuple[str, str], rel: str = "maps/belanja.md") -> None:
    text = (repo / rel).read_text("utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    write(repo, rel, text)


def summary(repo: Path, *args: str) -> str:
    done = cjm_diff(repo, *args)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "<!-- cjm-diff -->"
    return done.stdout


def test_a_renamed_step_rescored_and_a_pain_point_closed(repo: Path) -> None:
    edit(repo, ("Melihat iklan\n        score: 2", "Melihat iklan pendek\n        score: 4"),
         ("          - Harga tidak jelas\n", ""), ("status: planned", "status: done"))
    out = summary(repo)
    assert "### Map changed: Belanja mainan\n" in out
    assert ("- Renamed: _Kesadaran_ › Melihat iklan → Melihat iklan pendek; score 2 → 4 "
            "(Negative → Positive)\n") in out
    assert ("- _Kesadaran_ › Melihat iklan pendek, Pain points: removed “Harga tidak jelas”\n"
            in out)
    assert "- _Pembelian_ › Membayar, Pain points: “Checkout lambat” Planned → Done\n" in out
    assert "Added:" not in out and "Removed:" not in out  # a rename is not a removal


def test_a_score_change_alone_and_the_map_fields(repo: Path) -> None:
    edit(repo, ("Membayar\n        score: 2", "Membayar\n        score: 4"),
         ("status: draft", "status: published"), ("owner: Tim CX", "owner: Tim Produk"),
         ("updated: 2026-01-05", "updated: 2026-06-01\nreview_every: 30"))
    out = summary(repo)
    assert "- _Pembelian_ › Membayar score 2 → 4 (Negative → Positive)\n" in out
    assert "- **Status:** Draft → Published\n" in out
    assert "- **Owner:** Tim CX → Tim Produk\n" in out
    assert "- **Last review \\(updated\\):** 2026\\-01\\-05 → 2026\\-06\\-01\n" in out
    assert "- **Review every \\(days\\):** — → 30\n" in out


def test_a_metric_with_a_new_value_is_the_same_metric(repo: Path) -> None:
    edit(repo, ("      - name: Membuka toko\n", "      - name: Membuka toko\n        metrics:\n"
                "          - {name: Conversion, value: 2, unit: '%', target: 5}\n"))
    git(repo, "commit", "--quiet", "-am", "a metric")
    edit(repo, ("value: 2,", "value: 4,"))
    out = summary(repo, "HEAD")
    assert ("- _Kesadaran_ › Membuka toko, Metrics: “Conversion: 2 % \\(target 5 %\\)” → "
            "“Conversion: 4 % \\(target 5 %\\)”\n") in out
    assert "removed" not in out and "added" not in out


def test_the_journey_of_the_new_version_is_a_mermaid_block(repo: Path) -> None:
    edit(repo, ("Membayar\n        score: 2", "Membayar sekali klik\n        score: 5"))
    out = summary(repo)
    block = out.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert block == ("journey\ntitle Belanja mainan\nsection Kesadaran\n    Melihat iklan: 2\n"
                     "    Membuka toko: 3\nsection Pembelian\n    Membayar sekali klik: 5\n")


def test_new_deleted_and_broken_maps(repo: Path) -> None:
    write(repo, "maps/lama.md", MAP.replace("Belanja mainan", "Peta lama"))
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "old map on the branch base")
    git(repo, "branch", "--quiet", "-f", "main")
    git(repo, "rm", "--quiet", "maps/lama.md")
    write(repo, "maps/baru.md", MAP.replace("Belanja mainan", "Peta baru"))
    write(repo, "maps/rusak.md", MAP.replace("- name: Membayar", '- name: "Beli 3 gratis 1" membayar'))
    write(repo, "maps/personas/budi.md", "---\nname: Budi\n---\n")  # a persona is no map
    write(repo, "maps/README.md", "# About\n")
    out = summary(repo)
    assert "### New map: Peta baru\n\nmaps/baru\\.md · 2 stages, 3 steps\n" in out
    assert "### Map removed: Peta lama\n\nmaps/lama\\.md\n" in out
    assert "### Map does not parse: maps/rusak\\.md\n\n- line 19, column 15: the text ends" in out
    assert "budi" not in out and "README" not in out
    assert out.count("### ") == 3
    assert out.count("```mermaid") == 1  # the new map's; the removed and broken have none


def test_hostile_names_stay_text_in_the_comment(repo: Path) -> None:
    hostile = ("<img src=x onerror=alert(1)> @someone [click](javascript:alert(1)) #12 "
               "**bold** | a | `code` $x$ &amp;")  # (bidi overrides are refused in values)
    edit(repo, ("- name: Membuka toko", f'- name: "{hostile}"'),
         ("title: Belanja mainan", 'title: "<script>x</script> @team"'))
    out = summary(repo)
    html = MarkdownIt("commonmark").enable("table").render(out.split("```mermaid")[0])
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["img", "a", "script", "code", "table"]), html
    assert [s.get_text() for s in soup.find_all("strong")] == ["Title:", "Steps"]
    text = soup.get_text()
    assert "<img src=x onerror=alert(1)>" in text and "<script>x</script>" in text
    assert "[click](javascript:alert(1))" in text and "**bold**" in text and "&amp;" in text
    assert "@someone" not in text and "@\u2060someone" in text  # no mention, no notification
    assert "#12" not in text and "@team" not in text
    assert "\u202e" not in out
    block = out.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert "<" not in block and "`" not in block


def test_base_and_head_revisions_and_an_output_file(repo: Path, tmp_path: Path) -> None:
    edit(repo, ("status: draft", "status: review"))
    git(repo, "commit", "--quiet", "-am", "review")
    edit(repo, ("status: review", "status: published"))  # not committed: not in HEAD
    done = cjm_diff(repo, "main", "HEAD", "-o", str(tmp_path / "summary.md"))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    out = (tmp_path / "summary.md").read_text("utf-8")
    assert out.startswith("<!-- cjm-diff -->\n")
    assert "Compared main with HEAD." in out
    assert "- **Status:** Draft → In review\n" in out
    assert "- **Status:** Draft → Published\n" in summary(repo, "main")


def test_the_default_base_is_where_the_branch_left_the_default_branch(repo: Path,
                                                                      tmp_path: Path) -> None:
    # Without a remote: `main`.
    edit(repo, ("status: draft", "status: review"))
    git(repo, "commit", "--quiet", "-am", "on the branch")
    git(repo, "checkout", "--quiet", "main")
    edit(repo, ("owner: Tim CX", "owner: Tim Lain"))
    git(repo, "commit", "--quiet", "-am", "main moved on")
    git(repo, "checkout", "--quiet", "change")
    out = summary(repo)
    assert "- **Status:** Draft → In review\n" in out
    assert "Tim Lain" not in out  # main's later commit is not the branch's change
    # A clone: `origin/HEAD`, even when no local `main` exists.
    clone = tmp_path / "clone"
    git(repo, "checkout", "--quiet", "main")  # the remote's HEAD, which a clone records
    git(tmp_path, "clone", "--quiet", str(repo), str(clone))
    git(clone, "checkout", "--quiet", "-b", "work")
    git(clone, "branch", "--quiet", "-D", "main")
    edit(clone, ("score: 3", "score: 1"))
    out = summary(clone)
    assert "- _Kesadaran_ › Membuka toko score 3 → 1 (Neutral → Very negative)\n" in out
    assert "Tim Lain" not in out and "In review" not in out


def test_no_change_and_bad_revisions(repo: Path) -> None:
    out = summary(repo)
    assert "No journey map changed.\n" in out
    for bad in ("--output=/tmp/x", "no-such-branch"):
        done = cjm_diff(repo, bad) if not bad.startswith("-") else cjm_diff(repo, "--", bad)
        assert done.returncode == 2, done.stdout + done.stderr
        assert done.stderr.startswith("cjm diff: ") and "Traceback" not in done.stderr
        assert done.stdout == ""


def test_outside_a_git_repository(tmp_path: Path) -> None:
    write(tmp_path, "maps/x.md", MAP)
    done = cjm_diff(tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("cjm diff: ") and "is not in a Git repository" in done.stderr


def test_only_the_text_below_the_front_matter_or_comments_changed(repo: Path) -> None:
    edit(repo, ("Notes.", "More notes."))
    out = summary(repo)
    assert "The page's text below the front\\-matter changed\\.\n" in out
    assert "**Steps**" not in out and "unchanged" not in out
    edit(repo, ("More notes.", "Notes."), ("status: draft", "status: draft  # for now"))
    assert "The journey is unchanged \\(only comments" in summary(repo)


def test_the_summary_fits_a_github_comment(repo: Path) -> None:
    def big(shift: int) -> str:
        steps = "".join(f"      - name: Langkah nomor {i} dengan nama yang cukup panjang\n"
                        f"        score: {(i + shift) % 5 + 1}\n" for i in range(300))
        return "---\ntitle: Peta besar\nstages:\n  - name: Semua\n    steps:\n" + steps + "---\n"

    for n in range(12):
        write(repo, f"maps/besar-{n:02d}.md", big(0))
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "big maps")
    for n in range(12):
        write(repo, f"maps/besar-{n:02d}.md", big(1))  # every score changes
    out = summary(repo, "HEAD")
    assert len(out) <= 65_536
    assert out.splitlines()[-1].startswith("The summary is cut here: GitHub allows 65,536 "
                                           "characters in a comment.")
    assert out.count("```") % 2 == 0  # every Mermaid block is closed
    assert "besar\\-00" in out  # the first maps are shown


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(alphabet=st.sampled_from("ab @#:/<>&;*_`[]()!\\|~$=+-.\"'{}^%1 \t\n"), max_size=60),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)))
def test_any_text_from_a_map_renders_as_itself(text: str) -> None:
    """Whatever a name holds, CommonMark shows its characters and makes no element of it."""
    shown = markdown_text(text)
    html = MarkdownIt("commonmark").render(f"x {shown} y")
    soup = BeautifulSoup(html, "html.parser")
    assert [t.name for t in soup.find_all()] == ["p"], html
    expected = clean_label(_BIDI.sub("", text))
    assert soup.get_text().strip("\n").replace("\u2060", "") == f"x {expected} y".strip()


def test_a_new_step_and_a_new_stage_show_their_lanes(repo: Path) -> None:
    """A reviewer reads what a new step brings (its pain points, its opportunities), not
    only its name and score; a new stage's own lanes too."""
    edit(repo, ("      - name: Membuka toko\n        score: 3\n",
                "      - name: Membuka toko\n        score: 3\n"
                "      - name: Bertanya di WhatsApp\n        score: 2\n"
                "        pain_points: [Balasan lama]\n        opportunities: [Balasan otomatis]\n"),
         ("---\nNotes.", "  - name: Pengiriman\n    pain_points: [Kurir telat]\n    steps:\n"
                         "      - name: Menunggu\n        score: 2\n---\nNotes."))
    out = summary(repo)
    assert "Bertanya di WhatsApp" in out
    lanes = out[out.index("**Lanes**"):]
    assert "Balasan lama" in lanes and "Balasan otomatis" in lanes and "Kurir telat" in lanes, out


def test_the_text_format_reads_as_plain_text_in_a_terminal(repo: Path) -> None:
    """`cjm diff --format text` (the default in a terminal): no bot marker, no Markdown
    escapes or emphasis, no diagram; a map's text shows as written. (A control character,
    which could drive the terminal, never gets this far: the map would not parse.)"""
    edit(repo, ("        score: 3\n", "        score: 4\n"),
         ("          - Harga tidak jelas\n", "          - Harga tidak jelas\n          - \"Ongkir: *mahal* <b>(Rp 50.000)\"\n"))
    done = cjm_diff(repo, "--format", "text")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "<!--" not in out and "\\" not in out and "**" not in out and "```" not in out, out
    assert "maps/belanja.md" in out
    assert "Kesadaran › Membuka toko" in out and "score 3 → 4" in out, out
    assert "Ongkir: *mahal* <b>(Rp 50.000)" in out, out
    # Markdown stays what a pipe or -o gets (the pull-request workflow).
    assert summary(repo).startswith("<!-- cjm-diff -->")
