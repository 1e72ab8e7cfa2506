"""The confidentiality-incident register: admins record, read, change and export it."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from crm.compliance.models import ConfidentialityIncident
from crm.extensions import db
from crm.history.models import HistoryAction, HistoryEntry
from tests import factories
from tests.compliance.factories import incident
from tests.conftest import snapshot
from tests.exports.files import csv_records, sheet_records, workbook


def _form(institution, **changes) -> dict:
    return {
        "institution_id": str(institution.id),
        "information_concerned": "Noms, courriels et numéros de passeport",
        "circumstances": "Une clé USB perdue à l’aéroport de Rabat",
        "occurred_on": "2026-11-10",
        "occurred_until": "2026-11-12",
        "discovered_on": "2026-11-12",
        "people_affected": "25",
        "is_estimate": "y",
        "risk_assessment": "Passeports : risque de vol d’identité",
        "is_serious_risk": "y",
        "people_notified_on": "2026-11-14",
        "measures": "Mots de passe changés; personnes avisées",
    } | changes


def test_an_admin_records_an_incident_and_finds_it_in_the_list(sign_in, admin, institution):
    browser = sign_in(admin)
    assert "Consigner un incident" in browser.get("/admin/incidents/new").get_data(as_text=True)
    response = browser.post("/admin/incidents/new", _form(institution))
    assert response.status_code == 302
    db.session.rollback()
    record = db.session.scalars(sa.select(ConfidentialityIncident)).one()
    assert record.people_affected == 25 and record.is_estimate and record.is_serious_risk
    assert record.occurred_until == date(2026, 11, 12)
    assert record.created_by_id == admin.id
    page = browser.get(response.location).get_data(as_text=True)
    assert "Une clé USB perdue à l’aéroport de Rabat" in page
    listing = browser.get("/admin/incidents/").get_data(as_text=True)
    # A serious risk without the Commission's notice date: still to be notified.
    assert "À aviser" in listing


def test_the_commission_date_clears_the_notice_and_the_history_keeps_both(
    sign_in, admin, institution
):
    record = incident(institution, is_serious_risk=True)
    browser = sign_in(admin)
    assert "À aviser" in browser.get("/admin/incidents/").get_data(as_text=True)
    form = _form(institution, commission_notified_on="2026-11-13", version=str(record.version))
    response = browser.post(f"/admin/incidents/{record.id}/edit", form)
    assert response.status_code == 302
    assert "À aviser" not in browser.get("/admin/incidents/").get_data(as_text=True)
    db.session.rollback()
    entries = db.session.scalars(
        sa.select(HistoryEntry)
        .where(HistoryEntry.record_type == "confidentiality_incidents")
        .order_by(HistoryEntry.id)
    ).all()
    assert [e.action for e in entries] == [HistoryAction.CREATE, HistoryAction.UPDATE]
    assert entries[1].actor_id == admin.id
    assert entries[1].changes["commission_notified_on"] == [None, "2026-11-13"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"people_affected": "-3"}, "people_affected", None),
        ({"circumstances": ""}, "circumstances", None),
        (
            {"occurred_until": "2026-11-01"},
            "occurred_until",
            "La période ne peut pas finir avant de commencer.",
        ),
        (
            {"discovered_on": "2026-11-01", "occurred_until": ""},
            "discovered_on",
            "L’incident ne peut pas être connu avant d’avoir eu lieu.",
        ),
        (
            {"discovered_on": "2099-01-01", "occurred_until": ""},
            "discovered_on",
            "Cette date est dans le futur.",
        ),
        (
            {"commission_notified_on": "2026-11-11"},
            "commission_notified_on",
            "Un avis ne peut pas précéder la date où l’incident a été connu.",
        ),
        (
            {"information_concerned": ""},
            "information_concerned",
            "Décrivez les renseignements personnels concernés, ou dites pourquoi c’est impossible.",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    sign_in, admin, institution, changes, field, message
):
    browser = sign_in(admin)
    before = snapshot()
    response = browser.post("/admin/incidents/new", _form(institution, **changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-errors"' in page
    if message:
        assert message in page
    assert snapshot() == before


def test_a_reason_stands_in_for_information_that_cannot_be_described(sign_in, admin, institution):
    form = _form(
        institution,
        information_concerned="",
        information_unknown_reason="Le serveur compromis n’a pas de journal",
    )
    assert sign_in(admin).post("/admin/incidents/new", form).status_code == 302


def test_the_register_exports_as_csv_and_xlsx(sign_in, admin, institution):
    incident(institution, people_affected=7, is_estimate=True, measures="Accès révoqués")
    browser = sign_in(admin)
    (row,) = csv_records(browser.get("/admin/incidents/export.csv"))
    assert row["Nombre de personnes touchées"] == "7"
    assert row["Estimation"] == "Oui"
    assert row["Mesures prises"] == "Accès révoqués"
    assert row["Date de l’incident (ou début de la période)"] == "2026-10-01"
    (record,) = sheet_records(workbook(browser.get("/admin/incidents/export.xlsx")).active)
    assert record["Nombre de personnes touchées"] == 7
    assert record["Établissement membre"] == institution.code


@pytest.mark.parametrize("role", ["viewer", "staff", "director"])
def test_only_admins_see_the_register(sign_in, institution, role):
    record = incident(institution)
    browser = sign_in(factories.user(role=role, institution=institution))
    for url in (
        "/admin/incidents/",
        "/admin/incidents/new",
        f"/admin/incidents/{record.id}",
        f"/admin/incidents/{record.id}/edit",
        "/admin/incidents/export.csv",
        "/admin/communications/",
        "/admin/communications/export.xlsx",
    ):
        assert browser.get(url).status_code == 403, url
    before = snapshot()
    assert browser.post("/admin/incidents/new", _form(institution)).status_code == 403
    assert snapshot() == before
