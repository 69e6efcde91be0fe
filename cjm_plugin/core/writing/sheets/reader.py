"""Reading a spreadsheet file into a grid of texts, whatever it is: CSV, XLSX or ODS.

XLSX and ODS are read with python-calamine (a binding of the Rust crate calamine: one
reader for xlsx, xlsm, xlsb, xls and ods, which never runs a file's macros and reads a
formula's last value), CSV with Python's :mod:`csv` (with the delimiter that Excel in a given
locale wrote: ``,`` or ``;`` or a tab). Everything that can go
wrong is a :class:`SheetError` naming the file, the sheet and the cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cjm_plugin.core.language.translate import _
from cjm_plugin.core.model.characters import CONTROLS, members
from cjm_plugin.core.writing.sheets.cells import cell_name

#: Limits: a journey map is a few dozen rows and columns of short texts; beyond these a
#: file is not a map (or is built to exhaust the machine), and is refused before it is read.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 500
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
#: Characters a cell refuses: control characters but tab and line breaks.
_CELL_CONTROLS = members(CONTROLS) - set("\t\n\r")

SPREADSHEETS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TEXT_SHEETS = (".csv", ".tsv", ".txt")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file is an OLE container


class SheetError(Exception):
    """A sheet that cannot be read or made into a map: ``where`` says where (``file``,
    ``file:Sheet1!B4``), the message what is wrong and what to do."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {_('error')}: {message}")
        self.where = where
        self.message = message


class SheetErrors(SheetError):
    """Several cells' mistakes, said together (a line each), so that a workshop's sheet
    is corrected in one go rather than one run per mistake."""

    def __init__(self, errors: list[SheetError]):
        super().__init__(errors[0].where, errors[0].message)
        self.errors = errors
        self.args = ("\n".join(str(error) for error in errors),)


@dataclass
class Grid:
    """The cells of one sheet as texts (``""`` for an empty cell), row by row, with the
    file and sheet they come from to locate a message."""

    file: str
    sheet: str | None
    rows: list[list[str]]
    #: Mistakes in single cells, said all at once when the sheet has been read through.
    noted: list[SheetError] = field(default_factory=list)

    def where(self, row: int | None = None, col: int | None = None) -> str:
        """``file:Sheet!B4`` (CSV: ``file:B4``), or the file alone."""
        if row is None:
            return self.file if self.sheet is None else f"{self.file}:{self.sheet}"
        cell = cell_name(row, col or 0)
        return f"{self.file}:{cell}" if self.sheet is None else f"{self.file}:{self.sheet}!{cell}"

    def error(self, row: int | None, col: int | None, message: str) -> SheetError:
        return SheetError(self.where(row, col), message)

    def note(self, row: int, col: int, message: str) -> None:
        """A cell's mistake that does not stop reading the rest of the sheet."""
        self.noted.append(self.error(row, col, message))

    def raise_noted(self) -> None:
        """Raises the cells' mistakes noted so far, in the order of the sheet's rows."""
        if self.noted:
            raise SheetErrors(sorted(self.noted, key=lambda error: _cell_order(error.where)))

    def cell(self, row: int, col: int) -> str:
        cells = self.rows[row]
        return cells[col] if col < len(cells) else ""


def _cell_order(where: str) -> tuple[int, int]:
    """(row, column) of ``file:B4`` for sorting; a place without a cell first."""
    found = re.search(r"([A-Z]+)(\d+)$", where)
    if not found:
        return (0, 0)
    column = 0
    for letter in found.group(1):
        column = column * 26 + ord(letter) - 64
    return (int(found.group(2)), column)


