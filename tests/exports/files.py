"""Exported files read back as a program would: csv, openpyxl, vobject."""

from __future__ import annotations

import csv
import io

import vobject
from openpyxl import load_workbook

BOM = b"\xef\xbb\xbf"


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV export, header first; the file starts with a byte order mark."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    data = response.get_data()
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def csv_records(response) -> list[dict[str, str]]:
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.get_data()))


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def sheet_records(sheet) -> list[dict]:
    header, *rows = sheet_rows(sheet)
    return [dict(zip(header, row, strict=True)) for row in rows]


def vcards(response) -> list:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/vcard"
    return list(vobject.readComponents(response.get_data(as_text=True)))
