"""Reading spreadsheets: encodings, separators, blank lines, XLSX, and refusals."""

from __future__ import annotations

import pytest

from crm.imports import reading
from crm.imports.columns import CONTACTS, guess_mapping, mapping_errors
from crm.imports.reading import FileError, read_table
from tests.imports.files import CONTACT_LINES, cp1252, utf8_bom_commas, xlsx


def _check(table) -> None:
    assert table.headers[:3] == ["Prénom", "Nom", "Courriel"]
    numbers = [number for number, _cells in table.rows]
    assert numbers == [2, *range(4, 13)]  # the blank row 3 is skipped, but counted
    first = table.rows[0][1]
    assert first[0] == "Karim"  # trailing space stripped
    assert first[4] == "École des mines de l’Atlas"


@pytest.mark.usefixtures("app")
@pytest.mark.parametrize(
    ("name", "build"),
    [("a.csv", cp1252), ("b.csv", utf8_bom_commas), ("c.xlsx", xlsx), ("d.txt", cp1252)],
)
def test_the_same_rows_from_every_format(name, build):
    _check(read_table(name, build(CONTACT_LINES)))


@pytest.mark.usefixtures("app")
def test_utf8_without_bom_and_with_semicolons():
    data = "\n".join(CONTACT_LINES).encode("utf-8")
    _check(read_table("a.csv", data))


@pytest.mark.usefixtures("app")
def test_quoted_cells_keep_their_separator():
    table = read_table("a.csv", b'Nom,Notes\n"Tazi","un; deux, trois"\n')
    assert table.rows == [(2, ["Tazi", "un; deux, trois"])]


@pytest.mark.usefixtures("app")
def test_french_and_english_headers_are_recognised():
    headers = ["PRÉNOM ", "Nom de famille", "Adresse courriel", "Tél.", "Établissement", "Âge"]
    assert guess_mapping(headers, CONTACTS) == [
        "given_name", "family_name", "email", "phone", "organization", "",
    ]  # fmt: skip
    english = ["First name", "Last name", "E-mail", "Phone", "Company", "Job title"]
    assert "" not in guess_mapping(english, CONTACTS)
    assert mapping_errors(guess_mapping(["Courriel"], CONTACTS), CONTACTS)


@pytest.mark.usefixtures("app")
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"%PDF-1.7", "CSV"),
        ("a.csv", b"Nom;Pr\x81nom\n", "encoding"),  # 0x81: neither UTF-8 nor Windows-1252
        ("a.csv", b"Nom\x00;x\n", "CSV"),
        ("a.xlsx", b"Nom;Prenom\n", "XLSX"),
        ("a.xlsx", b"PK\x03\x04not really a zip", "XLSX"),
        ("a.csv", b"\xd0\xcf\x11\xe0 old excel", ".xls"),
        ("a.csv", b"\n\n  \n", "empty"),
        ("a.csv", b'Nom;Notes\n"Tazi;"un"deux\n', "malformed"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(name, data, message):
    with pytest.raises(FileError, match=message):
        with_english(lambda: read_table(name, data))


@pytest.mark.usefixtures("app")
def test_limits(monkeypatch):
    with pytest.raises(FileError, match="too large"):
        with_english(lambda: read_table("a.csv", b"x" * (reading.MAX_BYTES + 1)))
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    with pytest.raises(FileError, match="too many rows"):
        with_english(lambda: read_table("a.csv", b"Nom\na\nb\nc\nd\n"))
    assert len(read_table("a.csv", b"Nom\na\nb\nc\n").rows) == 3


@pytest.mark.usefixtures("app")
def test_xlsx_cells_as_typed():
    from datetime import date, datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nom", "Téléphone", "Date", "Moment", "Ratio"])
    sheet.append(["Tazi", 4189629848, date(2026, 3, 23), datetime(2026, 3, 23, 10, 30), 0.5])
    sheet["A5"] = "Alaoui"  # rows 3 and 4 are empty
    import io

    data = io.BytesIO()
    workbook.save(data)
    table = read_table("a.xlsx", data.getvalue())
    assert table.rows[0] == (2, ["Tazi", "4189629848", "2026-03-23", "2026-03-23 10:30:00", "0.5"])
    assert table.rows[1] == (5, ["Alaoui", "", "", "", ""])


def with_english(call):
    from flask_babel import force_locale

    with force_locale("en"):
        return call()
