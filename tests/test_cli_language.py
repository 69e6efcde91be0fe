"""The cjm command's own words (help, usage, argument errors) in the writer's language."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import make_project

CJM = Path(sys.executable).with_name("cjm")


def cjm(cwd: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CJM_LANG"}
    if lang:
        env["CJM_LANG"] = lang
    return subprocess.run([str(CJM), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=120)


def test_help_follows_the_sites_language(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site", {}, language="id")
    done = cjm(project, "new", "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("cara pakai: cjm new")
    assert "tampilkan bantuan ini lalu keluar" in done.stdout
    assert "judul peta atau nama persona" in done.stdout
    assert "usage:" not in done.stdout and "show this help" not in done.stdout


def test_a_missing_argument_is_said_in_indonesian_with_what_to_do(tmp_path: Path) -> None:
    done = cjm(tmp_path, "new", "map", lang="id")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "cjm new: kesalahan: belum diisi: name" in done.stderr
    assert "'cjm new --help' menjelaskan apa yang perlu ditulis." in done.stderr


def test_a_wrong_choice_and_a_bad_date_are_said_in_the_language_asked(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site", {})
    wrong = cjm(project, "check", "--lang", "id", "--format", "xml")
    assert "--format: 'xml' bukan salah satu dari 'text', 'github', 'json'" in wrong.stderr
    date = cjm(project, "check", "--lang=id", "--today", "2020-13-01")
    assert date.returncode == 2
    assert "--today: bukan tanggal (TTTT-BB-HH): '2020-13-01'" in date.stderr


def test_english_stays_english_and_the_command_list_is_complete(tmp_path: Path) -> None:
    done = cjm(tmp_path, "--help")
    assert done.stdout.startswith("usage: cjm")
    for command in ("check", "schema", "new", "build", "serve", "diff", "import", "export"):
        assert f"    {command} " in done.stdout
    missing = cjm(tmp_path, "export", "x")
    assert "cjm export: error: missing: -o/--output" in missing.stderr


def test_a_new_file_links_the_handbooks_own_guide_when_it_has_one(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site", {"docs/panduan-penulis.md": "# Panduan\n"},
                           language="id")
    yml = project / "mkdocs.yml"
    text = yml.read_text("utf-8")
    assert "site_url: http://127.0.0.1/\n" in text
    yml.write_text(text.replace("site_url: http://127.0.0.1/\n", "site_url: https://cx.contoh.id/handbook/\n"),
                   "utf-8")
    assert cjm(project, "new", "persona", "Sari").returncode == 0
    persona = (project / "maps" / "personas" / "sari.md").read_text("utf-8")
    assert "# Panduan penulis: https://cx.contoh.id/handbook/panduan-penulis/" in persona
    # Without site_url: the file in the repository, which GitHub shows.
    yml.write_text(yml.read_text("utf-8").replace("site_url: https://cx.contoh.id/handbook/\n", ""), "utf-8")
    assert cjm(project, "new", "map", "Belanja", "--persona", "sari").returncode == 0
    assert "# Panduan penulis: docs/panduan-penulis.md" in (project / "maps" / "belanja.md").read_text("utf-8")


def test_a_mistyped_command_gets_the_nearest_one(tmp_path: Path) -> None:
    done = cjm(tmp_path, "bulid", lang="id")
    assert done.returncode == 2
    assert "cjm tidak punya perintah 'bulid'; maksud Anda 'build'?" in done.stderr


def test_the_new_commands_help_has_one_options_section_and_explains_the_kind(tmp_path: Path) -> None:
    done = cjm(tmp_path, "new", "--help", lang="id")
    assert done.stdout.count("pilihan:") == 1
    assert "apa yang dimulai: peta perjalanan (map) atau persona" in done.stdout
    missing = cjm(tmp_path, "new", lang="id")
    assert "belum diisi: {map,persona}, name" in missing.stderr
