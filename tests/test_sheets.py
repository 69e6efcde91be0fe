"""``cjm import`` and ``cjm export``: workshop sheets the tests make (CSV, XLSX with merged
stage cells, ODS) imported by the real command into a handbook that ``cjm check`` then
reads; sheets it cannot read; the example handbook's maps exported and imported back."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from support import REPO

from cjm_plugin.core.publishing.exports import map_record
from cjm_plugin.core.reading.loader import load_handbook

CJM = Path(sys.executable).with_name("cjm")
MKDOCS_YML = "site_name: Team handbook\ntheme:\n  name: material\n  language: {language}\nplugins:\n  - cjm\n"


def cjm(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    # In English: the handbook says `language: id`, and these tests pin the English
    # messages (tests/test_messages.py pins cjm import in Indonesian).
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000", "CJM_LANG": "en"}  # 2026-11-23
    return subprocess.run([str(CJM), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    root = tmp_path / "handbook"
    (root / "maps" / "personas").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(language="id"), encoding="utf-8")
    (root / "maps/personas/dina.md").write_text("---\nname: Dina\n---\n", encoding="utf-8")
    return root


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def write_csv(path: Path, rows: list[list[str]]) -> None:
    """A workshop's sheet saved as CSV, a row per list."""
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)


def maps_written(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "maps").glob("*.md"))


# --- sheets the tests make ---------------------------------------------------------------

INDONESIAN_CSV = (
    "\ufeffPeta katering sehat;;;\n"
    "Tahap;Kesadaran;;Pembelian\n"
    ";Langkah 1;Langkah 2;Langkah 3\n"
    "Apa yang pelanggan pikirkan atau rasakan?;Ingin hidup sehat;Mulai membandingkan;Yakin\n"
    "Apa tindakan pelanggan?;Mencari di Google;Membaca ulasan;Membayar di situs\n"
    'Apa titik kontak pelanggan dengan bisnis?;Google;"Instagram\nGoogle Maps";"Situs web; Layanan pelanggan"\n'
    "Apa yang ingin kita ubah dari langkah ini?;Brand awareness;Testimoni;Proses pembelian\n"
    'Bagaimana kita akan melakukan perubahan ini?;"• SEM\n• Media sosial";KOL;Checkout sederhana\n'
    "Apa prioritas utama pelanggan?;Sarapan;;\n"
)


def test_an_indonesian_csv_with_numbered_steps_and_no_scores(handbook: Path) -> None:
    (handbook / "lokakarya.csv").write_text(INDONESIAN_CSV, encoding="utf-8")
    done = cjm(handbook, "import", "lokakarya.csv", "--persona", "dina")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "maps/peta-katering-sehat.md"
    report = done.stderr
    assert "row 6 'Apa titik kontak pelanggan dengan bisni…' → touchpoints" in report
    assert "row 3 only numbers the steps; their names come from row 5 'Apa tindakan pelanggan?'" in report
    assert "row 9 'Apa prioritas utama pelanggan?' → priorities" in report
    assert "no score row" in report
    data = front(handbook / "maps/peta-katering-sehat.md")
    assert data["title"] == "Peta katering sehat" and data["persona"] == "dina"
    assert data["lanes"] == {"priorities": "Apa prioritas utama pelanggan?"}
    assert [s["name"] for s in data["stages"]] == ["Kesadaran", "Pembelian"]
    first, second = data["stages"][0]["steps"]
    assert first["name"] == "Mencari di Google" and first["opportunities"] == ["SEM", "Media sosial"]
    assert first["pain_points"] == ["Brand awareness"] and first["priorities"] == ["Sarapan"]
    assert second["touchpoints"] == ["Instagram", "Google Maps"]
    assert data["stages"][1]["steps"][0]["touchpoints"] == ["Situs web", "Layanan pelanggan"]

    check = cjm(handbook, "check")
    assert check.returncode == 0, check.stdout
    warnings = [line for line in check.stdout.splitlines() if ": warning: " in line]
    assert len(warnings) == 3, check.stdout  # one placeholder score per step, at the score
    assert warnings[0].startswith("maps/peta-katering-sehat.md:")
    assert "score: the score is a placeholder" in warnings[0]
    line = int(warnings[0].split(":")[1])
    text = (handbook / "maps/peta-katering-sehat.md").read_text(encoding="utf-8").splitlines()
    assert text[line - 1].strip().startswith("score: 3  # TODO")

    # Setting the score (and dropping the comment) ends the warning.
    path = handbook / "maps/peta-katering-sehat.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "score: 3  # TODO: set the score, 1 (very negative) .. 5 (very positive)", "score: 2"),
        encoding="utf-8")
    assert cjm(handbook, "check", "--strict").returncode == 0


def make_xlsx(path: Path, rows: list[list[object]], merges: list[str] = (), title: str = "Workshop") -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)


