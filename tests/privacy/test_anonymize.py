"""Anonymizing a person: every personal field erased, the history scrubbed, what happened
with them still countable; idempotent; a confirmation page with a typed reason, for
admins only."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from crm.contacts.models import Contact, ContactEmail, ContactPhone
from crm.core.audit import acting_as
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.history.models import HistoryAction, HistoryEntry
from crm.interactions.models import interaction_contacts
from crm.privacy.anonymize import anonymize
from crm.search.query import search
from tests.conftest import snapshot
from tests.privacy.people import student

# The person's own values (the staff's free text about them, "Rappeler Yasmine", stays).
PERSONAL_VALUES = (
    "Yasmine Benali",
    "Benali",
    "yasmine.benali@example.org",
    "555 0199",
    "Étudiante",
    "Allergique",
    "Registrariat",
    "2026-09-01",
    "Difficultés familiales",
)


@pytest.fixture
def person(institution, other_institution, staff):
    return student(institution, other_institution, staff)


def _contact(contact_id: int) -> Contact:
    db.session.rollback()
    return db.session.get(Contact, contact_id)


def _history_text() -> str:
    """Every history entry, as one text (labels, changes and notes)."""
    rows = db.session.execute(
        sa.select(HistoryEntry.label, HistoryEntry.changes, HistoryEntry.note)
    ).all()
    return json.dumps([list(row) for row in rows], ensure_ascii=False)


def _anonymize(browser, contact_id: int, **form):
    data = {"reason": "Demande de la personne du 20 novembre", "confirm": "y"} | form
    return browser.post(f"/contacts/{contact_id}/anonymize", data)


def test_every_personal_field_is_erased_and_the_facts_remain(sign_in, admin, person):
    contact_id = person.contact.id
    # Some history to scrub: a change of job title and of email.
    contact = _contact(contact_id)
    with acting_as(admin.id):
        contact.job_title = "Stagiaire"
        contact.emails.append(ContactEmail(address="y.b@example.org", position=1))
        db.session.commit()
    assert "Yasmine" in _history_text()

    response = _anonymize(sign_in(admin), contact_id)
    assert response.status_code == 302
    contact = _contact(contact_id)
    assert contact.full_name == "Personne anonymisée"
    assert contact.anonymized_at is not None
    for name in ("job_title", "notes", "source_details", "consent_on", "preferred_language"):
        assert getattr(contact, name) is None, name
    assert db.session.scalar(sa.select(sa.func.count(ContactEmail.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(ContactPhone.id))) == 0
    exchange = db.session.get(StudentExchange, person.exchange.id)
    assert exchange.notes is None
    # Still countable: the interactions and exchanges, with dates, kinds, countries.
    assert (exchange.starts_on.isoformat(), exchange.partner_organization.country) == (
        "2026-08-24",
        "MA",
    )
    assert exchange.programme == "Techniques minières"
    linked = sa.select(sa.func.count()).where(interaction_contacts.c.contact_id == contact_id)
    assert db.session.scalar(linked) == 2
    assert contact.is_student and contact.institution_id == person.contact.institution_id
    # Gone from the history and from the search index.
    history = _history_text()
    for value in PERSONAL_VALUES:
        assert value not in history, value
    assert search(admin, "Benali") == []
    assert len(search(admin, "anonymisée")) == 2  # the contact, and the exchange


def test_the_anonymization_is_in_the_history_with_its_reason(sign_in, admin, person):
    _anonymize(sign_in(admin), person.contact.id)
    db.session.rollback()
    entry = db.session.scalars(
        sa.select(HistoryEntry).where(
            HistoryEntry.record_type == "contacts",
            HistoryEntry.action == HistoryAction.ANONYMIZE,
        )
    ).one()
    assert entry.note == "Demande de la personne du 20 novembre"
    assert entry.actor_id == admin.id
    assert entry.changes["given_name"] == ["•", "Personne"]
    assert entry.changes["notes"] == ["•", None]
    assert entry.label == "Personne anonymisée"
    # The exchange's entries no longer name the student.
    labels = db.session.scalars(
        sa.select(HistoryEntry.label).where(HistoryEntry.record_type == "student_exchanges")
    ).all()
    assert labels and all(label.startswith("Personne anonymisée — ") for label in labels)


def test_anonymizing_twice_changes_nothing(app, admin, person):
    with acting_as(admin.id):
        assert anonymize(_contact(person.contact.id), "Demande") is True
        db.session.commit()
        before = snapshot()
        assert anonymize(_contact(person.contact.id), "Encore") is False
        db.session.commit()
    assert snapshot() == before


def test_the_page_asks_for_a_reason_and_a_confirmation(sign_in, admin, person):
    browser = sign_in(admin)
    url = f"/contacts/{person.contact.id}/anonymize"
    page = browser.get(url).get_data(as_text=True)
    assert "Anonymiser Yasmine Benali" in page and "Cette opération est irréversible." in page
    before = snapshot()
    response = _anonymize(browser, person.contact.id, reason="   ")
    assert response.status_code == 422
    assert "Indiquez la raison de l’anonymisation." in response.get_data(as_text=True)
    response = _anonymize(browser, person.contact.id, confirm="")
    assert response.status_code == 422
    assert "Cochez la case pour confirmer." in response.get_data(as_text=True)
    assert snapshot() == before


def test_an_anonymized_contacts_page_says_so_and_offers_no_edit(sign_in, admin, person):
    browser = sign_in(admin)
    page = browser.get(f"/contacts/{person.contact.id}").get_data(as_text=True)
    assert f"/contacts/{person.contact.id}/edit" in page and "Anonymiser" in page
    _anonymize(browser, person.contact.id)
    page = browser.get(f"/contacts/{person.contact.id}").get_data(as_text=True)
    assert "Les données de cette personne ont été anonymisées le" in page
    assert f"/contacts/{person.contact.id}/edit" not in page
    assert f"/contacts/{person.contact.id}/anonymize" not in page
    # Asking again only says it was done.
    response = browser.get(f"/contacts/{person.contact.id}/anonymize")
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["viewer", "staff", "director"])
def test_only_admins_anonymize(sign_in, institution, person, role):
    from tests import factories

    browser = sign_in(factories.user(role=role, institution=institution))
    before = snapshot()
    assert browser.get(f"/contacts/{person.contact.id}/anonymize").status_code == 403
    assert _anonymize(browser, person.contact.id).status_code == 403
    assert snapshot() == before
    page = browser.get(f"/contacts/{person.contact.id}").get_data(as_text=True)
    assert f"/contacts/{person.contact.id}/anonymize" not in page
