"""Every change is in the history when it is in the database, by whoever made it, from
pages, the API and the command line alike; entries cannot be changed."""

from __future__ import annotations

import html

import pytest
import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.core.audit import acting_as
from crm.extensions import db
from crm.history.capture import recorded_as
from crm.history.models import HistoryAction, HistoryEntry
from tests import factories


def _entries(record_type: str, record_id: int) -> list[HistoryEntry]:
    db.session.rollback()
    return list(
        db.session.scalars(
            sa.select(HistoryEntry)
            .where(HistoryEntry.record_type == record_type, HistoryEntry.record_id == record_id)
            .order_by(HistoryEntry.id)
        )
    )


def _form(**values) -> dict:
    return {
        "given_name": "Fatima",
        "family_name": "Zahra",
        "organization_id": "",
        "preferred_language": "",
        "source": "",
        "visibility": "",
    } | values


def test_pages_record_create_update_archive_and_delete_by_their_author(sign_in, staff, institution):
    school = factories.organization(institution, name="École des mines de Rabat")
    browser = sign_in(staff)
    response = browser.post(
        "/contacts/new", _form(organization_id=str(school.id), emails="f.zahra@enim.ma")
    )
    assert response.status_code == 302
    contact_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    [created] = _entries("contacts", contact_id)
    assert (created.action, created.actor_id) == (HistoryAction.CREATE, staff.id)
    assert created.changes["family_name"] == [None, "Zahra"]
    assert created.changes["organization"] == [None, "École des mines de Rabat"]
    assert created.changes["emails"] == [[], ["f.zahra@enim.ma"]]
    assert "sort_key" not in created.changes and "version" not in created.changes

    response = browser.post(
        f"/contacts/{contact_id}/edit",
        _form(
            family_name="Zahra-Benali",
            organization_id=str(school.id),
            emails="fz@enim.ma",
            job_title="Directrice",
            visibility="consortium",
            version="1",
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    update = _entries("contacts", contact_id)[-1]
    assert update.action == HistoryAction.UPDATE
    assert update.changes == {
        "family_name": ["Zahra", "Zahra-Benali"],
        "job_title": [None, "Directrice"],
        "emails": [["f.zahra@enim.ma"], ["fz@enim.ma"]],
    }
    assert browser.post(f"/contacts/{contact_id}/archive", {"version": "2"}).status_code == 302
    assert _entries("contacts", contact_id)[-1].action == HistoryAction.ARCHIVE
    admin = factories.user(role="admin", institution=institution)
    assert sign_in(admin).post(f"/contacts/{contact_id}/delete", {"version": "3"}).status_code in (
        302,
        303,
    )
    deleted = _entries("contacts", contact_id)[-1]
    assert (deleted.action, deleted.actor_id, deleted.label) == (
        HistoryAction.DELETE,
        admin.id,
        "Fatima Zahra-Benali",
    )


def test_the_command_line_records_its_user_and_operations_name_their_action(staff, institution):
    with acting_as(staff.id), recorded_as(HistoryAction.IMPORT, "contacts.csv"):
        contact = factories.contact(institution, family_name="Tremblay")
    [entry] = _entries("contacts", contact.id)
    assert (entry.action, entry.actor_id, entry.note) == (
        HistoryAction.IMPORT,
        staff.id,
        "contacts.csv",
    )


def test_an_entry_cannot_be_changed(staff, institution):
    contact = factories.contact(institution)
    [entry] = _entries("contacts", contact.id)
    entry.note = "réécrit"
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(HistoryEntry, entry.id))
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()


def test_a_change_rolled_back_leaves_no_entry(institution):
    contact = factories.contact(institution)
    contact.job_title = "Recteur"
    db.session.flush()
    db.session.rollback()
    assert [e.action for e in _entries("contacts", contact.id)] == [HistoryAction.CREATE]
    assert db.session.get(Contact, contact.id).job_title is None


def test_the_history_tab_in_french_and_who_may_see_it(
    sign_in, staff, viewer, institution, other_institution
):
    contact = factories.contact(institution, family_name="Gagnon")
    contact.job_title = "Conseillère"
    contact.is_student = True
    db.session.commit()
    page = html.unescape(sign_in(viewer).get(f"/history/contacts/{contact.id}").get_data(True))
    assert "Historique" in page and "Gagnon" in page
    assert "Fonction" in page and "Conseillère" in page
    assert "Étudiant" in page and "Oui" in page
    detail = html.unescape(sign_in(staff).get(f"/contacts/{contact.id}").get_data(True))
    assert f"/history/contacts/{contact.id}" in detail
    private = factories.contact(other_institution, visibility="member")
    assert sign_in(staff).get(f"/history/contacts/{private.id}").status_code == 404
    assert sign_in(staff).get("/history/nothing/1").status_code == 404
    assert sign_in(staff).get(f"/history/users/{staff.id}").status_code == 404
    assert sign_in(staff).get("/admin/history/").status_code == 403


def test_admins_filter_the_history(sign_in, institution, staff):
    admin = factories.user(role="admin", institution=institution)
    with acting_as(staff.id):
        factories.contact(institution, family_name="Côté")
    with acting_as(admin.id):
        factories.organization(institution, name="OCP")
    browser = sign_in(admin)
    page = html.unescape(browser.get(f"/admin/history/?actor_id={staff.id}").get_data(True))
    assert "Côté" in page and "OCP" not in page
    page = html.unescape(browser.get("/admin/history/?record_type=organizations").get_data(True))
    assert "OCP" in page and "Côté" not in page
    page = html.unescape(browser.get("/admin/history/?since=2999-01-01").get_data(True))
    assert "Aucune entrée ne correspond" in page
    assert browser.get("/admin/history/?since=nonsense&action=bogus").status_code == 200


def test_a_workflow_step_is_recorded_as_one(sign_in, staff, institution):
    from crm.agreements.operations import apply_action
    from tests.agreements import factories as agreements

    agreement = agreements.agreement(institution, title="Entente de consortium")
    apply_action(agreement, "submit", staff)
    db.session.commit()
    step = _entries("agreements", agreement.id)[-1]
    assert (step.action, step.note) == (HistoryAction.TRANSITION, "submit")
    assert step.changes["status"] == ["draft", "under_review"]
    page = html.unescape(sign_in(staff).get(f"/history/agreements/{agreement.id}").get_data(True))
    assert "étape d’approbation" in page and "Soumettre" in page
    assert "brouillon" in page and "en approbation" in page


def test_every_recorded_table_has_a_name_and_a_history_page(app):
    from crm.history.labels import RECORD_LABELS
    from crm.history.records import models

    assert set(models()) <= set(RECORD_LABELS)


def test_another_institutions_private_records_stay_out_of_its_history(
    sign_in, staff, institution, other_institution
):
    """A shared contact at a private organization: the others see that it changed, not
    the organization's name; a private record's entries are not in other admins' list."""
    hidden = factories.organization(other_institution, name="Mine secrète", visibility="member")
    contact = factories.contact(other_institution, family_name="Partagé", organization=hidden)
    factories.contact(other_institution, family_name="Confidentiel", visibility="member")
    page = html.unescape(sign_in(staff).get(f"/history/contacts/{contact.id}").get_data(True))
    assert "Partagé" in page and "Mine secrète" not in page
    assert "(un dossier privé)" in page
    admin = factories.user(role="admin", institution=institution)
    listed = html.unescape(sign_in(admin).get("/admin/history/").get_data(True))
    assert "Partagé" in listed
    assert "Confidentiel" not in listed and "Mine secrète" not in listed
    theirs = factories.user(role="admin", institution=other_institution)
    listed = html.unescape(sign_in(theirs).get("/admin/history/").get_data(True))
    assert "Confidentiel" in listed and "Mine secrète" in listed