def test_an_english_xlsx_with_merged_stages_scores_and_a_custom_row(handbook: Path) -> None:
    make_xlsx(handbook / "workshop.xlsx", [
        ["Stage", "Awareness", None, "Purchase"],
        ["Step", "Searches Google", "Clicks results", "Pays online"],
        ["Emotion", 2, "🙂", "Very positive"],
        ["What does the customer think or feel?", "I want to eat better", None, "Finally"],
        ["Touchpoints", "Google search", "Website\nMenu page", "Checkout"],
        ["Pain points", "Not on page one", None, None],
        ["Budget", "Rp 50.000 a day", None, None],
        ["Owner (whole stage)", "Marketing", None, "Sales"],
    ], merges=["B1:C1", "B8:C8"])
    done = cjm(handbook, "import", "workshop.xlsx", "--persona", "dina", "--title",
               "Lunch — future state", "--id", "lunch")
    assert done.returncode == 0, done.stderr
    assert "row 7 'Budget' → budget (not recognised: a custom lane with this label)" in done.stderr
    assert "row 3 'Emotion' → the scores" in done.stderr
    data = front(handbook / "maps/lunch.md")
    assert data["title"] == "Lunch — future state" and data["type"] == "current-state"
    assert data["lanes"] == {"budget": "Budget"}
    awareness, purchase = data["stages"]
    assert [s["score"] for s in awareness["steps"]] == [2, 4] and purchase["steps"][0]["score"] == 5
    assert awareness["owner"] == ["Marketing"] and purchase["owner"] == ["Sales"]
    assert awareness["steps"][1]["touchpoints"] == ["Website", "Menu page"]
    assert awareness["steps"][0]["budget"] == ["Rp 50.000 a day"]
    check = cjm(handbook, "check", "--strict")
    assert check.returncode == 0, check.stdout


