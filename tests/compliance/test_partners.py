"""Partners outside Québec: their safeguards on their page and form, and the warnings when
a student's exchange is with one that has none."""

from __future__ import annotations

from datetime import date

from crm.extensions import db
from crm.organizations.models import Organization
from tests import factories
from tests.exchanges import factories as exchange_factories

WARNING = 'id="partner-privacy-warning"'


def _organization_form(**values) -> dict:
    return (
        {"name": "Université Mohammed VI", "kind": "education", "country": "MA"}
        | {
            "visibility": "consortium",
            "outside_quebec": "",
        }
        | values
    )


def test_outside_quebec_follows_the_country_unless_chosen(sign_in, staff):
    browser = sign_in(staff)
    assert browser.post("/organizations/new", _organization_form()).status_code == 302
    form = _organization_form(name="Cégep de Rimouski", country="CA")
    assert browser.post("/organizations/new", form).status_code == 302
    form = _organization_form(name="Collège d’Ottawa", country="CA", outside_quebec="yes")
    assert browser.post("/organizations/new", form).status_code == 302
    db.session.rollback()
    found = {o.name: o.outside_quebec for o in db.session.query(Organization)}
    assert found == {
        "Université Mohammed VI": True,
        "Cégep de Rimouski": False,
        "Collège d’Ottawa": True,
    }


def test_the_safeguards_are_edited_and_shown(sign_in, staff, institution):
    partner = factories.organization(institution, name="Université Mohammed VI")
    browser = sign_in(staff)
    page = browser.get(f"/organizations/{partner.id}").get_data(as_text=True)
    assert WARNING in page
    form = _organization_form(
        outside_quebec="yes",
        pia_done_on="2026-09-01",
        data_agreement_on="2026-10-15",
        privacy_document="Dossier partagé / Ententes / UM6P.pdf",
        version=str(partner.version),
    )
    assert browser.post(f"/organizations/{partner.id}/edit", form).status_code == 302
    db.session.rollback()
    saved = db.session.get(Organization, partner.id)
    assert (saved.pia_done_on, saved.data_agreement_on) == (date(2026, 9, 1), date(2026, 10, 15))
    page = browser.get(f"/organizations/{partner.id}").get_data(as_text=True)
    assert WARNING not in page
    assert "Dossier partagé / Ententes / UM6P.pdf" in page
    assert "Évaluation des facteurs relatifs à la vie privée le" in page


def test_the_exchange_page_warns_about_a_partner_without_safeguards(sign_in, staff, institution):
    risky = factories.organization(institution, name="Sans entente", country="MA")
    exchange = exchange_factories.exchange(institution, partner=risky)
    page = sign_in(staff).get(f"/exchanges/{exchange.id}").get_data(as_text=True)
    assert WARNING in page
    assert "Des renseignements personnels d’étudiants sont communiqués à Sans entente" in page

    at_home = factories.organization(institution, name="Cégep de Rimouski", country="CA")
    exchange = exchange_factories.exchange(institution, partner=at_home)
    assert WARNING not in sign_in(staff).get(f"/exchanges/{exchange.id}").get_data(as_text=True)


def test_saving_an_exchange_with_such_a_partner_flashes_a_warning(sign_in, staff, institution):
    risky = factories.organization(institution, name="Sans entente", country="MA")
    covered = factories.organization(
        institution,
        name="Couvert",
        country="MA",
        pia_done_on=date(2026, 1, 1),
        data_agreement_on=date(2026, 1, 2),
    )
    student = exchange_factories.student_contact(institution)
    browser = sign_in(staff)
    form = {
        "student_id": str(student.id),
        "direction": "outgoing",
        "agreement_id": "",
        "programme": "Génie minier",
        "starts_on": "2026-08-24",
        "ends_on": "2026-12-18",
        "status": "nominated",
        "visibility": "member",
    }
    response = browser.post(
        "/exchanges/new", form | {"partner_organization_id": str(risky.id)}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Sans entente est hors Québec sans évaluation des facteurs" in response.get_data(
        as_text=True
    )
    response = browser.post(
        "/exchanges/new",
        form | {"partner_organization_id": str(covered.id)},
        follow_redirects=True,
    )
    assert "hors Québec sans évaluation" not in response.get_data(as_text=True)
