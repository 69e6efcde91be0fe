"""The writer's whole loop, in Indonesian, as issue 20 tells it: last quarter's workshop
sheet is imported, `cjm check` says in Indonesian what to fix, the fix is committed, a
change on a branch is summarised by `cjm diff` as a pull-request comment would show it,
and the map is exported back to a sheet for the next workshop, which imports to the
same map. Every step runs the real `cjm` in a real Git repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook, load_workbook

from cjm_plugin.core.publishing.exports import map_record
from cjm_plugin.core.reading.loader import load_handbook

CJM = Path(sys.executable).with_name("cjm")
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000"}  # 2026-11-23
ENV.pop("CJM_LANG", None)


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=ENV, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def cjm(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(cwd, str(CJM), *args)


def git(cwd: Path, *args: str) -> None:
    done = run(cwd, "git", "-c", "user.name=Sari", "-c", "user.email=sari@example.org", *args)
    assert done.returncode == 0, done.stderr


def workshop_sheet(path: Path) -> None:
    """The table the practitioners' guides draw: questions as rows, steps as columns
    under merged stage names, steps only numbered, one score left blank."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Lokakarya Q3"
    sheet.append(["Tahap", "Kesadaran", "", "Pembelian", ""])
    sheet.merge_cells("B1:C1")
    sheet.merge_cells("D1:E1")
    sheet.append(["", "Langkah 1", "Langkah 2", "Langkah 3", "Langkah 4"])
    sheet.append(["Apa tindakan pelanggan?", "Melihat iklan di Instagram", "Membaca ulasan",
                  "Memesan di Tokopedia", "Membayar"])
    sheet.append(["Apa yang pelanggan pikirkan atau rasakan?", "Penasaran", "Ragu soal kualitas",
                  "Semangat", "Cemas ongkir mahal"])
    sheet.append(["Apa titik kontak pelanggan dengan bisnis?", "Instagram", "Tokopedia",
                  "Tokopedia", "Tokopedia"])
    sheet.append(["Apa yang ingin kita ubah dari langkah ini?", "Video terlalu panjang",
                  "Ulasan sedikit", "", "Ongkir tidak jelas"])
    sheet.append(["Bagaimana kita akan melakukan perubahan ini?", "Video 15 detik",
                  "Minta ulasan", "", "Tampilkan ongkir di awal"])
    sheet.append(["Skor emosi", 3, 2, None, 2])
    book.save(path)


def record(root: Path, ident: str) -> dict:
    book = load_handbook(root / "maps", root=root)
    return map_record(book.maps[ident])


def test_an_indonesian_writer_goes_from_sheet_to_pull_request_and_back(tmp_path: Path) -> None:
    root = tmp_path / "toko-mainan"
    (root / "maps/personas").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# Beranda\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Toko Mainan\ntheme:\n  name: material\n"
                                     "  language: id\nplugins:\n  - search\n  - cjm\n",
                                     encoding="utf-8")
    (root / "maps/personas/sari.md").write_text("---\nname: Sari\n---\n", encoding="utf-8")
    git(root, "init", "--quiet", "-b", "main")
    workshop_sheet(tmp_path / "lokakarya.xlsx")

    # 1. The sheet becomes a map; cjm says, in Indonesian, what it read where.
    imported = cjm(root, "import", str(tmp_path / "lokakarya.xlsx"), "--persona", "sari",
                   "--title", "Belanja mainan kayu")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "maps/belanja-mainan-kayu.md"
    assert "baris 5 'Apa titik kontak pelanggan dengan bisni…' → touchpoints" in imported.stderr
    assert "1 langkah tanpa skor" in imported.stderr
    assert "jenis: current-state (kondisi saat ini), karena lembarnya tidak menyebut" in imported.stderr
    map_file = root / "maps/belanja-mainan-kayu.md"

    # 2. cjm check, in the site's language, points at the score left to set.
    checked = cjm(root, "check")
    assert checked.returncode == 0, checked.stdout  # a warning, not an error
    lines = checked.stdout.splitlines()
    assert lines[0].startswith("maps/belanja-mainan-kayu.md:")
    assert ": peringatan: tahap 2 'Pembelian', langkah 1 'Memesan di Tokopedia', score: " in lines[0]
    assert "hapus komentar '# TODO'" in lines[0]
    assert lines[-1] == "0 kesalahan, 1 peringatan di 2 berkas"
    line_no = int(lines[0].split(":")[1])
    text = map_file.read_text(encoding="utf-8").splitlines()
    assert "# TODO" in text[line_no - 1]
    text[line_no - 1] = text[line_no - 1].split("score:")[0] + "score: 4"
    map_file.write_text("\n".join(text) + "\n", encoding="utf-8")
    assert cjm(root, "check").stdout.splitlines()[-1] == "0 kesalahan, 0 peringatan di 2 berkas"
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "Peta dari lokakarya")

    # 3. On a branch the writer raises a score and closes a pain point; the pull
    #    request's comment shows both, in Indonesian, with the new journey.
    git(root, "checkout", "--quiet", "-b", "perbaikan")
    changed = map_file.read_text(encoding="utf-8")
    changed = changed.replace("name: Membayar\n        score: 2", "name: Membayar\n        score: 4")
    changed = changed.replace("          - Ongkir tidak jelas\n", "")
    map_file.write_text(changed, encoding="utf-8")
    diff = cjm(root, "diff", "main")
    assert diff.returncode == 0, diff.stderr
    summary = diff.stdout
    assert summary.startswith("<!-- cjm-diff -->\n")
    assert "### Peta berubah: Belanja mainan kayu" in summary
    assert "skor 2 → 4 (Negatif → Positif)" in summary
    assert "Ongkir tidak jelas" in summary
    journey = summary.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert "section Pembelian\n" in journey and "    Membayar: 4\n" in journey

    # 4. Back to a sheet for the next workshop, and in again: the same map.
    sheet = tmp_path / "untuk-lokakarya.xlsx"
    exported = cjm(root, "export", "belanja-mainan-kayu", "--format", "xlsx", "-o", str(sheet))
    assert exported.returncode == 0, exported.stderr
    rows = [[c for c in row if c is not None] for row in load_workbook(sheet).active.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Tahap", "Kesadaran", "Pembelian"]
    again = cjm(root, "import", str(sheet), "--id", "lagi")
    assert again.returncode == 0, again.stderr
    first, second = record(root, "belanja-mainan-kayu"), record(root, "lagi")
    for rec in (first, second):
        rec.pop("id"), rec.pop("source", None)
    assert second == first
