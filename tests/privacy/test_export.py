"""A person's data exported as a zip: JSON and CSV parsed back, what was collected from the
person kept apart from what staff wrote, only what the user may see (unless an admin), and
the export in the history."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from crm.extensions import db
from crm.history.models import HistoryAction, HistoryEntry
from tests import factories
from tests.compliance.communications import details
from tests.conftest import snapshot
from tests.privacy.files import csv_rows, person_json, unzip
from tests.privacy.people import student


@pytest.fixture
def person(institution, other_institution, staff):
    return student(institution, other_institution, staff)


def _export(browser, contact_id: int, filename: str = "donnees-personnelles") -> dict:
    """Ask for the export, answer the register of communications' form, get the zip."""
    url = f"/contacts/{contact_id}/personal-data"
    asked = browser.post(url)
    assert asked.status_code == 200 and "communication-recipient" in asked.get_data(True)
    answer = details(asked.get_data(as_text=True), recipient="La personne", purpose="Accès")
    response = browser.post(url, answer)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/zip"
    assert f"{filename}-{contact_id}.zip" in response.headers["Content-Disposition"]
    return unzip(response.data)


def test_the_zip_holds_the_json_the_csv_files_and_a_readme(sign_in, staff, person):
    files = _export(sign_in(staff), person.contact.id)
    assert set(files) == {
        "README.txt",
        "person.json",
        "identity.csv",
        "emails.csv",
        "phones.csv",
        "interactions.csv",
        "follow_ups.csv",
        "exchanges.csv",
        "agreements_as_signatory.csv",
        "history.csv",
    }
    data = person_json(files)
    collected = data["collected_from_person"]
    assert collected["given_name"] == "Yasmine" and collected["family_name"] == "Benali"
    assert collected["emails"] == [{"address": "yasmine.benali@example.org", "label": "perso"}]
    assert collected["phones"] == [{"number": "+1 418 555 0199", "label": "cellulaire"}]
    assert collected["organization"] == "École des mines de Rabat"
    assert collected["consent_on"] == "2026-09-01"
    assert collected["source"] == "Dossier scolaire"
    assert collected["preferred_language"] == "Français"
    assert data["records"]["contact"]["institution"] == "CSI"
    [exchange] = data["records"]["exchanges"]
    assert (exchange["starts_on"], exchange["programme"]) == ("2026-08-24", "Techniques minières")
    assert exchange["partner_organization"] == "École des mines de Rabat"
    [signed] = data["records"]["agreements_as_signatory"]
    assert (signed["title"], signed["signed_on"]) == ("Entente ENIM", "2026-03-23")
    assert [e["action"] for e in data["history"]][0] == "créé"
    readme = files["README.txt"].decode("utf-8")
    assert "Yasmine Benali" in readme and "identity.csv" in readme


def test_what_staff_wrote_is_apart_from_what_was_collected(sign_in, staff, person):
    files = _export(sign_in(staff), person.contact.id)
    data = person_json(files)
    collected, written = data["collected_from_person"], data["written_by_staff"]
    assert "notes" not in collected
    assert written["notes"] == "Allergique aux arachides"
    assert written["interactions"] == [
        {
            "id": person.shared_interaction.id,
            "subject": "Accueil de Yasmine",
            "summary": "Yasmine souhaite prolonger son séjour",
        }
    ]
    assert written["exchanges"] == [
        {"id": person.exchange.id, "notes": "Difficultés familiales, suivi rapproché"}
    ]
    assert written["follow_ups"][0]["title"] == "Rappeler Yasmine"
    # The records' facts hold none of it.
    [interaction] = data["records"]["interactions"]
    assert "summary" not in interaction and interaction["kind"] == "Rencontre"
    assert "notes" not in data["records"]["exchanges"][0]
    # In the CSV files: identity.csv names each value's origin, and the columns of what
    # staff wrote say so in their header.
    identity = {row["Champ"]: row for row in csv_rows(files, "identity.csv")}
    assert identity["Prénom"]["Valeur"] == "Yasmine"
    assert identity["Prénom"]["Origine"] == "Recueilli auprès de la personne"
    assert identity["Notes"]["Origine"] == "Rédigé par le personnel"
    assert identity["Créé le"]["Origine"] == "Conservé par le système"
    [row] = csv_rows(files, "interactions.csv")
    assert row["Résumé (rédigé par le personnel)"] == "Yasmine souhaite prolonger son séjour"
    assert row["Lieu"] == "Sept-Îles"
    [row] = csv_rows(files, "exchanges.csv")
    assert row["Notes (rédigé par le personnel)"] == "Difficultés familiales, suivi rapproché"
    assert [r["Adresse"] for r in csv_rows(files, "emails.csv")] == ["yasmine.benali@example.org"]


