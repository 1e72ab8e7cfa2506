"""The reminder outbox's admin page: counts and rows, filters, retrying failed reminders
(sent by the worker's sweep, not by the page), and nobody but admins."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from crm.core.db import utcnow
from crm.extensions import db
from crm.reminders.delivery import send_pending
from crm.reminders.models import Reminder, ReminderStatus
from tests import factories
from tests.agreements import factories as agreements
from tests.conftest import snapshot
from tests.reminders.routes import reminder

S = ReminderStatus
NOVEMBER = date(2026, 11, 25)


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.get_data(as_text=True))


def _rows() -> dict[int, tuple]:
    db.session.rollback()
    rows = db.session.execute(
        sa.select(Reminder.id, Reminder.status, Reminder.attempts, Reminder.last_error)
    )
    return {row.id: tuple(row[1:]) for row in rows}


@pytest.fixture
def outbox(institution, staff):
    """One row a status, the newest last; two failed ones."""
    follow_up = factories.follow_up(staff, title="Relancer l'INMQ")
    agreement = agreements.agreement(institution)
    day = iter(NOVEMBER + timedelta(days=n) for n in range(10))
    return {
        "sent": reminder(follow_up, staff, next(day), status=S.SENT, last_error=None),
        "pending": reminder(follow_up, staff, next(day), status=S.PENDING, attempts=3),
        "sending": reminder(follow_up, staff, next(day), status=S.SENDING, last_error=None),
        "failed": reminder(follow_up, staff, next(day)),
        "agreement": reminder(
            agreement, staff, next(day), rule="agreement_expiring", record_type="agreement"
        ),
        "milestone": reminder(  # no page of its own: shown without a link
            follow_up,
            staff,
            next(day),
            rule="milestone_due",
            record_type="milestone",
            status=S.SENT,
            last_error=None,
        ),
    }


def test_counts_and_rows_in_french(sign_in, admin, staff, outbox):
    page = _page(sign_in(admin).get("/admin/reminders/"))
    assert "File d’envoi des rappels" in page
    for status, count in [("pending", 1), ("sending", 1), ("sent", 2), ("failed", 2)]:
        assert f'data-status="{status}">{count}</dd>' in page
    for text in ["en attente", "en cours d’envoi", "envoyé", "en échec", "Dernière erreur"]:
        assert text in page
    assert "Suivi à faire aujourd’hui" in page and "Entente qui arrive à échéance" in page
    assert staff.name in page and staff.email in page
    assert "550 5.1.1 No such mailbox" in page
    follow_up_id = outbox["sent"].record_id
    assert f'href="/follow-ups/{follow_up_id}">#{follow_up_id}</a>' in page
    assert f'href="/agreements/{outbox["agreement"].record_id}"' in page
    assert "Jalon de projet #" in page  # its milestone is gone: no link
    assert "25 nov. 2026" in page
    # Newest first; a retry button on failed rows only.
    rows = page.split("<tbody>")[1]
    assert rows.index("Jalon de projet") < rows.index("Entente qui arrive") < rows.index("25 nov.")
    assert page.count('/retry"') == 2
    assert "/admin/reminders/retry-failed" in page


def test_filters_by_status_and_rule(sign_in, admin, outbox):
    browser = sign_in(admin)
    failed = _page(browser.get("/admin/reminders/?status=failed"))
    assert failed.count('/retry"') == 2
    assert failed.count("<tr>") == 3  # the header and two rows
    agreement = _page(browser.get("/admin/reminders/?rule=agreement_expiring"))
    assert agreement.count("<tr>") == 2
    both = _page(browser.get("/admin/reminders/?status=sent&rule=follow_up_due"))
    assert both.count("<tr>") == 2
    # An unknown value typed into the address bar filters nothing.
    assert _page(browser.get("/admin/reminders/?status=lost")).count("<tr>") == 7
    assert "Aucun rappel ne correspond." in _page(
        browser.get("/admin/reminders/?status=pending&rule=agreement_expiring")
    )


def test_the_admin_menu_links_to_the_page(sign_in, admin, director):
    assert 'href="/admin/reminders/"' in _page(sign_in(admin).get("/profile"))
    assert 'href="/admin/reminders/"' not in _page(sign_in(director).get("/profile"))


def test_retry_one_puts_it_back_in_the_queue(sign_in, admin, outbox):
    failed = outbox["failed"]
    before = _rows()
    response = sign_in(admin).post(
        f"/admin/reminders/{failed.id}/retry", {"next": "/admin/reminders/?status=failed"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/reminders/?status=failed"
    after = _rows()
    # Pending from now, attempts from zero, the last error kept until it is sent.
    assert after.pop(failed.id) == (S.PENDING, 0, "550 5.1.1 No such mailbox")
    before.pop(failed.id)
    assert after == before
    row = db.session.get(Reminder, failed.id)
    assert row.next_attempt_at <= utcnow() and row.claimed_at is None


def test_retry_shows_a_message(sign_in, admin, outbox):
    browser = sign_in(admin)
    response = browser.post(f"/admin/reminders/{outbox['failed'].id}/retry")
    assert response.headers["Location"] == "/admin/reminders/"
    assert "Le rappel est remis en file ; il part dans la minute." in _page(
        browser.get("/admin/reminders/")
    )


@pytest.mark.parametrize("status", ["sent", "pending", "sending"])
def test_only_a_failed_reminder_is_retried(sign_in, admin, outbox, status):
    browser = sign_in(admin)
    before = snapshot()
    response = browser.post(f"/admin/reminders/{outbox[status].id}/retry")
    assert response.status_code == 302
    assert snapshot() == before
    assert "Seul un rappel en échec peut être relancé." in _page(browser.get("/admin/reminders/"))


def test_retry_every_failed_reminder(sign_in, admin, outbox):
    browser = sign_in(admin)
    before = _rows()
    response = browser.post("/admin/reminders/retry-failed", {"next": "//evil.example"})
    assert response.headers["Location"] == "/admin/reminders/"  # never off site
    after = _rows()
    for name in ("failed", "agreement"):
        assert after[outbox[name].id] == (S.PENDING, 0, "550 5.1.1 No such mailbox")
    others = {k: v for k, v in before.items() if v[0] != S.FAILED}
    assert {k: after[k] for k in others} == others
    page = _page(browser.get("/admin/reminders/"))
    assert "Rappels en échec remis en file : 2. Ils partent dans la minute." in page
    browser.post("/admin/reminders/retry-failed")
    assert "Aucun rappel en échec à relancer." in _page(browser.get("/admin/reminders/"))


def test_a_retried_reminder_is_sent_by_the_sweep(sign_in, admin, staff):
    """The page only queues it again; the worker's sweep sends it and clears the error."""
    follow_up = factories.follow_up(staff, title="Relancer l'INMQ")
    failed = reminder(follow_up, staff, NOVEMBER)
    sign_in(admin).post(f"/admin/reminders/{failed.id}/retry")
    assert _rows()[failed.id][0] == S.PENDING  # not sent by the request
    assert send_pending()["sent"] == 1
    assert _rows()[failed.id] == (S.SENT, 0, None)


@pytest.mark.parametrize("role", ["viewer", "staff", "director"])
def test_refused_to_non_admins_and_nothing_changes(sign_in, institution, outbox, role):
    browser = sign_in(factories.user(role=role, institution=institution))
    before = snapshot()
    assert browser.get("/admin/reminders/").status_code == 403
    assert browser.post(f"/admin/reminders/{outbox['failed'].id}/retry").status_code == 403
    assert browser.post("/admin/reminders/retry-failed").status_code == 403
    assert snapshot() == before


def test_a_missing_reminder_is_404(sign_in, admin):
    assert sign_in(admin).post("/admin/reminders/999999/retry").status_code == 404


def test_a_retry_without_the_csrf_token_changes_nothing(sign_in, admin, outbox):
    browser = sign_in(admin)
    before = snapshot()
    response = browser.post(f"/admin/reminders/{outbox['failed'].id}/retry", csrf=False)
    assert response.status_code == 400
    assert browser.post("/admin/reminders/retry-failed", csrf=False).status_code == 400
    assert snapshot() == before
