"""Opening a student's record (their contact page, an exchange's page, the API's contact)
is recorded in the history, once a minute at most; admins see who viewed it."""

from __future__ import annotations

import sqlalchemy as sa
import time_machine

from crm.extensions import db
from crm.history.models import HistoryAction, HistoryEntry
from tests import factories
from tests.exchanges import factories as exchange_factories


def _views(record_type: str, record_id: int) -> list[HistoryEntry]:
    db.session.rollback()
    return list(
        db.session.scalars(
            sa.select(HistoryEntry).where(
                HistoryEntry.action == HistoryAction.VIEW,
                HistoryEntry.record_type == record_type,
                HistoryEntry.record_id == record_id,
            )
        )
    )


def test_a_students_page_is_logged_once_a_minute(sign_in, staff, viewer, institution):
    student = exchange_factories.student_contact(institution)
    url = f"/contacts/{student.id}"
    staff_browser, viewer_browser = sign_in(staff), sign_in(viewer)
    with time_machine.travel("2026-11-25 15:00:00 +0000", tick=False):
        assert staff_browser.get(url).status_code == 200
        assert staff_browser.get(url).status_code == 200
        assert viewer_browser.get(url).status_code == 200
    with time_machine.travel("2026-11-25 15:01:30 +0000", tick=False):
        staff_browser.get(url)
    views = _views("contacts", student.id)
    assert sorted(v.actor_id for v in views) == sorted([staff.id, staff.id, viewer.id])


def test_other_contacts_are_not_logged(sign_in, staff, institution):
    partner = factories.contact(institution)
    sign_in(staff).get(f"/contacts/{partner.id}")
    assert _views("contacts", partner.id) == []


def test_an_exchange_page_and_the_api_are_logged(sign_in, api, staff, institution):
    exchange = exchange_factories.exchange(institution)
    assert sign_in(staff).get(f"/exchanges/{exchange.id}").status_code == 200
    assert [v.actor_id for v in _views("student_exchanges", exchange.id)] == [staff.id]
    response = api(staff).get(f"/api/v1/contacts/{exchange.student_id}")
    assert response.status_code == 200
    assert [v.actor_id for v in _views("contacts", exchange.student_id)] == [staff.id]


def test_admins_see_who_viewed(sign_in, admin, staff, institution):
    student = exchange_factories.student_contact(institution, given_name="Léa")
    sign_in(staff).get(f"/contacts/{student.id}")
    browser = sign_in(admin)
    page = browser.get(f"/history/contacts/{student.id}").get_data(as_text=True)
    assert staff.name in page and "consulté" in page
    page = browser.get("/admin/history/?action=view").get_data(as_text=True)
    assert staff.name in page and "Léa" in page
