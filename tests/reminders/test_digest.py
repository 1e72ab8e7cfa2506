"""The daily digest and each user's reminder settings: one email a day gathering a digest
reader's reminders and anyone's overdue follow-ups (until done), kinds turned off never
sent, nothing carried by two digests, failures retried whole."""

from __future__ import annotations

import email
from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa

from crm.extensions import db
from crm.followups.models import FollowUpStatus
from crm.reminders import operations, preferences
from crm.reminders.delivery import send_pending
from crm.reminders.models import Reminder, ReminderDelivery
from crm.reminders.outbox import scan
from crm.reminders.rules import KINDS
from tests import factories
from tests.projects import factories as projects

TODAY = date(2026, 11, 25)
EVERY_KIND = list(KINDS)


def _outbox() -> list[tuple]:
    db.session.rollback()
    rows = db.session.execute(
        sa.select(Reminder.rule, Reminder.status, Reminder.digest_id).order_by(Reminder.id)
    ).all()
    db.session.rollback()
    return [(rule, str(status), digest_id) for rule, status, digest_id in rows]


def _text(envelope) -> tuple[str, str, str]:
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return message["Subject"], text, html


def _choose(user, delivery=ReminderDelivery.DIGEST, kinds=EVERY_KIND) -> None:
    preferences.save(user.id, delivery, kinds)
    db.session.commit()


def _send(mailer_app) -> Counter:
    db.session.rollback()
    with mailer_app.app_context():
        return send_pending()


def test_a_digest_reader_gets_one_email_with_the_days_reminders_and_overdue_ones(
    mailer_app, mailbox, staff
):
    _choose(staff)
    factories.follow_up(staff, title="Appeler l’INMQ", today=TODAY)
    factories.follow_up(staff, title="Relancer Rabat", due_in_days=-3, today=TODAY)
    projects.project(
        staff.institution,
        name="AEC salles de contrôle",
        milestones=[{"title": "Devis remis", "due_on": TODAY, "owner": staff}],
    )
    assert scan(TODAY) == 3  # two bundled reminders and the digest
    db.session.commit()
    assert scan(TODAY) == 0
    db.session.commit()
    assert _send(mailer_app)["sent"] == 1
    [envelope] = mailbox.messages
    subject, text, html = _text(envelope)
    assert subject == "Vos rappels du 25 novembre 2026 : 2 rappels, 1 suivi en retard"
    assert "Suivi à faire aujourd’hui : Appeler l’INMQ" in text
    assert "Devis remis" in text
    assert "Relancer Rabat" in text and "il y a 3 jours" in text
    assert "https://crm.example.org/follow-ups/" in text and "<a href=" in html
    assert {status for _rule, status, _digest in _outbox()} == {"sent"}


def test_overdue_follow_ups_come_back_daily_until_done(mailer_app, mailbox, staff):
    """An immediate reader gets today's follow-up at once, and the late one in a digest."""
    factories.follow_up(staff, title="Aujourd’hui", today=TODAY)
    late = factories.follow_up(staff, title="Envoyer le devis", due_in_days=-1, today=TODAY)
    assert scan(TODAY) == 2
    db.session.commit()
    assert _send(mailer_app)["sent"] == 2
    subjects = sorted(_text(envelope)[0] for envelope in mailbox.messages)
    assert subjects == [
        "Suivi à faire aujourd’hui : Aujourd’hui",
        "Vos rappels du 25 novembre 2026 : 1 suivi en retard",
    ]
    tomorrow = TODAY + timedelta(days=1)
    assert scan(tomorrow) == 1  # both are late now: one digest
    db.session.commit()
    assert _send(mailer_app)["sent"] == 1
    assert _text(mailbox.messages[-1])[0] == "Vos rappels du 26 novembre 2026 : 2 suivis en retard"
    db.session.rollback()
    for follow_up in db.session.scalars(sa.select(late.__class__)):
        follow_up.status = FollowUpStatus.DONE
    db.session.commit()
    assert scan(tomorrow + timedelta(days=1)) == 0


