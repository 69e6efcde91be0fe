"""The contributor's mistakes: each slip a non-programmer makes, and the exact message
`cjm check` answers with. A message names the spot (file, line, column), says what is
wrong in the contributor's words (stage 2 'Registration', not ``stages[1]``) and what to
do. The machine path stays in ``--format json``.
"""

from __future__ import annotations

import json
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
    folder = tmp_path / "maps"
    for pid, name in PERSONAS.items():
        (folder / "personas").mkdir(parents=True, exist_ok=True)
        (folder / "personas" / f"{pid}.md").write_text(f"---\nname: {name}\n---\n", encoding="utf-8")
    return folder


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["check", "--today", ON, *args])
    return code, capsys.readouterr().out.splitlines()


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
KEY_TOO_LITTLE = front("""\
    title: T
    persona: hendra
    stages:
      - name: A
        steps:
          - name: Opens the app
            score: 3
           touchpoints: [App]
""")
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
KEY_UNDER_DASH = front("""\
    title: T
    persona: hendra
    stages:
      - name: A
        steps:
          - name: Opens the app
          score: 3
""")
COLON_IN_TEXT = front("""\
    title: T
    persona: hendra
    stages:
      - name: A
        steps:
          - name: Opens the app
            score: 3
            thinking: Price: too high
""")

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