def make_ods(path: Path, rows: list[list[tuple[str, int]]], sheet: str = "Lembar1") -> None:
    """An ODS file as LibreOffice writes it: string cells, a stage spanning columns."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for row in rows:
        tr = TableRow()
        for text, span in row:
            cell = TableCell(valuetype="string", numbercolumnsspanned=span) if span > 1 else \
                TableCell(valuetype="string") if text else TableCell()
            for line in text.split("\n") if text else []:
                cell.addElement(P(text=line))
            tr.addElement(cell)
            for _ in range(span - 1):
                tr.addElement(CoveredTableCell())
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def test_an_ods_with_spanned_stages(handbook: Path) -> None:
    make_ods(handbook / "peta.ods", [
        [("Tahapan", 1), ("Pertimbangan", 2), ("Keputusan", 1)],
        [("Langkah", 1), ("Membandingkan harga", 1), ("Bertanya di WhatsApp", 1), ("Memesan", 1)],
        [("Skor", 1), ("2", 1), ("Negatif", 1), ("4", 1)],
        [("Titik sentuh", 1), ("Situs web", 1), ("WhatsApp", 1), ("Situs web\nEmail", 1)],
        [("Peluang", 1), ("Harga per porsi", 1), ("", 1), ("", 1)],
    ])
    done = cjm(handbook, "import", "peta.ods", "--persona", "dina")
    assert done.returncode == 0, done.stderr
    data = front(handbook / "maps/peta.md")
    assert [s["name"] for s in data["stages"]] == ["Pertimbangan", "Keputusan"]
    assert [s["score"] for s in data["stages"][0]["steps"]] == [2, 2]
    assert data["stages"][1]["steps"][0]["touchpoints"] == ["Situs web", "Email"]
    assert cjm(handbook, "check", "--strict").returncode == 0


def test_the_domain_notes_worked_example_as_a_sheet(handbook: Path) -> None:
    """The table of the practitioners' guide: numbered steps, the action row names them,
    no stages, no scores."""
    (handbook / "catering.csv").write_text(
        ",1,2,3,4,5\n"
        "Thinking / feeling,wants a healthier diet,looks for catering options,starts weighing options,still hesitant,convinced\n"
        "Action,searches Google,clicks first-page results,explores the website,reads reviews,pays on the website\n"
        "Touchpoint,none yet,search ranking,website,\"social media, review portals\",\"website; customer support\"\n"
        "What to change,\"brand awareness, Google Ads\",search ranking,UX and UI,testimonials,the purchase process\n"
        "How,\"SEM, social media marketing\",SEO,a UI that is easy to understand,KOLs and influencers,simpler checkout\n",
        encoding="utf-8")
    done = cjm(handbook, "import", "catering.csv", "--persona", "dina", "--title",
               "Healthy catering — current state")
    assert done.returncode == 0, done.stderr
    assert "no row of stages → all steps in one stage 'Journey'" in done.stderr
    data = front(handbook / "maps/healthy-catering-current-state.md")
    (stage,) = data["stages"]
    assert [s["name"] for s in stage["steps"]][:2] == ["searches Google", "clicks first-page results"]
    assert stage["steps"][4]["touchpoints"] == ["website", "customer support"]
    assert stage["steps"][0]["pain_points"] == ["brand awareness, Google Ads"]
    assert stage["steps"][1]["opportunities"] == ["SEO"]
    check = cjm(handbook, "check")
    assert check.returncode == 0 and check.stdout.count("the score is a placeholder") == 5


def test_an_existing_map_is_replaced_only_with_force(handbook: Path) -> None:
    (handbook / "lokakarya.csv").write_text(INDONESIAN_CSV, encoding="utf-8")
    target = handbook / "maps/peta-katering-sehat.md"
    target.write_text("mine", encoding="utf-8")
    done = cjm(handbook, "import", "lokakarya.csv")
    assert done.returncode == 1 and "already exists" in done.stderr and "--force" in done.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    assert cjm(handbook, "import", "lokakarya.csv", "--force").returncode == 0
    assert target.read_text(encoding="utf-8").startswith("---\n")


def test_without_a_persona_the_placeholder_is_reported(handbook: Path) -> None:
    (handbook / "lokakarya.csv").write_text(INDONESIAN_CSV, encoding="utf-8")
    done = cjm(handbook, "import", "lokakarya.csv")
    assert done.returncode == 0 and "set its persona" in done.stderr
    check = cjm(handbook, "check")
    assert ("maps/peta-katering-sehat.md:8:10: error: persona: the persona is not set yet: "
            "replace 'TODO-persona-id' with the id of a persona") in check.stdout


# --- sheets it cannot read: a located message, no traceback, nothing written ---------------


def _unreadable(root: Path) -> dict[str, tuple[str, str]]:
    """name -> (file, the start of the expected message)."""
    make_xlsx(root / "seven.xlsx", [["Stage", "A", "B"], ["Step", "x", "y"], ["Score", 3, 7]], title="Sheet1")
    make_xlsx(root / "nosteps.xlsx", [["Thinking", "a", "b"], ["Touchpoints", "c", "d"]], title="Sheet1")
    make_xlsx(root / "wide.xlsx", [["Step", *[f"s{i}" for i in range(250)]]], title="Sheet1")
    make_xlsx(root / "nostage.xlsx", [["Stage", None, "B"], ["Step", "x", "y"]], title="Sheet1")
    (root / "long.csv").write_text("Step,x\nThinking," + "a" * 10_001 + "\n", encoding="utf-8")
    (root / "tall.csv").write_text("Step,x\n" + "Thinking,a\n" * 600, encoding="utf-8")
    (root / "empty.csv").write_text("", encoding="utf-8")
    (root / "blank.xlsx").write_bytes(b"")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    # An Office file protected with a password is an encrypted OLE container, not a zip.
    (root / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    good = root / "seven.xlsx"
    (root / "broken.xlsx").write_bytes(good.read_bytes()[:600])
    with zipfile.ZipFile(root / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a/>" + b" " * (210 * 1024 * 1024))
    return {
        "score of 7": ("seven.xlsx", "seven.xlsx:Sheet1!C3: error: the score 7 is not between 1"),
        "no step row": ("nosteps.xlsx", "nosteps.xlsx:Sheet1!A1: error: no row of steps"),
        "too wide": ("wide.xlsx", "wide.xlsx:Sheet1: error: has more than 200 columns"),
        "a step without stage": ("nostage.xlsx", "nostage.xlsx:Sheet1!B1: error: this step has no stage"),
        "huge cell": ("long.csv", "long.csv:B2: error: holds 10001 characters"),
        "too tall": ("tall.csv", "tall.csv: error: has more than 500 rows"),
        "empty csv": ("empty.csv", "empty.csv: error: is empty"),
        "empty xlsx": ("blank.xlsx", "blank.xlsx: error: is empty"),
        "not a sheet": ("notes.pdf", "notes.pdf: error: '.pdf' is not a spreadsheet cjm reads"),
        "password": ("locked.xlsx", "locked.xlsx: error: is protected with a password"),
        "corrupted": ("broken.xlsx", "broken.xlsx: error: cannot be read as a spreadsheet"),
        "zip bomb": ("bomb.xlsx", "bomb.xlsx: error: unpacks to 210 MB"),
        "missing": ("gone.xlsx", "gone.xlsx: error: no such file"),
    }


def test_sheets_it_cannot_read_get_a_located_message_and_nothing_is_written(handbook: Path) -> None:
    cases = _unreadable(handbook)
    for name, (file, expected) in cases.items():
        done = cjm(handbook, "import", file, "--persona", "dina")
        assert done.returncode == 1, (name, done.stderr)
        assert done.stderr.startswith(expected), (name, done.stderr)
        assert "Traceback" not in done.stderr and done.stdout == ""
        assert done.stderr.rstrip().endswith("cjm import: nothing was written")
        assert maps_written(handbook) == [], name


def test_an_unknown_sheet_name_lists_the_sheets(handbook: Path) -> None:
    make_xlsx(handbook / "w.xlsx", [["Step", "a"]], title="Peta")
    done = cjm(handbook, "import", "w.xlsx", "--sheet", "Sheet9")
    assert done.returncode == 1
    assert done.stderr.startswith("w.xlsx: error: has no sheet named 'Sheet9'; its sheets: 'Peta'")


# --- export ------------------------------------------------------------------------------

INJECTION_MAP = """\
---
title: Formulas stay text
persona: dina
stages:
  - name: "=1+1"
    steps:
      - name: "@SUM(A1)"
        score: 2
        pain_points: ["=HYPERLINK(\\"http://x\\")", "+44 1234", "-5 percent", "'=quoted"]
---
"""


def test_export_writes_text_never_a_formula(handbook: Path) -> None:
    from openpyxl import load_workbook

    (handbook / "maps/f.md").write_text(INJECTION_MAP, encoding="utf-8")
    assert cjm(handbook, "export", "f", "-o", "f.xlsx").returncode == 0
    sheet = load_workbook(handbook / "f.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    starting = [c for c in cells if str(c.value)[:1] in "=+-@"]
    assert {str(c.value) for c in starting} >= {"=1+1", "@SUM(A1)"}
    assert all(c.data_type == "s" for c in starting), [(c.coordinate, c.data_type) for c in starting]
    assert cjm(handbook, "export", "maps/f.md", "--format", "csv", "-o", "f.csv").returncode == 0
    text = (handbook / "f.csv").read_text(encoding="utf-8-sig")
    assert '"\'=1+1"' in text and '"\'@SUM(A1)"' in text
    assert '"=' not in text and '"@' not in text and '"+' not in text
    # Both read back as the same map.
    for fmt in ("xlsx", "csv"):
        done = cjm(handbook, "import", f"f.{fmt}", "--id", f"f-{fmt}")
        assert done.returncode == 0, done.stderr
        book = load_handbook(handbook / "maps", root=handbook)
        again, first = _record(book, f"f-{fmt}"), _record(book, "f")
        assert again.pop("id") == f"f-{fmt}" and again.pop("updated") == "2026-11-23"
        assert again == {k: v for k, v in first.items() if k != "id"}


def test_the_exported_sheet_reads_well_printed_in_the_handbook_language(handbook: Path) -> None:
    from openpyxl import load_workbook

    shutil.copytree(REPO / "maps/catering", handbook / "maps/catering")
    # The writer's language: theme.language (id) unless --lang or CJM_LANG says otherwise.
    assert cjm(handbook, "export", "catering-current", "-o", "cc.xlsx", "--lang", "id").returncode == 0
    sheet = load_workbook(handbook / "cc.xlsx").active
    labels = [sheet.cell(row=r, column=1).value for r in range(1, sheet.max_row + 1)]
    assert labels[:4] == ["Tahap", "Deskripsi tahap", "Langkah", "Skor"]  # theme.language: id
    assert "Titik sentuh" in labels and "Pemilik (seluruh tahap)" in labels and "Detail peta" in labels
    # Stages as merged cells over their steps: Consideration has two.
    assert "B1:B1" not in {str(r) for r in sheet.merged_cells.ranges}
    assert "C1:D1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.cell(row=1, column=3).value == "Consideration"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$3"  # stages, descriptions, steps on every page
    assert sheet.column_dimensions["B"].width >= 30
    assert sheet.cell(row=5, column=2).alignment.wrap_text
    english = cjm(handbook, "export", "catering-current", "-o", "en.xlsx", "--lang", "en")
    assert english.returncode == 0
    assert load_workbook(handbook / "en.xlsx").active["A3"].value == "Step"


def test_export_of_a_map_with_errors_says_so(handbook: Path) -> None:
    (handbook / "maps/bad.md").write_text("---\ntitle: Bad\nstages: []\n---\n", encoding="utf-8")
    done = cjm(handbook, "export", "maps/bad.md", "-o", "bad.xlsx")
    assert done.returncode == 1 and "maps/bad.md has errors" in done.stderr
    assert "maps/bad.md:3:9: error:" in done.stderr
    done = cjm(handbook, "export", "bad", "-o", "x.csv")
    assert done.returncode == 1 and "bad has errors" in done.stderr
    done = cjm(handbook, "export", "nope", "-o", "x.csv")
    assert done.returncode == 1 and "no map 'nope'" in done.stderr
    assert not (handbook / "bad.xlsx").exists() and not (handbook / "x.csv").exists()


# --- the round trip on the example handbook ----------------------------------------------


def _record(book, ident: str) -> dict:
    record = map_record(book.maps[ident])
    record.pop("source")  # where the file is: the import writes into the maps folder's top
    return record


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_example_maps_export_and_import_to_the_same_json(tmp_path: Path, fmt: str) -> None:
    root = tmp_path / "hb"
    shutil.copytree(REPO / "maps", root / "maps")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(language="en"), encoding="utf-8")
    original = load_handbook(root / "maps", root=root)
    assert len(original.maps) >= 7
    out = tmp_path / "again"
    shutil.copytree(REPO / "maps/personas", out / "personas")
    for ident in original.maps:
        sheet = tmp_path / f"{ident}.{fmt}"
        done = cjm(root, "export", ident, "-o", str(sheet))
        assert done.returncode == 0, done.stderr
        done = cjm(root, "import", str(sheet), "--maps-dir", str(out))
        assert done.returncode == 0, done.stderr
        assert "not placed" not in done.stderr, done.stderr
    again = load_handbook(out, root=root)
    assert not [p for p in again.problems if p.is_error]
    for ident in original.maps:
        assert json.dumps(_record(again, ident), sort_keys=True) == \
            json.dumps(_record(original, ident), sort_keys=True), ident


# --- the round trip as a property --------------------------------------------------------

from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: Texts a workshop writes, and texts that would be read differently if written as they are.
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), min_size=1, max_size=24),
    st.sampled_from(["=1+1", "- bullet", "• dot", '"quoted"', '"Beli 3" gratis', "{not json",
                     '{"text": "x"}', "a; b", "'=x", "''+y", "1. first", "line\nbreak", "x\u2028y",
                     "@user", "+62 812", "Score", "Langkah 1", "  spaced  ", "3", "Map details",
                     "dina: 2", "Owner (whole stage)", "tab\there"]),
).map(str.strip).filter(bool)
ITEMS = st.lists(TEXT, min_size=1, max_size=3)
TRACKED = st.lists(st.one_of(TEXT, st.builds(
    lambda text, status: {"text": text, "status": status}, TEXT,
    st.sampled_from(["idea", "planned", "done"]))), min_size=1, max_size=3)
METRICS = st.lists(st.one_of(TEXT, st.builds(
    lambda name, value: {"name": name, "value": value}, TEXT, st.integers(0, 10_000))),
    min_size=1, max_size=2)
CUSTOM_LABEL = st.sampled_from(["What is the customer's top priority?", "Apa prioritas utama pelanggan?",
                                "Budget"])


def _lanes(keys: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    return st.fixed_dictionaries({}, optional=keys)


STEP = st.builds(
    lambda name, score, lanes: {"name": name, "score": score, **lanes},
    TEXT, st.integers(1, 5),
    _lanes({"thinking": ITEMS, "touchpoints": ITEMS, "pain_points": TRACKED,
            "opportunities": TRACKED, "notes": ITEMS, "priorities": ITEMS, "metrics": METRICS}))
STAGE = st.builds(
    lambda name, steps, description, lanes: {
        "name": name, **({"description": description} if description else {}), **lanes,
        "steps": steps},
    TEXT, st.lists(STEP, max_size=3), st.one_of(st.none(), TEXT),
    _lanes({"owner": ITEMS, "metrics": METRICS, "notes": ITEMS}))
MAP_DATA = st.builds(
    lambda title, kind, label, stages, tags, goal: {
        "title": title, "type": kind, "persona": "dina", "updated": "2026-11-01",
        **({"goal": goal} if goal else {}), "tags": tags,
        "lanes": {"priorities": label}, "stages": stages},
    TEXT, st.sampled_from(["current-state", "future-state", "day-in-the-life", "service-blueprint"]),
    CUSTOM_LABEL, st.lists(STAGE, min_size=1, max_size=3), st.lists(TEXT, max_size=2),
    st.one_of(st.none(), TEXT))


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=MAP_DATA)
def test_importing_what_was_exported_gives_the_same_map(tmp_path_factory, data: dict) -> None:
    import datetime as dt

    from cjm_plugin.core.writing.sheets.run import export_map, import_sheet

    root = tmp_path_factory.mktemp("property")
    maps = root / "maps"
    (maps / "personas").mkdir(parents=True)
    (maps / "personas/dina.md").write_text("---\nname: Dina\n---\n", encoding="utf-8")
    (maps / "m.md").write_text("---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n",
                               encoding="utf-8")
    book = load_handbook(maps, root=root)
    assume("m" in book.maps)  # a generated map the format refuses is not this test's subject
    for fmt, language in (("xlsx", "id"), ("csv", "en")):
        sheet = root / f"m.{fmt}"
        export_map(book.maps["m"], sheet, fmt, language)
        again = root / f"again-{fmt}"
        shutil.copytree(maps / "personas", again / "personas")
        import_sheet(sheet, again, root, dt.date(2026, 11, 23))
        other = load_handbook(again, root=root)
        assert "m" in other.maps, [str(p) for p in other.problems]
        assert _record(other, "m") == _record(book, "m"), fmt


LABELS = ["", "Tahap", "Stage", "Langkah", "Step", "Skor", "Score", "Apa tindakan pelanggan?",
          "Thinking", "Touchpoints", "Owner (whole stage)", "Stage description", "Map details",
          "title", "type", "id", "lanes.x", "Budget", "Actors", "Zoom into (map id)", "review_every"]
CELL = st.one_of(st.sampled_from(["", "", "1", "7", "Langkah 2", "🙂", "a\nb", "x; y", "=1", "'=1",
                                  "dina: 2", "{", '{"text": 1}', '""', "../../etc", "service-blueprint",
                                  "•", "-"]),
                 st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
GRID = st.lists(st.tuples(st.sampled_from(LABELS), st.lists(CELL, max_size=5)), max_size=8)


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=GRID)
def test_any_sheet_gives_a_valid_map_or_a_located_message(tmp_path_factory, rows) -> None:
    """Whatever a sheet holds, the import writes a map the format accepts, or says where
    the sheet is wrong and writes nothing: never a traceback."""
    import csv
    import datetime as dt
    import io

    from cjm_plugin.core.writing.sheets import SheetError
    from cjm_plugin.core.writing.sheets.run import import_sheet

    root = tmp_path_factory.mktemp("any")
    out = io.StringIO()
    csv.writer(out).writerows([label, *cells] for label, cells in rows)
    sheet = root / "w.csv"
    sheet.write_text(out.getvalue(), encoding="utf-8")
    maps = root / "maps"
    try:
        result = import_sheet(sheet, maps, root, dt.date(2026, 11, 23), persona="dina")
    except SheetError as exc:
        where, _, message = str(exc).partition(": error: ")
        assert re.fullmatch(r".*w\.csv(:[A-Z]{1,2}\d{1,3})?", where) and message, str(exc)
        assert not maps.exists() or not list(maps.glob("*.md"))
        return
    assert result.target.parent == maps
    (maps / "personas").mkdir(exist_ok=True)
    (maps / "personas/dina.md").write_text("---\nname: Dina\n---\n", encoding="utf-8")
    book = load_handbook(maps, root=root)
    errors = [str(p) for p in book.problems if p.is_error]
    # A zoom names another map: that it exists is for the writer to fix, as for `cjm new`.
    assert result.target.stem in book.maps or all(", zoom: no map has the id" in e for e in errors), errors


# --- reading: encodings and delimiters, an id that is a path -------------------------------


@pytest.mark.parametrize(("data", "name"), [
    ("Step;Café au lait;Crème\nThinking;é;à\n".encode("cp1252"), "windows.csv"),
    ("Step\tCafé au lait\tCrème\nThinking\té\tà\n".encode("utf-16"), "excel.csv"),
    ("Step\tCafé au lait\tCrème\nThinking\té\tà\n".encode(), "tabs.tsv"),
    ("\ufeffStep,Café au lait,Crème\nThinking,é,à\n".encode("utf-8"), "bom.csv"),
])
def test_csv_encodings_and_delimiters(tmp_path: Path, data: bytes, name: str) -> None:
    from cjm_plugin.core.writing.sheets.reader import read_grid

    (tmp_path / name).write_bytes(data)
    grid = read_grid(tmp_path / name, name)
    assert grid.rows[:2] == [["Step", "Café au lait", "Crème"], ["Thinking", "é", "à"]]


def test_an_id_in_the_sheet_that_is_a_path_is_not_used(tmp_path: Path) -> None:
    import datetime as dt

    from cjm_plugin.core.writing.sheets.run import import_sheet

    (tmp_path / "w.csv").write_text("Step,Pays\n\nMap details\nid,../../escape\ntitle,Paying\n",
                                    encoding="utf-8")
    result = import_sheet(tmp_path / "w.csv", tmp_path / "maps", tmp_path, dt.date(2026, 11, 23))
    assert result.target == tmp_path / "maps" / "paying.md"
    assert sorted(p.name for p in tmp_path.rglob("*.md")) == ["paying.md"]


def test_unlabelled_stage_names_above_the_step_row(tmp_path: Path) -> None:
    import datetime as dt

    from cjm_plugin.core.writing.sheets.run import import_sheet

    (tmp_path / "s.csv").write_text(",Kesadaran,,Pembelian\nLangkah,Cari,Baca,Bayar\nSkor,1,2,3\n",
                                    encoding="utf-8")
    result = import_sheet(tmp_path / "s.csv", tmp_path / "maps", tmp_path, dt.date(2026, 11, 23))
    assert "row 1 (no label) → the stages" in result.found.guesses
    stages = front(result.target)["stages"]
    assert [(s["name"], [t["name"] for t in s["steps"]]) for s in stages] == [
        ("Kesadaran", ["Cari", "Baca"]), ("Pembelian", ["Bayar"])]


def test_blueprint_lanes_make_a_blueprint_and_whole_stage_custom_lanes_keep_their_label(
        tmp_path: Path) -> None:
    import datetime as dt

    from cjm_plugin.core.writing.sheets.run import import_sheet

    (tmp_path / "b.csv").write_text(
        "Tahap,Pemesanan,\nLangkah,Memilih paket,Membayar\nSkor,3,2\n"
        "Panggung belakang,Dapur menerima pesanan,Finance memeriksa\n"
        "Anggaran (seluruh tahap),Rp 5 juta,\n", encoding="utf-8")
    result = import_sheet(tmp_path / "b.csv", tmp_path / "maps", tmp_path, dt.date(2026, 11, 23),
                          persona="dina")
    data = front(result.target)
    assert data["type"] == "service-blueprint"
    assert "row 4 'Panggung belakang' is a lane of service-blueprint maps → type: service-blueprint" \
        in result.found.guesses
    assert data["lanes"] == {"anggaran": "Anggaran"}
    assert data["stages"][0]["anggaran"] == ["Rp 5 juta"]
    assert data["stages"][0]["steps"][1]["backstage"] == ["Finance memeriksa"]
    # With --type, the same row is a custom lane of that map.
    again = import_sheet(tmp_path / "b.csv", tmp_path / "maps", tmp_path, dt.date(2026, 11, 23),
                         persona="dina", map_type="current-state", ident="b2")
    assert front(again.target)["lanes"] == {"backstage": "Panggung belakang", "anggaran": "Anggaran"}


def test_one_custom_lane_on_steps_and_on_stages(tmp_path: Path) -> None:
    import datetime as dt

    from cjm_plugin.core.writing.sheets.run import import_sheet

    (tmp_path / "c.csv").write_text("Stage,Buying\nStep,Pays\nBudget,Rp 10.000\n"
                                    "Budget (whole stage),Rp 5 juta\n", encoding="utf-8")
    result = import_sheet(tmp_path / "c.csv", tmp_path / "maps", tmp_path, dt.date(2026, 11, 23))
    data = front(result.target)
    assert data["lanes"] == {"budget": "Budget"}
    assert data["stages"][0]["budget"] == ["Rp 5 juta"]
    assert data["stages"][0]["steps"][0]["budget"] == ["Rp 10.000"]


def test_importing_an_exported_sheet_again_replaces_the_map_in_its_folder(handbook: Path) -> None:
    shutil.copytree(REPO / "maps/toys", handbook / "maps/toys")
    shutil.copytree(REPO / "maps/personas", handbook / "maps/personas", dirs_exist_ok=True)
    assert cjm(handbook, "export", "toys-current", "-o", "toys.xlsx").returncode == 0
    done = cjm(handbook, "import", "toys.xlsx")
    assert done.returncode == 1 and "maps/toys/toys-current.md already exists" in done.stderr
    before = load_handbook(handbook / "maps", root=handbook)
    done = cjm(handbook, "import", "toys.xlsx", "--force")
    assert done.returncode == 0 and done.stdout.strip() == "maps/toys/toys-current.md"
    after = load_handbook(handbook / "maps", root=handbook)
    assert not (handbook / "maps/toys-current.md").exists()
    assert map_record(after.maps["toys-current"]) == map_record(before.maps["toys-current"])


def test_importing_a_sheet_again_keeps_the_notes_written_below_the_map(handbook: Path) -> None:
    """A sheet holds the map's table, not the Markdown notes under it: replacing the map
    with --force keeps them, and says so."""
    shutil.copytree(REPO / "maps/toys", handbook / "maps/toys")
    shutil.copytree(REPO / "maps/personas", handbook / "maps/personas", dirs_exist_ok=True)
    path = handbook / "maps/toys/toys-current.md"
    front_matter, _, _body = path.read_text(encoding="utf-8").partition("\n---\n")
    notes = "Hasil lokakarya Agustus.\n\nSumber: 12 wawancara pelanggan.\n"
    path.write_text(front_matter + "\n---\n" + notes, encoding="utf-8")
    assert cjm(handbook, "export", "toys-current", "-o", "toys.xlsx").returncode == 0
    done = cjm(handbook, "import", "toys.xlsx", "--force", "--lang", "id")
    assert done.returncode == 0, done.stderr
    assert path.read_text(encoding="utf-8").endswith("\n---\n" + notes)
    assert "catatan di bawah peta maps/toys/toys-current.md tetap disimpan" in done.stderr


def test_every_bad_cell_is_reported_at_once_and_a_broken_json_entry_is_not_taken_as_text(handbook: Path) -> None:
    """A workshop's sheet with several mistakes gets them all in one run, each at its
    cell, and nothing is written. An entry written as JSON (as `cjm export` writes a
    tracked pain point or a metric) that lost its closing brace is one of them: taken
    as text, its braces and quotes would have reached the page and the tracking been lost."""
    broken = '{"text": "Foto sertifikat", "impact": 4, "effort": 3'
    write_csv(handbook / "lokakarya.csv", [
        ["Step", "Searches", "Compares", "Pays", "Waits"],
        ["Score", "sari: 6", "3", "tujuh", "sari 4"],
        ["Opportunities", "Ulasan", broken, "", "Pengingat"],
    ])
    done = cjm(handbook, "import", "lokakarya.csv", "--persona", "dina")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and maps_written(handbook) == []
    lines = done.stderr.splitlines()
    located = [line.split(": error: ")[0] for line in lines if ": error: " in line]
    assert located == ["lokakarya.csv:B2", "lokakarya.csv:D2", "lokakarya.csv:E2", "lokakarya.csv:C3"], lines
    json_line = next(line for line in lines if line.startswith("lokakarya.csv:C3"))
    assert "'}'" in json_line or "JSON" in json_line, json_line
    assert lines[-1] == "cjm import: nothing was written"


def test_a_value_the_map_format_refuses_is_said_at_its_cell_with_its_stage_and_step(handbook: Path) -> None:
    """A tracked item's status translated in the workshop ("selesai" for "done"): the
    import names the cell it came from and the step, not only the file."""
    write_csv(handbook / "lokakarya.csv", [
        ["Step", "Searches", "Compares"],
        ["Score", "2", "3"],
        ["Opportunities", "Ulasan", '{"text": "Foto sertifikat", "status": "selesai"}'],
    ])
    done = cjm(handbook, "import", "lokakarya.csv", "--persona", "dina")
    assert done.returncode == 1 and maps_written(handbook) == []
    first = done.stderr.splitlines()[0]
    assert first.startswith("lokakarya.csv:C3: error: "), first
    assert "step 2 'Compares'" in first and "'selesai' is not a valid status" in first, first


def test_personas_named_as_the_workshop_writes_them_become_their_ids(handbook: Path) -> None:
    """A score per persona written with the persona's name or id in other capitals
    ("Dina: 2", "DINA: 4") gets the persona's id, and the import says so; a name that
    is no persona is left as written, for `cjm check` to question."""
    (handbook / "maps/personas/budi.md").write_text("---\nname: Budi Santoso\n---\n", encoding="utf-8")
    write_csv(handbook / "lokakarya.csv", [
        ["Step", "Searches", "Compares"],
        ["Score", "Dina: 2; Budi Santoso: 4", "DINA: 3; Rina: 2"],
    ])
    done = cjm(handbook, "import", "lokakarya.csv", "--persona", "dina")
    assert done.returncode == 0, done.stderr
    steps = front(handbook / "maps/lokakarya.md")["stages"][0]["steps"]
    assert steps[0]["score"] == {"dina": 2, "budi": 4}
    assert steps[1]["score"] == {"dina": 3, "Rina": 2}
    assert "'Budi Santoso' → persona 'budi'" in done.stdout + done.stderr


def test_the_import_report_follows_the_sheets_rows_in_indonesian_too(handbook: Path) -> None:
    """What the import guessed is said row by row, in either language (the Indonesian
    lines, "baris 3 …", were left in the order they were found)."""
    (handbook / "lokakarya.csv").write_text(INDONESIAN_CSV, encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000", "CJM_LANG": "id"}
    done = subprocess.run([str(CJM), "import", "lokakarya.csv", "--persona", "dina"], cwd=handbook, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    rows = [int(m.group(1)) for m in re.finditer(r"^cjm import: baris (\d+)", done.stderr, re.M)]
    assert len(rows) >= 5 and rows == sorted(rows), done.stderr


def test_two_scores_for_one_persona_are_said_at_their_cell(handbook: Path) -> None:
    """'Dina: 2; dina: 4' names one persona twice: not a score silently dropped, but a
    mistake at the cell."""
    write_csv(handbook / "lokakarya.csv", [["Step", "Searches", "Compares"], ["Score", "3", "Dina: 2; dina: 4"]])
    done = cjm(handbook, "import", "lokakarya.csv", "--persona", "dina")
    assert done.returncode == 1 and maps_written(handbook) == []
    assert done.stderr.startswith("lokakarya.csv:C2: error: "), done.stderr
    assert "'Dina'" in done.stderr and "'dina'" in done.stderr


def test_a_lane_written_on_two_rows_is_located_at_the_row_of_the_entry(handbook: Path) -> None:
    """Two rows read as pain points: a refused entry of the first row is said at the
    first row's cell, not the last row's."""
    write_csv(handbook / "lokakarya.csv", [
        ["Step", "Searches", "Compares"],
        ["Score", "3", "2"],
        ["Pain points", "", '{"text": "Lambat", "status": "selesai"}'],
        ["Pain points", "", "Mahal"],
    ])
    done = cjm(handbook, "import", "lokakarya.csv", "--persona", "dina")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("lokakarya.csv:C3: error: "), done.stderr
