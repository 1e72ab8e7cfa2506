"""A spreadsheet's bytes → a header and rows of stripped text, with the row numbers the
user sees in the file (the header is row 1 when it is the first line).

CSV is what Excel writes on a French Windows (Windows-1252, ``;``) or anywhere else
(UTF-8 with or without a BOM, ``,``); XLSX is read from its first sheet. A file that
cannot be read whole is refused with one message: nothing is guessed or mangled.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 100
EXTENSIONS = ("csv", "txt", "xlsx")

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls


class FileError(ValueError):
    """The file cannot be read; the message says why, in the user's language."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the file, cells as wide as headers)


def read_table(filename: str, data: bytes) -> Table:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in EXTENSIONS:
        raise FileError(_("Choose a CSV or XLSX file."))
    if len(data) > MAX_BYTES:
        raise FileError(
            _("The file is too large: at most %(size)s MB.", size=MAX_BYTES // (1024 * 1024))
        )
    if data.startswith(_OLE):
        raise FileError(_("This is an old Excel file (.xls): save it as .xlsx or CSV first."))
    if data.startswith(_ZIP):
        records = _xlsx_records(data)
    elif extension == "xlsx":
        raise FileError(_("This file is not an XLSX workbook."))
    else:
        records = _csv_records(data)
    return _table(records)


def _table(records) -> Table:
    header, rows = None, []
    for number, cells in records:
        if not any(cells):
            continue  # blank lines are skipped, but still counted
        if header is None:
            header = cells
            continue
        if len(rows) == MAX_ROWS:
            raise FileError(_("The file has too many rows: at most %(rows)s.", rows=MAX_ROWS))
        rows.append((number, cells))
    if header is None:
        raise FileError(_("The file is empty."))
    width = max([len(header)] + [len(cells) for _n, cells in rows])
    if width > MAX_COLUMNS:
        raise FileError(
            _("The file has too many columns: at most %(columns)s.", columns=MAX_COLUMNS)
        )
    pad = lambda cells: cells + [""] * (width - len(cells))  # noqa: E731
    return Table(pad(header), [(number, pad(cells)) for number, cells in rows])


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252; refused when it is neither."""
    if b"\x00" in data:
        raise FileError(_("This file is not a CSV text file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileError(
            _("The file’s encoding is not recognised: save it as CSV UTF-8 and try again.")
        ) from None


def separator(text: str) -> str:
    """``;`` or ``,``: the one the header line uses most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


def _csv_records(data: bytes):
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(text), strict=True)
    try:
        records = [(number, [c.strip() for c in cells]) for number, cells in enumerate(reader, 1)]
    except csv.Error as error:
        raise FileError(
            _("The CSV file is malformed near line %(line)s.", line=reader.line_num)
        ) from error
    return _trim_right(records)


def _cell_text(value) -> str:
    """A cell as the user typed it: whole numbers without ".0", dates without midnight."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_records(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise FileError(_("This file is not an XLSX workbook.")) from None
    try:
        return _trim_right(_sheet_records(workbook))
    except FileError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged sheet: all mean "unreadable"
        raise FileError(_("This file is not an XLSX workbook.")) from None
    finally:
        workbook.close()


def _sheet_records(workbook):
    if not workbook.worksheets:
        raise FileError(_("The file is empty."))
    records = []
    for number, cells in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
        records.append((number, [_cell_text(value) for value in cells]))
        if len(records) > MAX_ROWS + 1000:  # blank rows count too: stop a runaway sheet
            raise FileError(_("The file has too many rows: at most %(rows)s.", rows=MAX_ROWS))
    return records


def _trim_right(records):
    """Drop the empty cells Excel keeps at the end of rows (formatting without values)."""
    trimmed = []
    for number, cells in records:
        while cells and not cells[-1]:
            cells = cells[:-1]
        trimmed.append((number, cells))
    return trimmed
