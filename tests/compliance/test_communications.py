"""The register of communications: a personal export asks to whom and why, records it,
then sends the file; the register lists and exports what was recorded."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from crm.compliance.models import Communication
from crm.extensions import db
from tests import factories
from tests.compliance.communications import details, export
from tests.conftest import snapshot
from tests.exports.files import csv_records, sheet_records, vcards, workbook


def _communications() -> list[Communication]:
    db.session.rollback()
    return db.session.scalars(sa.select(Communication).order_by(Communication.id)).all()


def test_a_contacts_export_asks_then_records_then_sends(sign_in, staff, institution):
    partner = factories.organization(institution, name="École des mines de l’Atlas")
    factories.contact(institution, "Amina", "Alaoui", organization=partner)
    factories.contact(institution, "Jean", "Tremblay")
    browser = sign_in(staff)

    first = browser.get("/contacts/export.csv?q=Alaoui&sort=name")
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and first.mimetype == "text/html"
    assert "À qui et dans quel but ?" in page
    assert 'name="q" value="Alaoui"' in page and 'name="sort" value="name"' in page
    assert _communications() == []

    response = export(
        browser,
        "/contacts/export.csv",
        {"q": "Alaoui", "sort": "name"},
        recipient="Mme Benali, service des stages",
        purpose="Préparer la mission de mars",
        organization_id=str(partner.id),
        outside_quebec="y",
    )
    assert [r["Nom de famille"] for r in csv_records(response)] == ["Alaoui"]
    (row,) = _communications()
    assert row.kind == "contacts" and row.record_count == 1
    assert row.exported_by_id == staff.id
    assert row.recipient == "Mme Benali, service des stages"
    assert row.purpose == "Préparer la mission de mars"
    assert row.recipient_organization_id == partner.id
    assert row.recipient_organization_name == "École des mines de l’Atlas"
    assert row.is_outside_quebec and not row.includes_students
    assert row.description == "/contacts/export.csv?q=Alaoui&sort=name"
    assert row.filename == f"contacts-{date.today().isoformat()}.csv"


def test_an_empty_purpose_gets_the_form_again_and_no_file(sign_in, staff, institution):
    factories.contact(institution, "Amina", "Alaoui")
    browser = sign_in(staff)
    first = browser.get("/contacts/export.xlsx").get_data(as_text=True)
    before = snapshot()
    response = browser.get(
        "/contacts/export.xlsx", query_string=details(first, recipient="Rabat", purpose="  ")
    )
    assert response.status_code == 422 and response.mimetype == "text/html"
    assert "À qui et dans quel but ?" in response.get_data(as_text=True)
    assert 'id="communication-purpose-errors"' in response.get_data(as_text=True)
    assert snapshot() == before


def test_details_without_the_form_token_are_refused(sign_in, staff, institution):
    factories.contact(institution, "Amina", "Alaoui")
    response = sign_in(staff).get(
        "/contacts/export.csv?communication-recipient=X&communication-purpose=Y"
    )
    assert response.status_code == 422
    assert _communications() == []


def test_a_single_vcard_is_a_communication_too(sign_in, staff, institution):
    contact = factories.contact(institution, "Amina", "Alaoui", email="amina@example.ma")
    response = export(
        sign_in(staff), f"/contacts/{contact.id}/vcard", recipient="Collègue", purpose="Relance"
    )
    assert [card.fn.value for card in vcards(response)] == ["Amina Alaoui"]
    (row,) = _communications()
    assert row.kind == "contacts-vcard" and row.record_count == 1


def test_non_personal_exports_are_not_asked(sign_in, staff, institution):
    factories.organization(institution, name="Managem")
    browser = sign_in(staff)
    rows = csv_records(browser.get("/organizations/export.csv"))
    assert [r["Nom"] for r in rows] == ["Managem"]
    assert browser.get("/missions/export.xlsx").status_code == 200
    assert browser.get("/projects/export.csv").mimetype == "text/csv"
    assert _communications() == []


def test_students_and_a_partner_without_safeguards_need_a_confirmation(sign_in, staff, institution):
    factories.contact(institution, "Léa", "Gagnon", is_student=True)
    risky = factories.organization(institution, name="Partenaire sans entente", country="MA")
    covered = factories.organization(
        institution,
        name="Partenaire couvert",
        country="MA",
        pia_done_on=date(2026, 1, 10),
        data_agreement_on=date(2026, 2, 1),
    )
    browser = sign_in(staff)
    first = browser.get("/contacts/export.csv").get_data(as_text=True)
    assert "Elle comprend des renseignements personnels d’étudiants." in first
    assert "Partenaire sans entente (hors Québec, sans évaluation ni entente)" in first
    answer = {"recipient": "Bureau international", "purpose": "Accueil des stagiaires"}

    response = browser.get(
        "/contacts/export.csv", query_string=details(first, organization_id=risky.id, **answer)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="partner-privacy-warning"' in page
    assert "Cochez cette case pour continuer." in page
    assert _communications() == []

    confirmed = details(page, organization_id=risky.id, understood="y", **answer)
    assert len(csv_records(browser.get("/contacts/export.csv", query_string=confirmed))) == 1
    second = browser.get("/contacts/export.csv").get_data(as_text=True)
    covered_answer = details(second, organization_id=covered.id, **answer)
    assert browser.get("/contacts/export.csv", query_string=covered_answer).status_code == 200
    rows = _communications()
    assert [(r.recipient_organization_id, r.includes_students) for r in rows] == [
        (risky.id, True),
        (covered.id, True),
    ]


def test_exchanges_always_include_students(sign_in, staff, institution):
    from tests.exchanges import factories as exchange_factories

    exchange_factories.exchange(institution)
    response = export(sign_in(staff), "/exchanges/export.csv", recipient="Cégep", purpose="Bilan")
    assert len(csv_records(response)) == 1
    (row,) = _communications()
    assert row.kind == "exchanges" and row.includes_students


def test_the_register_lists_filters_and_exports(sign_in, staff, admin, institution):
    factories.contact(institution, "Amina", "Alaoui")
    export(sign_in(staff), "/contacts/export.csv", recipient="Rabat", purpose="Mission")
    export(
        sign_in(admin),
        "/contacts/export.csv",
        recipient="Montréal",
        purpose="Rapport annuel",
        outside_quebec="",
    )
    browser = sign_in(admin)
    page = browser.get("/admin/communications/").get_data(as_text=True)
    assert "Communications de renseignements personnels" in page
    assert "Rabat" in page and "Montréal" in page and "Liste de contacts" in page

    only_staff = browser.get(f"/admin/communications/?person={staff.id}").get_data(as_text=True)
    assert "Rabat" in only_staff and "Montréal" not in only_staff
    outside = browser.get("/admin/communications/?outside=no").get_data(as_text=True)
    assert "Montréal" in outside

    records = csv_records(browser.get(f"/admin/communications/export.csv?person={staff.id}"))
    assert [(r["Destinataire"], r["Objectif"], r["Exporté par"]) for r in records] == [
        ("Rabat", "Mission", staff.name)
    ]
    (record,) = [
        r
        for r in sheet_records(workbook(browser.get("/admin/communications/export.xlsx")).active)
        if r["Destinataire"] == "Montréal"
    ]
    assert record["Enregistrements"] == 1 and record["Quoi"] == "Liste de contacts"
    # Exporting the register is not itself a communication to record.
    assert len(_communications()) == 2
