"""The contributor's mistakes: each slip a non-programmer makes, and the exact message
`cjm check` answers with. A message names the spot (file, line, column), says what is
wrong in the contributor's words (stage 2 'Registration', not ``stages[1]``) and what to
do. The machine path stays in ``--format json``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import support

from cjm_plugin.cli import main

ON = "2026-11-23"
PERSONAS = {"hendra": "Hendra", "dewi": "Dewi"}


def front(text: str) -> str:
    return support.front(text, "Body.\n")


@pytest.fixture
def maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("CJM_LANG", raising=False)
    folder = tmp_path / "maps"
    for pid, name in PERSONAS.items():
        (folder / "personas").mkdir(parents=True, exist_ok=True)
        (folder / "personas" / f"{pid}.md").write_text(f"---\nname: {name}\n---\n", encoding="utf-8")
    return folder


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["check", "--today", ON, *args])
    return code, capsys.readouterr().out.splitlines()


def one_step(rest: str) -> str:
    """A map whose stage 'A' has one step, 'Opens the app' (line 7), then ``rest``: the
    lines each case below gets right or wrong, indented as in the file."""
    return front("title: T\npersona: hendra\nstages:\n  - name: A\n    steps:\n"
                 "      - name: Opens the app\n" + rest)


STEP_TOO_LITTLE = front("""\
    title: T
    persona: hendra
    stages:
      - name: Registration
        steps:
          - name: Opens the app
            score: 3
         - name: Enters phone number
            score: 2
""")
KEY_TOO_LITTLE = one_step("        score: 3\n       touchpoints: [App]\n")
STAGE_BETWEEN = front("""\
    title: T
    persona: hendra
    stages:
      - name: A
        steps:
        - name: Opens the app
          score: 3
       - name: B