def read_grid(path: Path, shown: str, sheet: str | None = None) -> Grid:
    """The sheet named ``sheet`` (default: the first) of the file at ``path``;
    ``shown`` is the path written in messages."""
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEETS + TEXT_SHEETS:
        raise SheetError(shown, _("'{kind}' is not a spreadsheet cjm reads; save the sheet as "
                                  ".xlsx, .ods or .csv", kind=path.suffix or path.name))
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise SheetError(shown, _("is not a file; name the spreadsheet file to import"))
        if size > MAX_FILE_BYTES:
            raise SheetError(shown, _("is {size} MB; a journey map's sheet is far smaller (at most "
                                      "{most} MB): save only the map's sheet in a file of its own",
                                      size=size // (1024 * 1024), most=MAX_FILE_BYTES // (1024 * 1024)))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SheetError(shown, _("no such file; check the name and the folder")) from None
    except OSError as exc:
        raise SheetError(shown, _("cannot be read ({reason})", reason=exc.strerror or exc)) from None
    if not raw.strip():
        raise SheetError(shown, _("is empty; fill in the map's table first"))
    if suffix in TEXT_SHEETS:
        grid = Grid(shown, None, _csv_rows(raw, shown, tab=suffix == ".tsv"))
    else:
        grid = _workbook(path, raw, shown, sheet)
    _check_cells(grid)
    return grid


def _csv_rows(raw: bytes, shown: str, *, tab: bool) -> list[list[str]]:
    text = _decode(raw)
    if "\x00" in text:
        raise SheetError(shown, _("is not a text (CSV) file; save the sheet as .csv, .xlsx or .ods"))
    delimiter = "\t" if tab else _delimiter(text[:65536])
    rows: list[list[str]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
            if number >= MAX_ROWS:
                raise SheetError(shown, _too_many_rows())
            rows.append(row)
    except csv.Error as exc:
        raise SheetError(f"{shown}:A{len(rows) + 1}",
                         _("the CSV cannot be read here ({reason}); open it in a spreadsheet "
                           "and save it again as CSV", reason=exc)) from None
    return rows


def _delimiter(sample: str) -> str:
    """The delimiter that splits one of the first three rows into the most cells (','
    on a tie): a map's top rows (a title, its stages, its steps) have a cell per column,
    and unlike :class:`csv.Sniffer` this is not swayed by ';' or tabs inside long texts."""
    best, most = ",", 0
    for candidate in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=candidate)
        try:
            cells = max((len(row) for _, row in zip(range(3), reader, strict=False)), default=0)
        except csv.Error:
            continue
        if cells > most:
            best, most = candidate, cells
    return best


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without Excel's byte-order mark), UTF-16 with its mark, else
    Windows-1252, which Excel on Windows writes for "CSV" and which decodes any byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _workbook(path: Path, raw: bytes, shown: str, sheet: str | None) -> Grid:
    from python_calamine import CalamineWorkbook

    if raw.startswith(_OLE) and path.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
        raise SheetError(shown, _("is protected with a password (or is not a spreadsheet); "
                                  "open it, remove the password (File > Info > Protect workbook) "
                                  "and save it again"))
    if raw.startswith(b"PK"):
        _check_zip(path, shown)
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = [m.name for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")]
        if not names:
            raise SheetError(shown, _("has no worksheet with cells"))
        if sheet is None:
            name = names[0]
        elif sheet in names:
            name = sheet
        else:
            raise SheetError(shown, _("has no sheet named '{sheet}'; its sheets: {sheets}", sheet=sheet,
                                      sheets=", ".join(f"'{n}'" for n in names)))
        data = book.get_sheet_by_name(name)
        if data.total_height > MAX_ROWS:
            raise SheetError(f"{shown}:{name}", _too_many_rows())
        if data.total_width > MAX_COLUMNS:
            raise SheetError(f"{shown}:{name}", _too_many_columns())
        values = data.to_python(skip_empty_area=False)
    except SheetError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine's errors share no base class; a Rust panic is a BaseException
        kind = type(exc).__name__
        hint = (_("is protected with a password; remove the password and save it again")
                if "Password" in kind or "ncrypt" in str(exc) else
                _("cannot be read as a spreadsheet (it may be damaged, or not the kind of file "
                  "its name says); open it in a spreadsheet program and save it again as .xlsx "
                  "or .ods"))
        raise SheetError(shown, f"{hint} ({exc})".replace("\n", " ")) from None
    return Grid(shown, name, [[_text(v) for v in row] for row in values])


def _check_zip(path: Path, shown: str) -> None:
    """An XLSX or ODS file is a zip archive: refuse one that unpacks to far more than a
    map could hold (a "zip bomb") before the reader unpacks it."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader says what is wrong with it
    if total > MAX_UNZIPPED_BYTES:
        raise SheetError(shown, _("unpacks to {size} MB; a journey map's sheet is far smaller: save "
                                  "only the map's sheet in a file of its own",
                                  size=total // (1024 * 1024)))


def _text(value: object) -> str:
    """A cell's value as the text a writer sees: 2.0 -> '2', a date -> 2026-10-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    return str(value)


def _too_many_rows() -> str:
    return _("has more than {most} rows; a journey map has one row per lane: "
             "copy the map's table into a sheet of its own", most=MAX_ROWS)


def _too_many_columns() -> str:
    return _("has more than {most} columns; a journey map has one column per step: "
             "copy the map's table into a sheet of its own", most=MAX_COLUMNS)


def _check_cells(grid: Grid) -> None:
    if len(grid.rows) > MAX_ROWS:
        raise SheetError(grid.where(), _too_many_rows())
    for r, row in enumerate(grid.rows):
        if len(row) > MAX_COLUMNS:
            raise SheetError(grid.where(), _too_many_columns())
        for c, value in enumerate(row):
            if len(value) > MAX_CELL_CHARS:
                raise grid.error(r, c, _("holds {count} characters; a cell of a map holds "
                                         "at most {most}: shorten it", count=len(value),
                                         most=MAX_CELL_CHARS))
            for ch in value:
                if ch in _CELL_CONTROLS:
                    raise grid.error(r, c, _("contains a control character (U+{code}) that cannot "
                                             "be shown; remove it", code=f"{ord(ch):04X}"))