def test_an_english_reader_gets_an_english_digest(mailer_app, mailbox, institution):
    john = factories.user(institution=institution, locale="en", name="John Smith")
    factories.follow_up(john, title="Call Rabat", due_in_days=-1, today=TODAY)
    scan(TODAY)
    db.session.commit()
    _send(mailer_app)
    subject, text, _html = _text(mailbox.messages[0])
    assert subject == "Your reminders for November 25, 2026: 1 follow-up overdue"
    assert "Hello John Smith" in text and "1 day ago" in text


def test_a_kind_turned_off_is_neither_queued_nor_sent(mailer_app, mailbox, staff):
    _choose(staff, ReminderDelivery.IMMEDIATE, [k for k in EVERY_KIND if k != "follow_ups"])
    factories.follow_up(staff, title="Aujourd’hui", today=TODAY)
    factories.follow_up(staff, title="En retard", due_in_days=-2, today=TODAY)
    assert scan(TODAY) == 0
    db.session.commit()
    # Turned off after the scan: cancelled when its turn comes, not sent.
    _choose(staff, ReminderDelivery.IMMEDIATE, EVERY_KIND)
    assert scan(TODAY) == 2
    _choose(staff, ReminderDelivery.IMMEDIATE, ["missions"])
    outcome = _send(mailer_app)
    assert (outcome["sent"], outcome["cancelled"]) == (0, 2)
    assert mailbox.messages == []


def test_a_reminder_is_carried_by_one_digest_only(mailer_app, mailbox, smtp_port, staff):
    """Two days' digests waiting at once (the server was down) never repeat a reminder."""
    _choose(staff)
    factories.follow_up(staff, title="Premier jour", today=TODAY)
    scan(TODAY)
    db.session.commit()
    factories.follow_up(staff, title="Second jour", today=TODAY + timedelta(days=1))
    # The first is late on the second day; the digest lists it once, as late.
    scan(TODAY + timedelta(days=1))
    db.session.commit()
    assert _send(mailer_app)["sent"] == 2
    bodies = [_text(envelope)[1] for envelope in mailbox.messages]
    assert sum(body.count("Premier jour") for body in bodies) == 2  # due, then late
    assert sum(body.count("Second jour") for body in bodies) == 1
    carried = [row for row in _outbox() if row[0] == "follow_up_due"]
    assert [status for _rule, status, _digest in carried] == ["sent", "sent"]
    assert carried[0][2] != carried[1][2]


def test_a_refused_digest_fails_whole_and_is_retried_whole(mailer_app, mailbox, staff):
    _choose(staff)
    factories.follow_up(staff, title="Appeler l’INMQ", today=TODAY)
    scan(TODAY)
    db.session.commit()
    mailbox.refuse = staff.email
    assert _send(mailer_app)["failed"] == 1
    assert [status for _rule, status, _digest in _outbox()] == ["failed", "failed"]
    digest = db.session.scalars(sa.select(Reminder).where(Reminder.rule == "daily_digest")).one()
    assert operations.retry(digest)
    db.session.commit()
    assert [status for _rule, status, _digest in _outbox()] == ["bundled", "pending"]
    mailbox.refuse = None
    assert _send(mailer_app)["sent"] == 1
    assert "Appeler l’INMQ" in _text(mailbox.messages[0])[1]
    assert {status for _rule, status, _digest in _outbox()} == {"sent"}


def test_nothing_left_to_say_cancels_the_digest(mailer_app, mailbox, staff):
    _choose(staff)
    follow_up = factories.follow_up(staff, title="Appeler l’INMQ", today=TODAY)
    scan(TODAY)
    follow_up.status = FollowUpStatus.DONE
    db.session.commit()
    outcome = _send(mailer_app)
    assert (outcome["sent"], outcome["cancelled"]) == (0, 1)
    assert [status for _rule, status, _digest in _outbox()] == ["cancelled", "cancelled"]
    assert mailbox.messages == []
