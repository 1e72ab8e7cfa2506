"""The CSV and XLSX writers: rows of records through columns, into one file's bytes.

CSV is UTF-8 with a byte order mark (so Excel reads accents right), comma-separated and
quoted by the csv module. XLSX is written by openpyxl in write-only mode (rows go to disk
as they come, whatever the number): the header in bold and frozen, column widths, dates
and numbers as real dates and numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from crm.exports.cells import cell_value, looks_like_formula
from crm.exports.columns import Column

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable  # records, read once
    count: int = 0  # how many rows were written


def csv_bytes(sheet: Sheet) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([str(column.label) for column in sheet.columns])
    for record in sheet.rows:
        writer.writerow([_csv_text(cell_value(column.value(record))) for column in sheet.columns])
        sheet.count += 1
    return text.getvalue().encode("utf-8-sig")


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(_sheet_title(sheet.title)), sheet)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _write_sheet(worksheet, sheet: Sheet) -> None:
    # In write-only mode, widths and panes must be set before the first row.
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = max(
            column.width, len(str(column.label)) + 2
        )
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(worksheet, value=str(column.label))
        cell.font = bold
        header.append(cell)
    worksheet.append(header)
    for record in sheet.rows:
        worksheet.append(
            [_xlsx_cell(worksheet, cell_value(column.value(record))) for column in sheet.columns]
        )
        sheet.count += 1


def _xlsx_cell(worksheet, value):
    """The value as openpyxl writes it; a styled cell only where one is needed (faster)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XLSX cannot hold
        if not value.startswith("="):
            return value
        cell = WriteOnlyCell(worksheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return cell
    return value


def _sheet_title(title: str) -> str:
    """Excel refuses titles over 31 characters and with any of []:*?/\\."""
    cleaned = "".join("-" if c in "[]:*?/\\" else c for c in title)
    return cleaned[:31] or "Sheet"
