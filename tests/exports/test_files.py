"""The writers and the response helper on their own: cells, formulas, file names."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook

from crm.agreements.models import AgreementStatus
from crm.exports.cells import cell_value, looks_like_formula
from crm.exports.columns import Column
from crm.exports.responses import content_disposition
from crm.exports.tabular import Sheet, csv_bytes, xlsx_bytes


def _sheet(values: list) -> Sheet:
    return Sheet("Feuille", [Column("Valeur", lambda v: v)], values)


def test_cells_read_as_people_do(app):
    with app.test_request_context():
        assert cell_value(AgreementStatus.ACTIVE) == "en vigueur"
        assert cell_value(True) == "Oui" and cell_value(False) == "Non"
        assert cell_value(["CSI", None, "CTH"]) == "CSI; CTH"
        # 14:30 UTC in March 2026 is 10:30 in Toronto (daylight saving time).
        assert cell_value(datetime(2026, 3, 23, 14, 30, tzinfo=UTC)) == datetime(
            2026, 3, 23, 10, 30
        )
        assert cell_value(date(2026, 3, 23)) == date(2026, 3, 23)
        assert cell_value(None) is None


def test_formulas_stay_text_and_phone_numbers_stay_as_typed(app):
    assert looks_like_formula('=HYPERLINK("http://evil")')
    assert looks_like_formula("@SUM(A1)") and looks_like_formula("-2+3+cmd|' /C calc'!A0")
    assert not looks_like_formula("+1 418 962-9848") and not looks_like_formula("-12.5")
    values = ["=1+1", "+1 418 962-9848", "Élodie"]
    with app.test_request_context():
        text = csv_bytes(_sheet(values)).decode("utf-8-sig")
        book = load_workbook(io.BytesIO(xlsx_bytes([_sheet(values + ["bad\x0bchar"])])))
    assert list(csv.reader(io.StringIO(text))) == [
        ["Valeur"],
        ["'=1+1"],
        ["+1 418 962-9848"],
        ["Élodie"],
    ]
    cells = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert cells == ["=1+1", "+1 418 962-9848", "Élodie", "badchar"]
    assert book.active["A2"].data_type == "s"


def test_xlsx_dates_and_numbers_are_real_ones(app):
    with app.test_request_context():
        book = load_workbook(io.BytesIO(xlsx_bytes([_sheet([date(2026, 3, 23), 42, 2.5])])))
    sheet = book.active
    assert sheet.title == "Feuille"
    assert sheet["A2"].is_date and sheet["A2"].number_format == "yyyy-mm-dd"
    assert sheet["A3"].value == 42 and sheet["A3"].data_type == "n"
    assert sheet["A4"].value == 2.5


def test_file_names_in_ascii_and_in_utf8():
    assert content_disposition("contacts-2026-11-25.csv") == (
        'attachment; filename="contacts-2026-11-25.csv"'
    )
    assert content_disposition("échanges-2026-11-25.csv") == (
        'attachment; filename="echanges-2026-11-25.csv"; '
        "filename*=UTF-8''%C3%A9changes-2026-11-25.csv"
    )
    assert content_disposition('a"b\\c.vcf').startswith('attachment; filename="a_b_c.vcf"')
