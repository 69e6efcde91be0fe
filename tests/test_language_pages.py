"""An Indonesian handbook, as its readers and writers meet it: pages with no English label
and numbers and dates written the Indonesian way, the build's log lines about cjm and
the preview's problem box in Indonesian. Real builds and a real `mkdocs serve`.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from support import REPO, make_project, run_build, serving

PERSONA = "---\nname: Dewi\nrole: Ibu rumah tangga\n---\n"
MAP = """\
---
title: Belanja mainan kayu
persona: dewi
status: published
updated: 2026-10-01
stages:
  - name: Kesadaran
    steps:
      - name: Melihat video toko
        score: 2
        pain_points:
          - text: Video terlalu panjang
            status: in-progress
            priority: high
          - text: Nama toko baru muncul di akhir
            status: planned
            priority: low
        opportunities:
          - text: Video 15 detik
            status: idea
            priority: medium
        metrics:
          - name: Penonton video
            value: 18000
            target: 25000
            kind: conversion
            as_of: 2026-10-01
            source: Dasbor iklan
          - name: Waktu menonton
            value: 12.5
            unit: detik
            target: 10
            kind: time
---
Catatan.
"""
BROKEN = MAP.replace("        score: 2\n", "        score: 9\n").replace("title: Belanja mainan kayu",
                                                                             "title: Belanja rusak")


def _labels(code: str) -> dict[str, str]:
    return yaml.safe_load((REPO / "cjm_plugin/core/locales" / f"{code}.yml").read_text("utf-8"))


def _project(tmp_path: Path, maps: dict[str, str]) -> Path:
    return make_project(tmp_path / "toko", {"maps/personas/dewi.md": PERSONA, **maps}, language="id")


def test_an_indonesian_page_has_no_english_label_and_indonesian_numbers(tmp_path: Path) -> None:
    build = run_build(_project(tmp_path, {"maps/belanja.md": MAP}), "--strict")
    assert build.returncode == 0, build.log
    page = BeautifulSoup(build.page("maps/belanja/"), "html.parser")
    shown = " ".join(" ".join(part.get_text(" ").split()) for part in page.select(".cjm"))
    # Numbers and dates as Indonesian readers write them.
    assert re.search(r"Penonton video ?: 18\.000", shown), shown
    assert "25.000" in shown and "18000" not in shown and "25,000" not in shown
    assert "12,5 detik" in shown
    assert "1 Okt 2026" in shown
    # The labels the plugin writes (metric kinds, progress, priorities…) are Indonesian.
    for word in ("konversi", "waktu", "Sedang dikerjakan", "Direncanakan", "Ide", "Tinggi", "Rendah",
                 "Sedang", "makin tinggi makin baik", "makin rendah makin baik"):
        assert word in shown, word
    english, indonesian = _labels("en"), _labels("id")
    for url in ("maps/belanja/", "maps/", "personas/dewi/", "backlog/", "touchpoints/", "insights/",
                "reviews/"):
        html = BeautifulSoup(build.page(url), "html.parser")
        text = " ".join(" ".join(part.get_text(" ").split()) for part in html.select(".cjm"))
        assert text, url
        left = sorted(label for key, label in english.items()
                      if label != indonesian.get(key) and "{" not in label and len(label) > 3
                      and re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text))
        assert left == [], f"English labels on the Indonesian page {url}: {left}"
    insights = " ".join(BeautifulSoup(build.page("insights/"), "html.parser").get_text(" ").split())
    assert "18.000" in insights and "25.000" in insights


def test_the_builds_lines_about_cjm_are_in_indonesian(tmp_path: Path) -> None:
    build = run_build(_project(tmp_path, {"maps/belanja.md": MAP, "maps/rusak.md": BROKEN}))
    assert build.returncode == 0, build.log
    assert build.plugin_lines == [
        "WARNING -  cjm: maps/rusak.md:10:16: kesalahan: tahap 1 'Kesadaran', langkah 1 'Melihat "
        "video toko', score: skor emosi harus bilangan bulat dari 1 (sangat negatif) sampai 5 "
        "(sangat positif), bukan 9",
        "INFO    -  cjm: 1 kesalahan di 1 berkas; berkas itu tidak dimuat di situs (jalankan "
        "`cjm check` untuk melihat daftarnya)"]


def test_the_serve_problem_box_is_in_indonesian(tmp_path: Path) -> None:
    project = _project(tmp_path, {"maps/belanja.md": MAP, "maps/rusak.md": BROKEN})
    with serving(project) as server:
        assert server.wait_for("maps/rusak/", "cjm-problems")
        page = server.fetch("maps/rusak/")
    box = BeautifulSoup(page, "html.parser").select_one(".cjm-problems")
    assert box is not None
    assert box.select_one(".admonition-title").get_text() == "Peta ini memiliki kesalahan"
    assert [th.get_text() for th in box.select("th")] == ["Berkas", "Baris", "Kolom", "Masalah"]
    cells = [td.get_text() for td in box.select("tr.cjm-problem td")]
    assert cells == ["maps/rusak.md", "10", "16",
                     "Kesalahan: tahap 1 'Kesadaran', langkah 1 'Melihat video toko', score: skor "
                     "emosi harus bilangan bulat dari 1 (sangat negatif) sampai 5 (sangat positif), "
                     "bukan 9"]