""")
KEY_UNDER_DASH = one_step("      score: 3\n")
COLON_IN_TEXT = one_step("        score: 3\n        thinking: Price: too high\n")

#: name -> (file, its text, the exact lines `cjm check` prints for it)
PINNED: dict[str, tuple[str, str, list[str]]] = {
    "step-indented-too-little": ("m.md", STEP_TOO_LITTLE, [
        "maps/m.md:9:6: error: line 9 is indented to column 6, where no line above it starts; "
        "line it up with the lines it belongs with: column 5 (as line 6) or column 7 (as line 7)"]),
    "key-indented-too-little": ("m.md", KEY_TOO_LITTLE, [
        "maps/m.md:9:8: error: line 9 is indented to column 8, where no line above it starts; "
        "line it up with the lines it belongs with: column 7 (as line 7) or column 9 (as line 8)"]),
    "stage-between-two-lists": ("m.md", STAGE_BETWEEN, [
        "maps/m.md:9:4: error: line 9 is indented to column 4, where no line above it starts; "
        "line it up with the lines it belongs with: column 3 (as line 5) or column 5 (as line 7)"]),
    "key-under-the-dash": ("m.md", KEY_UNDER_DASH, [
        "maps/m.md:8:7: error: line 8 starts under the '- ' of line 7, so it is not part of that "
        "item; indent it to column 9, under 'name'"]),
    "key-under-the-dash-after-another-key": ("m.md", one_step(
        "        score: 3\n      thinking: Is this the cheapest?\n"), [
        "maps/m.md:9:7: error: line 9 starts under the '- ' of line 7, so it is not part of that "
        "item; indent it to column 9, under 'name'"]),
    "colon-in-a-text": ("m.md", COLON_IN_TEXT, [
        "maps/m.md:9:24: error: this text contains ': ' (a colon and a space), which YAML reads "
        "as the start of another 'key: value'; put the whole text in quotes: "
        "thinking: \"Price: too high\""]),
    "steps-directly-under-the-map": ("m.md", front("""\
        title: T
        persona: hendra
        steps:
          - name: Opens the app
            score: 3
    """), [
        "maps/m.md:4:1: error: steps: steps go inside a stage: write 'stages:', then "
        "'  - name: <the stage>' and '    steps:' under it, with these steps indented below"]),
    "personas-as-one-text": ("m.md", front("""\
        title: T
        personas: hendra, dewi
        stages:
          - name: A
            steps:
              - name: S
                score: 3
    """), [
        "maps/m.md:3:11: error: personas: 'hendra, dewi' is one text; to name several "
        "personas write a list: personas: [hendra, dewi]"]),
    "title-on-a-persona": ("personas/budi.md", front("title: Budi\n"), [
        "maps/personas/budi.md:2:1: error: title: a persona's name is written 'name:', "
        "not 'title:'; rename 'title' to 'name'"]),
    "name-on-a-map": ("m.md", front("""\
        name: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: S
                score: 3
    """), [
        "maps/m.md:2:1: error: name: a map's title is written 'title:', not 'name:'; rename "
        "'name' to 'title'"]),
    "lane-on-the-map": ("m.md", front("""\
        title: T
        persona: hendra
        pain_points: [Slow]
        stages:
          - name: A
            steps:
              - name: S
                score: 3
    """), [
        "maps/m.md:4:1: error: pain_points: 'pain_points' is a lane: write it on a stage or a "
        "step (under 'stages:'), not at the top of the map"]),
    "answers-on-a-current-state": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: Registration
            steps:
              - name: Enters phone number
                score: 3
                answers: [Slow]
    """), [
        "maps/m.md:9:9: error: stage 1 'Registration', step 1 'Enters phone number', answers: "
        "'answers' is for future-state maps: it names the pain points of the current state that "
        "a step resolves; set 'type: future-state' and 'compares:', or remove it"]),
    "zero-based-paths-are-gone": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: Awareness
            steps:
              - name: Sees an ad
                score: 3
          - name: Registration
            steps:
              - name: Enters phone number
                score: 9
    """), [
        "maps/m.md:12:16: error: stage 2 'Registration', step 1 'Enters phone number', score: "
        "the emotion score must be a whole number from 1 (very negative) to 5 (very positive), "
        "not 9"]),
    "actor-one-letter-from-a-persona": ("m.md", front("""\
        title: T
        persona: hendra
        status: published
        stages:
          - name: A
            steps:
              - name: S
                score: 3
                actors: [hendraa, Cashier]
    """), [
        "maps/m.md:10:18: warning: stage 1 'A', step 1 'S', actors item 1: 'hendraa' is not a "
        "persona id, so it is shown as a free name; did you mean 'hendra'?"]),
    "file-name-with-spaces-and-capitals": ("Onboarding Flow.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: S
                score: 3
    """), [
        "maps/Onboarding Flow.md:1:1: warning: the file name becomes the page's address "
        "(maps/Onboarding Flow/); use lowercase letters and '-' (onboarding-flow.md), or set "
        "'id:'"]),
    "commas-inside-brackets": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: S
                score: 3
                opportunities: [Tell the user what was wrong (glare, blur, cropped)]
    """), [
        "maps/m.md:9:24: warning: stage 1 'A', step 1 'S', opportunities: the commas split this "
        "list into 3 items: 'Tell the user what was wrong (glare', 'blur', 'cropped)'; if it is "
        "one text, put it in quotes, or write the list as lines starting with '- '"]),
    "a-sentence-split-at-a-comma": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: S
                score: 3
                pain_points: [Prices are unclear, and delivery is slow]
    """), [
        "maps/m.md:9:22: warning: stage 1 'A', step 1 'S', pain_points: the commas split this "
        "list into 2 items: 'Prices are unclear', 'and delivery is slow'; if it is one text, put "
        "it in quotes, or write the list as lines starting with '- '"]),
    "quoted-text-then-more": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: "Beli 3 gratis 1" membuat saya membeli
                score: 3
    """), [
        "maps/m.md:7:15: error: the text ends at its closing quote (after \"Beli 3 gratis 1\"), "
        "but more text follows on the line (membuat saya membeli); to keep the quote marks, put "
        "the whole text in quotes of the other kind: - name: "
        "'\"Beli 3 gratis 1\" membuat saya membeli' (or remove the quotes)"]),
    "same-quote-inside-a-quoted-text": ("m.md", front("""\
        title: 'Customer can't pay'
        persona: hendra
        stages:
          - name: A
            steps:
              - name: S
                score: 3
    """), [
        "maps/m.md:2:8: error: this text is put in ' quotes and also contains ' inside, which "
        "ends it early (after 'Customer can'); write it as title: \"Customer can't pay\""]),
    "unclosed-quote": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: "Beli 3 gratis 1
                score: 3
    """), [
        "maps/m.md:7:15: error: the quote \" that starts this text is never closed, so YAML reads "
        "on over the next lines; end the text with the same quote on this line "
        "(- name: \"Beli 3 gratis 1\"), or remove the quote"]),
    "unclosed-quote-closed-by-a-later-one": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: "Opens the app
                score: 3
              - name: "Pays"
                score: 2
    """), [
        "maps/m.md:7:15: error: the quote \" that starts this text is never closed, so YAML reads "
        "on over the next lines; end the text with the same quote on this line "
        "(- name: \"Opens the app\"), or remove the quote"]),
    "colon-in-a-step-name": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: Catatan: harga naik
                score: 3
    """), [
        "maps/m.md:7:22: error: this text contains ': ' (a colon and a space), which YAML reads "
        "as the start of another 'key: value'; put the whole text in quotes: "
        "- name: \"Catatan: harga naik\""]),
    "a-sentence-split-in-lower-case": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: S
                score: 3
                pain_points: [Video terlalu panjang, nama toko baru muncul di akhir]
    """), [
        "maps/m.md:9:22: warning: stage 1 'A', step 1 'S', pain_points: the commas split this "
        "list into 2 items: 'Video terlalu panjang', 'nama toko baru muncul di akhir'; if it is "
        "one text, put it in quotes, or write the list as lines starting with '- '"]),
    "a-number-split-at-its-thousands-comma": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: S
                score: 3
                thinking: [Shipping costs Rp 18,000]
    """), [
        "maps/m.md:9:19: warning: stage 1 'A', step 1 'S', thinking: the commas split this "
        "list into 2 items: 'Shipping costs Rp 18', '000'; if it is one text, put it in quotes, "
        "or write the list as lines starting with '- '"]),
    "a-colon-in-a-list-item": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: S
                score: 3
                pain_points:
                  - Balasan DM: lebih dari 6 jam
    """), [
        "maps/m.md:10:13: error: stage 1 'A', step 1 'S', pain_points item 1: this text contains "
        "': ' (a colon, then a space), which starts a new 'key: value' pair; put the whole text "
        "in quotes: - \"Balasan DM: lebih dari 6 jam\""]),
    "persona-not-set-yet": ("m.md", front("""\
        title: T
        persona: TODO-persona-id
        stages:
          - name: A
            steps:
              - name: S
                score: 3
    """), [
        "maps/m.md:3:10: error: persona: the persona is not set yet: replace 'TODO-persona-id' "
        "with the id of a persona (the file name in maps/personas/ without .md; the handbook "
        "has: dewi, hendra)"]),
    "no-space-after-a-colon": ("m.md", front("""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: S
                score:2
                thinking: [Lapar]
    """), [
        "maps/m.md:8:14: error: a space is missing after the ':' of 'score', so YAML does not "
        "read it as a field; write score: 2"]),
}


@pytest.mark.parametrize("name", PINNED)
def test_a_slip_gets_a_message_a_writer_can_act_on(maps: Path, capsys, name: str) -> None:
    rel, text, expected = PINNED[name]
    (maps / rel).write_text(text, encoding="utf-8")
    code, out = check(capsys)
    assert out[:-1] == expected
    assert code == (1 if any(": error: " in line for line in expected) else 0)


def test_compares_on_one_map_only_is_a_warning(maps: Path, capsys) -> None:
    steps = "stages:\n  - name: A\n    steps:\n      - name: S\n        score: 3\n"
    (maps / "now.md").write_text(front(f"title: Now\npersona: hendra\ncompares: later\n{steps}"),
                                 encoding="utf-8")
    (maps / "later.md").write_text(front(f"title: Later\ntype: future-state\npersona: hendra\n{steps}"),
                                   encoding="utf-8")
    code, out = check(capsys)
    assert out[:-1] == [
        "maps/now.md:4:11: warning: compares: 'later' does not compare back: add "
        "'compares: now' to maps/later.md so that both pages show the comparison"]
    assert code == 0


def test_json_keeps_the_machine_path(maps: Path, capsys) -> None:
    rel, text, _ = PINNED["zero-based-paths-are-gone"]
    (maps / rel).write_text(text, encoding="utf-8")
    main(["check", "--today", ON, "--format", "json"])
    problem = json.loads(capsys.readouterr().out)["problems"][0]
    assert problem["field"] == "stages[1].steps[0].score"
    assert problem["where"] == "stage 2 'Registration', step 1 'Enters phone number', score"



# --- the same slips, in Indonesian ------------------------------------------------------

#: name -> (the stable code in --format json, the exact lines `cjm check --lang id` prints)
PINNED_ID: dict[str, tuple[str, list[str]]] = {
    "step-indented-too-little": ("yaml.indentation", [
        "maps/m.md:9:6: kesalahan: baris 9 menjorok sampai kolom 6, padahal tidak ada baris di "
        "atasnya yang mulai di sana; sejajarkan dengan baris kelompoknya: kolom 5 (seperti baris 6) "
        "atau kolom 7 (seperti baris 7)"]),
    "key-indented-too-little": ("yaml.indentation", [
        "maps/m.md:9:8: kesalahan: baris 9 menjorok sampai kolom 8, padahal tidak ada baris di "
        "atasnya yang mulai di sana; sejajarkan dengan baris kelompoknya: kolom 7 (seperti baris 7) "
        "atau kolom 9 (seperti baris 8)"]),
    "stage-between-two-lists": ("yaml.indentation", [
        "maps/m.md:9:4: kesalahan: baris 9 menjorok sampai kolom 4, padahal tidak ada baris di "
        "atasnya yang mulai di sana; sejajarkan dengan baris kelompoknya: kolom 3 (seperti baris 5) "
        "atau kolom 5 (seperti baris 7)"]),
    "key-under-the-dash": ("yaml.indentation", [
        "maps/m.md:8:7: kesalahan: baris 8 dimulai tepat di bawah '- ' baris 7, jadi tidak "
        "termasuk butir itu; geser ke kolom 9, sejajar dengan 'name'"]),
    "key-under-the-dash-after-another-key": ("yaml.indentation", [
        "maps/m.md:9:7: kesalahan: baris 9 dimulai tepat di bawah '- ' baris 7, jadi tidak "
        "termasuk butir itu; geser ke kolom 9, sejajar dengan 'name'"]),
    "colon-in-a-text": ("yaml.colon-in-text", [
        "maps/m.md:9:24: kesalahan: teks ini memuat ': ' (titik dua lalu spasi), yang dibaca "
        "sebagai awal pasangan 'kunci: nilai' yang baru; apit seluruh teks dengan tanda kutip: "
        "thinking: \"Price: too high\""]),
    "quoted-text-then-more": ("yaml.quoted-then-more", [
        "maps/m.md:7:15: kesalahan: teks berakhir di tanda kutip penutupnya (setelah \"Beli 3 "
        "gratis 1\"), tetapi masih ada teks lain di baris ini (membuat saya membeli); agar tanda "
        "kutipnya tetap tampil, apit seluruh teks dengan jenis tanda kutip yang lain: - name: "
        "'\"Beli 3 gratis 1\" membuat saya membeli' (atau hapus tanda kutipnya)"]),
    "same-quote-inside-a-quoted-text": ("yaml.quote-inside-quotes", [
        "maps/m.md:2:8: kesalahan: teks ini diapit tanda kutip ' dan juga memuat ' di dalamnya, "
        "sehingga teksnya terputus terlalu awal (setelah 'Customer can'); tulis sebagai title: "
        "\"Customer can't pay\""]),
    "unclosed-quote": ("yaml.unclosed-quote", [
        "maps/m.md:7:15: kesalahan: tanda kutip \" di awal teks ini tidak pernah ditutup, jadi "
        "baris-baris berikutnya ikut terbaca sebagai bagian teks; tutup teksnya dengan tanda kutip "
        "yang sama di baris ini (- name: \"Beli 3 gratis 1\"), atau hapus tanda kutipnya"]),
    "unclosed-quote-closed-by-a-later-one": ("yaml.unclosed-quote", [
        "maps/m.md:7:15: kesalahan: tanda kutip \" di awal teks ini tidak pernah ditutup, jadi "
        "baris-baris berikutnya ikut terbaca sebagai bagian teks; tutup teksnya dengan tanda kutip "
        "yang sama di baris ini (- name: \"Opens the app\"), atau hapus tanda kutipnya"]),
    "colon-in-a-step-name": ("yaml.colon-in-text", [
        "maps/m.md:7:22: kesalahan: teks ini memuat ': ' (titik dua lalu spasi), yang dibaca "
        "sebagai awal pasangan 'kunci: nilai' yang baru; apit seluruh teks dengan tanda kutip: "
        "- name: \"Catatan: harga naik\""]),
    "a-sentence-split-in-lower-case": ("list.split-by-commas", [
        "maps/m.md:9:22: peringatan: tahap 1 'A', langkah 1 'S', pain_points: koma memecah daftar "
        "ini menjadi 2 butir: 'Video terlalu panjang', 'nama toko baru muncul di akhir'; kalau ini "
        "satu teks, beri tanda kutip, atau tulis daftarnya sebagai baris-baris yang diawali '- '"]),
    "a-number-split-at-its-thousands-comma": ("list.split-by-commas", [
        "maps/m.md:9:19: peringatan: tahap 1 'A', langkah 1 'S', thinking: koma memecah daftar "
        "ini menjadi 2 butir: 'Shipping costs Rp 18', '000'; kalau ini satu teks, beri tanda "
        "kutip, atau tulis daftarnya sebagai baris-baris yang diawali '- '"]),
    "steps-directly-under-the-map": ("field.steps-outside-stage", [
        "maps/m.md:4:1: kesalahan: steps: langkah ditulis di dalam tahap: tulis 'stages:', lalu "
        "'  - name: <nama tahap>' dan '    steps:' di bawahnya, dengan langkah-langkah ini menjorok "
        "di bawahnya"]),
    "personas-as-one-text": ("persona.one-text", [
        "maps/m.md:3:11: kesalahan: personas: 'hendra, dewi' terbaca sebagai satu teks; untuk "
        "menyebut beberapa persona, tulis daftar: personas: [hendra, dewi]"]),
    "title-on-a-persona": ("field.swapped", [
        "maps/personas/budi.md:2:1: kesalahan: title: nama persona ditulis 'name:', bukan "
        "'title:'; ganti 'title' menjadi 'name'"]),
    "name-on-a-map": ("field.swapped", [
        "maps/m.md:2:1: kesalahan: name: judul peta ditulis 'title:', bukan 'name:'; ganti 'name' "
        "menjadi 'title'"]),
    "lane-on-the-map": ("field.lane-on-map", [
        "maps/m.md:4:1: kesalahan: pain_points: 'pain_points' adalah lajur: tulis di tahap atau "
        "langkah (di bawah 'stages:'), bukan di bagian atas peta"]),
    "answers-on-a-current-state": ("lane.future-only", [
        "maps/m.md:9:9: kesalahan: tahap 1 'Registration', langkah 1 'Enters phone number', "
        "answers: 'answers' hanya untuk peta kondisi masa depan: isinya masalah di peta kondisi saat "
        "ini yang diselesaikan langkah ini; tulis 'type: future-state' dan 'compares:', atau hapus "
        "isian ini"]),
    "zero-based-paths-are-gone": ("score.range", [
        "maps/m.md:12:16: kesalahan: tahap 2 'Registration', langkah 1 'Enters phone number', "
        "score: skor emosi harus bilangan bulat dari 1 (sangat negatif) sampai 5 (sangat positif), "
        "bukan 9"]),
    "actor-one-letter-from-a-persona": ("actor.near-persona", [
        "maps/m.md:10:18: peringatan: tahap 1 'A', langkah 1 'S', actors butir 1: 'hendraa' bukan "
        "id persona, jadi ditampilkan sebagai nama biasa; mungkin maksud Anda 'hendra'?"]),
    "file-name-with-spaces-and-capitals": ("file-name.not-lowercase", [
        "maps/Onboarding Flow.md:1:1: peringatan: nama berkas menjadi alamat halaman "
        "(maps/Onboarding Flow/); pakai huruf kecil dan '-' (onboarding-flow.md), atau isi 'id:'"]),
    "commas-inside-brackets": ("list.split-by-commas", [
        "maps/m.md:9:24: peringatan: tahap 1 'A', langkah 1 'S', opportunities: koma memecah "
        "daftar ini menjadi 3 butir: 'Tell the user what was wrong (glare', 'blur', 'cropped)'; "
        "kalau ini satu teks, beri tanda kutip, atau tulis daftarnya sebagai baris-baris yang "
        "diawali '- '"]),
    "a-sentence-split-at-a-comma": ("list.split-by-commas", [
        "maps/m.md:9:22: peringatan: tahap 1 'A', langkah 1 'S', pain_points: koma memecah daftar "
        "ini menjadi 2 butir: 'Prices are unclear', 'and delivery is slow'; kalau ini satu teks, "
        "beri tanda kutip, atau tulis daftarnya sebagai baris-baris yang diawali '- '"]),
    "a-colon-in-a-list-item": ("text.colon", [
        "maps/m.md:10:13: kesalahan: tahap 1 'A', langkah 1 'S', pain_points butir 1: teks ini "
        "memuat ': ' (titik dua lalu spasi), yang dibaca sebagai awal pasangan 'kunci: nilai' yang "
        "baru; apit seluruh teks dengan tanda kutip: - \"Balasan DM: lebih dari 6 jam\""]),
    "persona-not-set-yet": ("persona.placeholder", [
        "maps/m.md:3:10: kesalahan: persona: persona belum diisi: ganti 'TODO-persona-id' dengan "
        "id persona (nama berkas di maps/personas/ tanpa .md; yang sudah ada: dewi, hendra)"]),
    "no-space-after-a-colon": ("yaml.colon-space", [
        "maps/m.md:8:14: kesalahan: tidak ada spasi setelah ':' pada 'score', jadi baris ini "
        "tidak terbaca sebagai isian; tulis score: 2"]),
}


def test_every_english_pin_has_its_indonesian_pin() -> None:
    assert set(PINNED_ID) == set(PINNED)


@pytest.mark.parametrize("name", PINNED_ID)
def test_a_slip_gets_its_message_in_indonesian(maps: Path, capsys, name: str) -> None:
    rel, text, english = PINNED[name]
    (maps / rel).write_text(text, encoding="utf-8")
    _code, expected = PINNED_ID[name]
    code, out = check(capsys, "--lang", "id")
    assert out[:-1] == expected
    errors = sum(": kesalahan: " in line for line in expected)
    warnings = len(expected) - errors
    assert out[-1] == f"{errors} kesalahan, {warnings} peringatan di 3 berkas"
    assert code == (1 if errors else 0)


@pytest.mark.parametrize("name", PINNED_ID)
def test_json_keeps_the_same_code_in_every_language(maps: Path, capsys, name: str) -> None:
    rel, text, english = PINNED[name]
    (maps / rel).write_text(text, encoding="utf-8")
    reports = {}
    for lang in ("en", "id"):
        main(["check", "--today", ON, "--format", "json", "--lang", lang])
        reports[lang] = json.loads(capsys.readouterr().out)["problems"]
    codes = {lang: [p["code"] for p in problems] for lang, problems in reports.items()}
    assert codes["en"] == codes["id"] == [PINNED_ID[name][0]] * len(english)
    assert [p["message"] for p in reports["en"]] != [p["message"] for p in reports["id"]]
    assert [p["field"] for p in reports["en"]] == [p["field"] for p in reports["id"]]


def test_github_annotations_carry_the_code_beside_the_translated_text(maps: Path, capsys) -> None:
    rel, text, _ = PINNED["zero-based-paths-are-gone"]
    (maps / rel).write_text(text, encoding="utf-8")
    main(["check", "--today", ON, "--format", "github", "--lang", "id"])
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "::error file=maps/m.md,line=12,col=16,title=cjm check (score.range)::tahap 2 'Registration', "
        "langkah 1 'Enters phone number', score: skor emosi harus bilangan bulat dari 1 (sangat "
        "negatif) sampai 5 (sangat positif), bukan 9"]
    assert err == "1 kesalahan, 0 peringatan di 3 berkas\n"


# --- which language: theme.language, then CJM_LANG, then --lang --------------------------

SITE_ID = "site_name: Toko\ntheme:\n  name: material\n  language: id\nplugins:\n  - cjm\n"
BAD_SCORE = PINNED["zero-based-paths-are-gone"][1]
SCORE_EN = PINNED["zero-based-paths-are-gone"][2]
SCORE_ID = PINNED_ID["zero-based-paths-are-gone"][1]


@pytest.fixture
def indonesian_site(maps: Path) -> Path:
    (maps.parent / "mkdocs.yml").write_text(SITE_ID, encoding="utf-8")
    (maps / "m.md").write_text(BAD_SCORE, encoding="utf-8")
    return maps.parent


def test_a_handbook_in_indonesian_is_checked_in_indonesian(indonesian_site: Path, capsys) -> None:
    assert check(capsys) == (1, [*SCORE_ID, "1 kesalahan, 0 peringatan di 3 berkas"])


def test_lang_en_overrides_the_handbooks_language(indonesian_site: Path, capsys) -> None:
    assert check(capsys, "--lang", "en") == (1, [*SCORE_EN, "1 error, 0 warnings in 3 files"])


def test_cjm_lang_overrides_the_handbooks_language(indonesian_site: Path, capsys,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CJM_LANG", "en")
    assert check(capsys) == (1, [*SCORE_EN, "1 error, 0 warnings in 3 files"])
    assert check(capsys, "--lang", "id") == (1, [*SCORE_ID, "1 kesalahan, 0 peringatan di 3 berkas"])


def test_cjm_lang_speaks_indonesian_on_an_english_handbook(maps: Path, capsys,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (maps / "m.md").write_text(BAD_SCORE, encoding="utf-8")
    monkeypatch.setenv("CJM_LANG", "id-ID")  # a regional code speaks its language
    assert check(capsys) == (1, [*SCORE_ID, "1 kesalahan, 0 peringatan di 3 berkas"])


def test_a_missing_maps_folder_in_indonesian(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CJM_LANG", raising=False)
    (tmp_path / "mkdocs.yml").write_text(SITE_ID, encoding="utf-8")
    assert check(capsys) == (1, [
        "maps:1:1: kesalahan: folder peta tidak ada (buat foldernya, atau arahkan maps_dir ke "
        "folder Anda)", "1 kesalahan, 0 peringatan di 0 berkas"])


# --- cjm new in the writer's language ---------------------------------------------------

@pytest.mark.parametrize(("title", "expected", "ending"), [
    ("Mainan kayu edukatif — masa depan", "future-state", "masa depan"),
    ("Pesan katering: kondisi masa depan", "future-state", "kondisi masa depan"),
    ("Belanja bulanan — kondisi saat ini", "current-state", "kondisi saat ini"),
    ("Belanja bulanan - saat ini", "current-state", "saat ini"),
    ("Ibu Dewi: keseharian", "day-in-the-life", "keseharian"),
    ("Perawat — sehari dalam hidup", "day-in-the-life", "sehari dalam hidup"),
    ("Kunjungan cabang — Cetak Biru Layanan", "service-blueprint", "cetak biru layanan"),
    ("Onboarding — future state", "future-state", "future state"),
    ("Masa depan toko kami", None, ""),
])
def test_new_recognises_title_endings_in_every_language(title: str, expected: str | None,
                                                        ending: str) -> None:
    from cjm_plugin.core.writing.scaffold import guess

    assert guess(title) == (expected, ending)


def test_new_says_which_type_it_chose_in_the_writers_language(indonesian_site: Path, capsys) -> None:
    (indonesian_site / "maps" / "m.md").unlink()
    assert main(["new", "map", "Mainan kayu edukatif — masa depan", "--persona", "dewi"]) == 0
    out, err = capsys.readouterr()
    assert out == "maps/mainan-kayu-edukatif-masa-depan.md\n"
    assert err == ("cjm new: jenis: future-state, karena judulnya berakhir dengan 'masa depan'; "
                   "untuk memilih jenis lain, tambahkan --type (current-state, day-in-the-life, "
                   "service-blueprint)\n")
    assert main(["new", "map", "Belanja", "--persona", "dewi", "--lang", "en"]) == 0
    assert capsys.readouterr().err == (
        "cjm new: type: current-state, the default; to choose another, add --type (future-state, "
        "day-in-the-life, service-blueprint)\n")
    assert main(["new", "map", "Belanja lagi", "--persona", "dewi", "--type", "service-blueprint"]) == 0
    assert capsys.readouterr().err == "cjm new: jenis: service-blueprint (dipilih dengan --type)\n"


def test_new_writes_its_starting_file_in_the_writers_language(indonesian_site: Path, capsys) -> None:
    (indonesian_site / "maps" / "m.md").unlink()
    assert main(["new", "map", "Mainan kayu", "--persona", "dewi"]) == 0
    capsys.readouterr()
    text = (indonesian_site / "maps" / "mainan-kayu.md").read_text("utf-8")
    lines = text.splitlines()
    assert lines[1] == ("# Peta perjalanan: satu persona (atau dua), satu pengalaman, dan "
                        "tahap-tahap yang dilaluinya.")
    assert lines[3] == "# Panduan penulis: https://example.github.io/cjm/panduan-penulis/"
    assert "owner: Tim Anda" in lines
    assert [line.split(": ", 1)[1] for line in lines if line.startswith("  - name: ")] == [
        "Kesadaran", "Pertimbangan", "Keputusan", "Pembelian", "Pasca-pembelian"]
    assert "What" not in text and "Awareness" not in text


def test_placeholders_are_reported_in_the_writers_language_until_replaced(indonesian_site: Path,
                                                                         capsys) -> None:
    (indonesian_site / "maps" / "m.md").unlink()
    assert main(["new", "map", "Mainan kayu", "--persona", "dewi"]) == 0
    capsys.readouterr()
    path = indonesian_site / "maps" / "mainan-kayu.md"
    code, out = check(capsys)
    assert code == 0
    assert out[:2] == [
        "maps/mainan-kayu.md:8:7: peringatan: goal: 'Apa yang ingin kita pelajari atau ubah lewat "
        "peta ini?' adalah teks contoh dari cjm new; ganti dengan isi Anda sendiri",
        "maps/mainan-kayu.md:9:8: peringatan: owner: 'Tim Anda' adalah teks contoh dari cjm new; "
        "ganti dengan isi Anda sendiri"]
    assert out[-1] == "0 kesalahan, 12 peringatan di 3 berkas"
    # The same texts in English are known too (a map started with --lang en).
    text = path.read_text("utf-8").replace("owner: Tim Anda", "owner: Your team")
    path.write_text(text, encoding="utf-8")
    assert check(capsys, "--lang", "en")[1][1] == (
        "maps/mainan-kayu.md:9:8: warning: owner: 'Your team' is the example text cjm new wrote; "
        "replace it with your own")
    # Each replaced text stops the warning; a strict check passes once all are.
    from cjm_plugin.core.language.translate import catalogue
    from cjm_plugin.core.writing.scaffold import PLACEHOLDERS

    for n, placeholder in enumerate(PLACEHOLDERS):
        for lang in ("en", "id"):
            for lead in (": ", "- "):
                text = text.replace(f"{lead}{catalogue(lang).gettext(placeholder)}\n",
                                    f"{lead}Isi sendiri {n}\n")
    path.write_text(text, encoding="utf-8")
    assert check(capsys, "--strict") == (0, ["0 kesalahan, 0 peringatan di 3 berkas"])


# --- the Indonesian writer's guide quotes cjm as it speaks --------------------------------

PLACEHOLDER_OWNER_ID = ("maps/mainan-kayu.md:9:8: peringatan: owner: 'Tim Anda' adalah teks contoh "
                        "dari cjm new; ganti dengan isi Anda sendiri")


def test_the_writers_guide_quotes_the_messages_cjm_prints() -> None:
    """docs/panduan-penulis.md shows five mistakes with their messages: each is a line
    pinned above (so a changed message fails here until the guide follows)."""
    guide = (support.REPO / "docs" / "panduan-penulis.md").read_text("utf-8")
    quoted = [line for block in re.findall(r"```text\n(.*?)```", guide, re.S)
              for line in block.splitlines() if line.startswith("maps/")]
    pinned = {line for _code, lines in PINNED_ID.values() for line in lines} | {PLACEHOLDER_OWNER_ID}
    assert len(quoted) == 6  # five mistakes, and the example texts of cjm new
    assert [line for line in quoted if line not in pinned] == []


def test_the_writers_guide_is_linked_from_home_nav_and_new_files() -> None:
    from cjm_plugin.core.language.translate import _, speaking
    from cjm_plugin.core.writing.scaffold import GUIDE_URL

    home = (support.REPO / "docs" / "index.md").read_text("utf-8")
    assert "(panduan-penulis.md)" in home
    assert "panduan-penulis.md" in (support.REPO / "mkdocs.yml").read_text("utf-8")
    with speaking("id"):
        assert _(GUIDE_URL).endswith("/panduan-penulis/")


#: English words a message in Indonesian should not contain, once what it quotes from
#: the file ('…', "…") and PyYAML's own words (pesan YAML: …) are set aside.
_ENGLISH = re.compile(r"(?<![\w-])(the|is|are|must|not|write|use|and|with|of|file|folder|quotes?|"
                      r"text|line|column|step|stage|score|unknown|did you mean|should|cannot)(?![\w-])")


def _left_in_english(message: str) -> list[str]:
    bare = re.sub(r"'[^']*'|\"[^\"]*\"|pesan YAML: [^)]*\)|`[^`]*`", "", message)
    return _ENGLISH.findall(bare)


def _cases() -> dict[str, tuple[str, str | bytes]]:
    """Every broken file the English tables of tests/test_check.py and test_hostile.py pin."""
    import test_check
    import test_hostile

    found: dict[str, tuple[str, str | bytes]] = {
        f"check-{name}": ("m.md", text) for name, (text, _lines) in test_check.CASES.items()}
    found.update({f"hostile-{name}": (rel, text) for name, (rel, text, _lines)
                  in test_hostile.PINNED.items() if not rel.endswith(("/", "@"))})
    return found


@pytest.mark.parametrize("name", _cases())
def test_no_message_is_left_in_english(maps: Path, capsys, name: str) -> None:
    """Each broken file the English tables pin, checked in Indonesian: every message, and
    the way it names stages and steps, is Indonesian."""
    rel, text = _cases()[name]
    path = maps / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    main(["check", "--lang", "id", "--format", "json", "--today", ON])
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert problems
    left = {p["message"]: _left_in_english(p["message"]) for p in problems}
    assert {m: words for m, words in left.items() if words} == {}
    # stages, steps and items are named in Indonesian; the keys stay as the file writes them
    assert not [p["where"] for p in problems if re.search(r"\b(stage|step|item) \d", p["where"])]
@pytest.mark.parametrize("lists", [
    "[Instagram, WhatsApp, Google search]",
    "[cash, bank transfer, QRIS]",
    "[Harga mahal, Ongkir mahal, Stok sering habis]",
    "[App, push notification]",
    "[Jakarta, small business owners]",
    "[Rp 18.000, Rp 25.000]",
])
def test_real_lists_are_not_taken_for_split_texts(maps: Path, capsys, lists: str) -> None:
    (maps / "m.md").write_text(front(f"""\
        title: T
        persona: hendra
        stages:
          - name: A
            steps:
              - name: S
                score: 3
                touchpoints: {lists}
    """), encoding="utf-8")
    assert check(capsys) == (0, ["0 errors, 0 warnings in 3 files"])


CURRENT = """\
    title: Now
    persona: hendra
    compares: later
    stages:
      - name: Awareness
        steps:
          - name: Sees an ad
            score: 2
            pain_points: [Video terlalu panjang, nama toko baru muncul di akhir]
            touchpoints: [Instagram, WhatsApp, Google search]
          - name: Visits the shop
            score: 2
            pain_points: [Parking is hard]