def test_a_user_exports_only_what_they_may_see(sign_in, staff, person):
    files = _export(sign_in(staff), person.contact.id)
    data = person_json(files)
    assert data["export"]["complete"] is False
    ids = [row["id"] for row in data["records"]["interactions"]]
    assert ids == [person.shared_interaction.id]
    assert "Propos tenus" not in files["interactions.csv"].decode("utf-8-sig")
    assert "seulement ce que" in files["README.txt"].decode("utf-8")


def test_an_admin_exports_what_they_may_see(sign_in, admin, person):
    """Another institution's private records are that institution's to disclose."""
    files = _export(sign_in(admin), person.contact.id)
    data = person_json(files)
    assert data["export"]["complete"] is False
    ids = {row["id"] for row in data["records"]["interactions"]}
    assert ids == {person.shared_interaction.id}
    assert "Propos tenus au Cégep de Thetford" not in files["interactions.csv"].decode("utf-8-sig")


def test_the_export_is_in_the_history(sign_in, staff, person):
    _export(sign_in(staff), person.contact.id)
    db.session.rollback()
    entry = db.session.scalars(
        sa.select(HistoryEntry).where(HistoryEntry.action == HistoryAction.EXPORT)
    ).one()
    assert (entry.record_type, entry.record_id) == ("contacts", person.contact.id)
    assert entry.actor_id == staff.id and entry.at is not None
    # The next export lists the previous one in the record's history.
    files = _export(sign_in(staff), person.contact.id)
    actions = [row["Action"] for row in csv_rows(files, "history.csv")]
    assert "renseignements personnels exportés" in actions


def test_an_english_user_gets_english_headers(sign_in, institution, person):
    user = factories.user(role="staff", institution=institution, locale="en")
    files = _export(sign_in(user), person.contact.id, "personal-data")
    identity = {row["Field"]: row for row in csv_rows(files, "identity.csv")}
    assert identity["Given name"]["Origin"] == "Collected from the person"


def test_a_viewer_may_not_export_and_nothing_is_recorded(sign_in, viewer, person):
    browser = sign_in(viewer)
    before = snapshot()
    response = browser.post(f"/contacts/{person.contact.id}/personal-data")
    assert response.status_code == 403
    assert snapshot() == before


def test_another_institutions_private_student_does_not_exist(sign_in, staff, other_institution):
    hidden = factories.contact(other_institution, is_student=True)
    assert sign_in(staff).post(f"/contacts/{hidden.id}/personal-data").status_code == 404


def test_the_contact_page_offers_the_export_to_staff_only(sign_in, staff, viewer, person):
    url = f"/contacts/{person.contact.id}"
    assert "Exporter les données personnelles" in sign_in(staff).get(url).get_data(as_text=True)
    assert "Exporter les données personnelles" not in sign_in(viewer).get(url).get_data(
        as_text=True
    )


def test_a_persons_export_is_in_the_register_of_communications(sign_in, staff, person):
    from crm.compliance.models import Communication

    _export(sign_in(staff), person.contact.id)
    db.session.rollback()
    [row] = db.session.scalars(sa.select(Communication)).all()
    assert (row.kind, row.record_count, row.recipient, row.purpose) == (
        "person",
        1,
        "La personne",
        "Accès",
    )
    assert row.includes_students and row.exported_by_id == staff.id
