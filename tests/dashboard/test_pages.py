"""The dashboard and the board report as pages: in French, for every role, with bad input."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine

from crm.core.clock import today
from crm.demo.seed import seed_demo
from crm.extensions import db
from tests import factories


@pytest.fixture
def demo(app):
    with time_machine.travel(date(2026, 11, 25), tick=False):
        seed_demo(today())
    db.session.commit()


def _text(response) -> str:
    page = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_directors_start_from_the_dashboard(sign_in, director, staff):
    assert sign_in(director).get("/").headers["Location"].endswith("/dashboard/")
    assert sign_in(staff).get("/").status_code == 200  # staff keep their follow-ups


@pytest.mark.parametrize("role", ["viewer", "staff", "director", "admin"])
def test_every_role_opens_the_dashboard_and_the_report(sign_in, institution, role):
    browser = sign_in(factories.user(role, institution))
    for path in ("/dashboard/", "/dashboard/report"):
        response = browser.get(path)
        assert response.status_code == 200, path
        assert 'lang="fr"' in response.get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for path in ("/dashboard/", "/dashboard/report", "/dashboard/report.pdf"):
        assert "/login" in client.get(path).headers["Location"]


def test_the_demo_dashboard_in_french(sign_in, director, demo):
    text = _text(
        sign_in(director).get("/dashboard/?period=custom&starts_on=2026-01-01&ends_on=2026-12-31")
    )
    assert "Tableau de bord" in text
    assert "Mission au Maroc des directions des trois cégeps" in text
    assert "Entente de création du consortium collégial en formation minière" in text
    assert "Rencontres tenues" in text and "Personnes rencontrées" in text
    assert "Maroc" in text and "Canada" in text
    assert "1 janvier 2026 au 31 décembre 2026" in text


def test_a_wrong_period_says_why_and_shows_this_year(sign_in, director):
    response = sign_in(director).get(
        "/dashboard/?period=custom&starts_on=2026-05-01&ends_on=2026-01-01"
    )
    assert response.status_code == 200
    text = _text(response)
    assert "La date de fin ne peut pas précéder la date de début." in text
    year = today().year
    assert f"1 janvier {year} au 31 décembre {year}" in text


@pytest.mark.parametrize(
    "query",
    [
        "period=custom",
        "period=custom&starts_on=2000-01-01&ends_on=2026-01-01",
        "period=nonsense&institution=NOPE",
        "starts_on=not-a-date&period=custom&ends_on=2026-13-45",
    ],
)
def test_nonsense_in_the_address_never_fails(sign_in, director, query):
    response = sign_in(director).get(f"/dashboard/?{query}")
    assert response.status_code == 200
    assert "Tout le consortium" in _text(response)


def test_the_board_report_prints_to_pdf(sign_in, director, demo):
    response = sign_in(director).get("/dashboard/report.pdf?period=this_year")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert "attachment" in response.headers["Content-Disposition"]
    assert ".pdf" in response.headers["Content-Disposition"]


def test_the_report_for_one_member(sign_in, director, institution, demo):
    text = _text(sign_in(director).get(f"/dashboard/report?institution={institution.code}"))
    assert "Rapport au conseil" in text
    assert institution.name_fr in text


def test_the_dashboard_and_report_in_english(sign_in, institution, demo):
    browser = sign_in(factories.user("director", institution, locale="en"))
    text = _text(browser.get("/dashboard/?period=custom&starts_on=2026-01-01&ends_on=2026-12-31"))
    for words in (
        "Dashboard",
        "What the missions produced",
        "Meetings held",
        "People met",
        "Agreements by status",
        "Partners around the world",
        "Morocco",
        "Exchanges per academic year",
        "January 1, 2026 to December 31, 2026",
    ):
        assert words in text, words
    report = _text(browser.get("/dashboard/report"))
    assert "Board report: international partnerships" in report


@pytest.mark.parametrize(
    "query", ["endpoint=x", "_method=POST", "_scheme=javascript", "_anchor=x&_external=1"]
)
def test_url_for_names_in_the_address_break_no_link(sign_in, director, query):
    browser = sign_in(director)
    for path in ("/dashboard/", "/dashboard/report", "/agreements/", "/organizations/"):
        assert browser.get(f"{path}?{query}").status_code == 200, path


@pytest.mark.parametrize("path", ["/agreements/", "/exchanges/", "/follow-ups/", "/contacts/"])
def test_an_id_beyond_any_record_in_the_address_is_ignored(sign_in, director, path):
    browser = sign_in(director)
    for query in (
        "mission=9223372036854775808",
        "mission=abc",
        "organization_id=99999999999999999999",
    ):
        assert browser.get(f"{path}?{query}").status_code == 200, query