"""


def future(answers: str) -> str:
    return front(f"""\
        title: Later
        type: future-state
        persona: hendra
        compares: now
        stages:
          - name: Awareness
            steps:
              - name: Sees a short ad
                score: 4
                answers: {answers}
    """)


def test_a_split_list_is_flagged_on_its_own_map_and_the_answer_names_that_file(
        maps: Path, capsys) -> None:
    (maps / "now.md").write_text(front(CURRENT), encoding="utf-8")
    (maps / "later.md").write_text(
        future('["Video terlalu panjang, nama toko baru muncul di akhir"]'), encoding="utf-8")
    code, out = check(capsys)
    assert out == [
        "maps/later.md:11:19: warning: stage 1 'Awareness', step 1 'Sees a short ad', answers "
        "item 1: 'Video terlalu panjang, nama toko baru muncul di akhir' is one pain point here, "
        "but in maps/now.md (line 10) the commas split it into 2 items; put that list's text in "
        "quotes there, and this answer will match",
        "maps/now.md:10:22: warning: stage 1 'Awareness', step 1 'Sees an ad', pain_points: the "
        "commas split this list into 2 items: 'Video terlalu panjang', 'nama toko baru muncul di "
        "akhir'; if it is one text, put it in quotes, or write the list as lines starting with "
        "'- '",
        "0 errors, 2 warnings in 4 files"]
    assert code == 0


def test_an_answers_list_split_at_a_comma_is_told_once(maps: Path, capsys) -> None:
    (maps / "now.md").write_text(front(CURRENT.replace(
        "[Video terlalu panjang, nama toko baru muncul di akhir]",
        '["Video terlalu panjang, nama toko baru muncul di akhir"]')), encoding="utf-8")
    (maps / "later.md").write_text(
        future("[Video terlalu panjang, nama toko baru muncul di akhir]"), encoding="utf-8")
    code, out = check(capsys, "maps/later.md")
    assert out == [
        "maps/later.md:11:18: warning: stage 1 'Awareness', step 1 'Sees a short ad', answers: "
        "the commas split this list into 2 items: 'Video terlalu panjang', 'nama toko baru muncul "
        "di akhir'; if it is one text, put it in quotes, or write the list as lines starting "
        "with '- '",
        "0 errors, 1 warning in 1 file"]


def test_an_answer_is_never_offered_a_piece_of_a_split_list(maps: Path, capsys) -> None:
    (maps / "now.md").write_text(front(CURRENT), encoding="utf-8")
    (maps / "later.md").write_text(future("[nama toko muncul di akhir, Parking is hrad]"),
                                   encoding="utf-8")
    code, out = check(capsys, "maps/later.md")
    assert out == [
        "maps/later.md:11:19: warning: stage 1 'Awareness', step 1 'Sees a short ad', answers "
        "item 1: 'nama toko muncul di akhir' is not a pain point of 'now' (maps/now.md)",
        "maps/later.md:11:46: warning: stage 1 'Awareness', step 1 'Sees a short ad', answers "
        "item 2: 'Parking is hrad' is not a pain point of 'now' (maps/now.md); did you mean "
        "'Parking is hard'?",
        "0 errors, 2 warnings in 1 file"]


def test_checking_one_file_checks_it_in_the_whole_handbook(maps: Path, capsys) -> None:
    """`cjm check maps/x.md`: its persona and compared map resolve, and only its
    problems are reported (the other map's split list is not)."""
    (maps / "now.md").write_text(front(CURRENT), encoding="utf-8")
    (maps / "later.md").write_text(future("[Parking is hard]"), encoding="utf-8")
    assert check(capsys, "maps/later.md") == (0, ["0 errors, 0 warnings in 1 file"])
    (maps / "later.md").write_text(future("[Parking is hard]").replace("hendra", "hendar"),
                                   encoding="utf-8")
    code, out = check(capsys, "maps/later.md", "maps/personas/dewi.md")
    assert code == 1
    assert out[0] == ("maps/later.md:4:10: error: persona: unknown persona 'hendar'; did you "
                      "mean 'hendra'?")
    assert out[-1] == "1 error, 0 warnings in 2 files"


def test_checking_a_file_that_cjm_does_not_read_says_why(maps: Path, capsys) -> None:
    (maps / "README.md").write_text("# About\n", encoding="utf-8")
    (maps.parent / "notes.md").write_text("# Notes\n", encoding="utf-8")
    code, out = check(capsys, "maps/README.md", "notes.md", "maps/gone.md")
    assert out == [
        "maps/README.md:1:1: error: cjm does not read this file: a README.md, and files and "
        "folders whose names start with '.' or '_', are left out of the handbook; a map's name "
        "ends in .md",
        "maps/gone.md:1:1: error: there is no such file; check the name and the folder (paths "
        "are relative to where you are)",
        "notes.md:1:1: error: this file is not in the maps folder (maps/); cjm checks the maps "
        "and personas there (the folder is the cjm plugin's maps_dir in mkdocs.yml)",
        "3 errors, 0 warnings in 3 files"]
    assert code == 1


def test_cjm_check_a_file_from_a_subfolder_as_a_writer_types_it(maps: Path) -> None:
    """The real command, run where a writer stands: inside the maps folder of a site."""
    (maps.parent / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - cjm\n", encoding="utf-8")
    (maps / "now.md").write_text(front(CURRENT), encoding="utf-8")
    (maps / "later.md").write_text(future("[Parking is hard]"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cjm_plugin.cli", "check", "now.md"],
                          cwd=maps, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0].startswith("maps/now.md:10:22: warning: ")
    assert done.stdout.splitlines()[-1] == "0 errors, 1 warning in 1 file"


def test_a_text_meant_to_run_over_two_lines_is_not_blamed_for_a_later_slip(
        maps: Path, capsys) -> None:
    (maps / "m.md").write_text(front("""\
        title: T
        persona: hendra
        goal: "Buy a wooden toy
          without leaving home"
        stages:
          - name: A
            steps:
              - name: Catatan: harga naik
                score: 3
    """), encoding="utf-8")
    assert check(capsys)[1][0].startswith(
        "maps/m.md:9:22: error: this text contains ': ' (a colon and a space)")


def test_cjm_import_reports_in_the_writers_language(indonesian_site: Path, capsys) -> None:
    """What `cjm import` guessed, the file it writes (comments, placeholder scores) and the
    check of that file speak the handbook's language."""
    import test_sheets

    (indonesian_site / "maps" / "m.md").unlink()
    (indonesian_site / "lokakarya.csv").write_text(test_sheets.INDONESIAN_CSV, encoding="utf-8")
    assert main(["import", "lokakarya.csv", "--persona", "dewi"]) == 0
    out, err = capsys.readouterr()
    assert out == "maps/peta-katering-sehat.md\n"
    assert ("cjm import: baris 3 hanya menomori langkah; namanya diambil dari baris 5 "
            "'Apa tindakan pelanggan?'") in err.splitlines()
    assert ("cjm import: tidak ada baris skor → setiap skor diisi sementara untuk Anda ganti "
            "(cjm check mengingatkan sampai diganti)") in err.splitlines()
    text = (indonesian_site / "maps" / "peta-katering-sehat.md").read_text("utf-8")
    assert "score: 3  # TODO: isi skornya, 1 (sangat negatif) .. 5 (sangat positif)" in text
    code, lines = check(capsys)
    assert code == 0
    assert lines[0].endswith(
        "score: skor ini masih sementara: isi emosi langkahnya dari 1 (sangat negatif) sampai 5 "
        "(sangat positif), lalu hapus komentar '# TODO'")
    assert lines[-1] == "0 kesalahan, 3 peringatan di 3 berkas"
