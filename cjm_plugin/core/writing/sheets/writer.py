"""Saving a :class:`~.table.SheetTable` as XLSX (openpyxl) or CSV (Python's csv).

A text is always written as text: in XLSX its cell type is set to string, so
``=HYPERLINK(…)`` written in a map stays a text when the sheet is opened; in CSV,
which has no types, a cell starting a formula (``= + - @``) gets a leading apostrophe,
as spreadsheets write it, and ``cjm import`` drops it again.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from cjm_plugin.core.writing.sheets.table import SheetTable

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
LABEL_WIDTH = 30
STEP_WIDTH = 32


def save(table: SheetTable, target: Path, fmt: str, sheet_title: str) -> None:
    if fmt == "csv":
        target.write_text(table_csv(table), encoding="utf-8", newline="")
    else:
        _xlsx(table, target, sheet_title)


def table_csv(table: SheetTable) -> str:
    """UTF-8 with the byte-order mark Excel needs to read non-Latin text, every cell
    quoted (Excel where ';' separates lists splits an unquoted cell at ',' or ';')."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    width = max(len(r) for r in table.rows)
    for row in table.rows:
        cells = [str(c) for c in row] + [""] * (width - len(row))
        writer.writerow(["'" + c if _FORMULA.match(c) else c for c in cells])
    return "\ufeff" + out.getvalue()


def _xlsx(table: SheetTable, target: Path, sheet_title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = re.sub(r"[\[\]:*?/\\']", " ", sheet_title).strip()[:31] or "Map"
    wrap = Alignment(wrap_text=True, vertical="top")
    centred = Alignment(wrap_text=True, vertical="center", horizontal="center")
    bold = Font(bold=True)
    shade = PatternFill("solid", fgColor="E8EAF0")
    width = max(len(r) for r in table.rows)
    line = Side(style="thin", color="B0B4C0")
    grid = Border(left=line, right=line, top=line, bottom=line)
    for r, (row, kind) in enumerate(zip(table.rows, table.kinds, strict=True), start=1):
        in_table = kind not in ("details", "details-title", "blank")
        for c in range(1, (width if in_table else len(row)) + 1):
            value = row[c - 1] if c <= len(row) else ""
            cell = sheet.cell(row=r, column=c)
            if in_table:
                cell.border = grid
            if value != "":
                cell.value = value
            if isinstance(value, str) and value:
                cell.data_type = "s"  # a text, never a formula
            cell.alignment = centred if kind in ("stage", "score") and c > 1 else wrap
            if c == 1 or kind in ("stage", "step", "details-title"):
                cell.font = bold
            if kind in ("stage", "step") or (c == 1 and kind not in ("details", "blank")):
                cell.fill = shade
    for r, first, last in table.merges:
        sheet.merge_cells(start_row=r + 1, start_column=first + 1, end_row=r + 1, end_column=last + 1)
    sheet.column_dimensions["A"].width = LABEL_WIDTH
    for c in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(c)].width = STEP_WIDTH
    sheet.freeze_panes = sheet.cell(row=table.header_rows + 1, column=2)
    # Printed: landscape, as wide as the page, the stage and step rows and the
    # labels on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"1:{table.header_rows}"
    sheet.print_title_cols = "A:A"
    book.save(target)
