"""Every list's CSV and XLSX: the same filtered, sorted rows as the page, every page of
them, only what the user may see, headers in French, accents intact."""

from __future__ import annotations

import pytest

from tests import factories
from tests.compliance.communications import fetch
from tests.exports.files import BOM, csv_records, csv_rows, sheet_records, workbook
from tests.exports.lists import CASES, FIRST, HIDDEN, LEFT_OUT, SECOND


@pytest.fixture(params=sorted(CASES))
def case(request, institution, other_institution, staff):
    chosen = CASES[request.param]
    chosen.make(institution, other_institution, staff)
    return chosen


def test_csv_holds_the_filtered_sorted_list(sign_in, staff, case):
    response = fetch(sign_in(staff), f"{case.path}/export.csv?{case.query}")
    assert response.get_data().startswith(BOM)
    records = csv_records(response)
    assert [r[case.column] for r in records] == [FIRST, SECOND]
    header = csv_rows(response)[0]
    assert "Établissement" in header or "Responsable" in header  # French headers
    assert header[-1] == "Lien"
    assert all(r["Lien"].startswith("http://localhost/") for r in records)
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "private, no-store"


def test_xlsx_holds_the_same_rows(sign_in, staff, case):
    book = workbook(fetch(sign_in(staff), f"{case.path}/export.xlsx?{case.query}"))
    sheet = book.active
    assert [r[case.column] for r in sheet_records(sheet)] == [FIRST, SECOND]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["A"].width >= 10


def test_the_page_lists_the_same_records(sign_in, staff, case):
    page = sign_in(staff).get(f"{case.path}/?{case.query}").get_data(as_text=True)
    if case.on_page:
        assert FIRST in page and SECOND in page
    assert LEFT_OUT not in page and HIDDEN not in page


def test_a_viewer_exports_what_they_see(sign_in, institution, case):
    viewer = factories.user(role="viewer", institution=institution)
    records = csv_records(fetch(sign_in(viewer), f"{case.path}/export.csv?{case.query}"))
    assert [r[case.column] for r in records] == [FIRST, SECOND]


def test_the_private_record_matches_the_filter_for_its_own_institution(
    sign_in, other_institution, case
):
    """The control of the tests above: the record left out was left out for its privacy."""
    stranger = factories.user(role="staff", institution=other_institution)
    response = fetch(sign_in(stranger), f"{case.path}/export.csv?{case.query}")
    assert HIDDEN in [r[case.column] for r in csv_records(response)]


def test_export_links_carry_the_filters_but_not_the_page(sign_in, staff, case):
    page = sign_in(staff).get(f"{case.path}/?{case.query}&page=1").get_data(as_text=True)
    assert "Exporter :" in page
    query = case.query.replace("&", "&amp;")
    assert f'href="{case.path}/export.csv?{query}"' in page
    assert f'href="{case.path}/export.xlsx?{query}"' in page


@pytest.mark.parametrize("fmt", ["pdf", "CSV", "xls", "vcf"])
def test_an_unknown_format_is_404(sign_in, staff, fmt):
    browser = sign_in(staff)
    for path in ("/organizations", "/interactions", "/agreements", "/follow-ups"):
        assert browser.get(f"{path}/export.{fmt}").status_code == 404


def test_unknown_filter_values_filter_nothing_as_on_the_page(sign_in, staff, institution):
    factories.organization(institution, name=FIRST)
    browser = sign_in(staff)
    query = "kind=spaceship&country=ZZ&archived=maybe&sort=nonsense&page=abc"
    names = [r["Nom"] for r in csv_records(browser.get(f"/organizations/export.csv?{query}"))]
    assert names == [FIRST]
    assert FIRST in browser.get(f"/organizations/?{query}").get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/contacts/export.csv")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
