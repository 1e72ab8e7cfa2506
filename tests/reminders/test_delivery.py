"""Reminders from the rules to the mailbox: queued once, sent once, in the recipient's
language, kept when the server is down, marked failed when it refuses for good."""

from __future__ import annotations

import email
from datetime import date, timedelta

import sqlalchemy as sa
import time_machine
from aiosmtpd.controller import Controller

from crm.core.db import utcnow
from crm.extensions import db
from crm.followups.models import FollowUpStatus
from crm.reminders.delivery import claim, send_pending
from crm.reminders.models import Reminder, ReminderStatus
from crm.reminders.outbox import scan
from tests import factories
from tests.agreements import factories as agreements
from tests.reminders.conftest import Mailbox

TODAY = date(2026, 11, 25)


def _reminders() -> list:
    """The outbox's rows, read without keeping SQLite locked for the senders."""
    db.session.rollback()
    columns = ("rule", "recipient_id", "status", "attempts", "last_error")
    rows = db.session.execute(
        sa.select(*(getattr(Reminder, c) for c in columns)).order_by(Reminder.id)
    ).all()
    db.session.rollback()
    return rows


def _parts(envelope) -> tuple[email.message.Message, str, str]:
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return message, text, html


def test_a_follow_up_due_today_is_queued_once(staff):
    factories.follow_up(staff, title="Envoyer le devis à l'INMQ", today=TODAY)
    factories.follow_up(staff, title="Demain", due_in_days=1, today=TODAY)
    factories.follow_up(staff, title="Déjà fait", today=TODAY, status=FollowUpStatus.DONE)
    assert scan(TODAY) == 1
    db.session.commit()
    assert scan(TODAY) == 0  # again the same day: nothing more
    db.session.commit()
    [reminder] = _reminders()
    assert (reminder.rule, reminder.recipient_id) == ("follow_up_due", staff.id)


def test_sent_in_the_recipients_language_with_a_link(mailer_app, mailbox, institution):
    french = factories.user(institution=institution, locale="fr", name="Marie Tremblay")
    english = factories.user(institution=institution, locale="en", name="John Smith")
    due = factories.follow_up(french, title="Appeler Rabat", today=TODAY).id
    factories.follow_up(english, title="Call Rabat", today=TODAY)
    french, english = french.email, english.email
    db.session.rollback()
    with time_machine.travel("2026-11-25 12:00 +0000"), mailer_app.app_context():
        assert scan(TODAY) == 2
        db.session.commit()
        assert send_pending()["sent"] == 2
    by_recipient = {envelope.rcpt_tos[0]: _parts(envelope) for envelope in mailbox.messages}
    message, text, html = by_recipient[french]
    assert message["Subject"] == "Suivi à faire aujourd’hui : Appeler Rabat"
    assert "Bonjour Marie Tremblay" in text and "mercredi 25 novembre 2026" in text
    assert f"https://crm.example.org/follow-ups/{due}" in text
    assert f'href="https://crm.example.org/follow-ups/{due}"' in html
    message, text, _html = by_recipient[english]
    assert message["Subject"] == "Follow-up due today: Call Rabat"
    assert "Wednesday, November 25, 2026" in text
    assert {r.status for r in _reminders()} == {ReminderStatus.SENT}


def test_smtp_down_then_up_sends_once(mailer_app, smtp_port, staff):
    factories.follow_up(staff, title="Relancer", today=TODAY)
    db.session.rollback()
    with time_machine.travel("2026-11-25 12:00 +0000", tick=False), mailer_app.app_context():
        scan(TODAY)
        db.session.commit()
        outcome = send_pending()  # nobody listens on the port
        assert (outcome["sent"], outcome["pending"]) == (0, 1)
    [reminder] = _reminders()
    assert reminder.status == ReminderStatus.PENDING and reminder.attempts == 1
    assert "ConnectionRefusedError" in reminder.last_error
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        with time_machine.travel("2026-11-25 12:00:30 +0000", tick=False), mailer_app.app_context():
            assert send_pending()["sent"] == 0  # its next attempt is not due yet
        with time_machine.travel("2026-11-25 12:02 +0000", tick=False), mailer_app.app_context():
            assert send_pending()["sent"] == 1
            assert send_pending()["sent"] == 0
    finally:
        controller.stop()
    assert len(box.messages) == 1
    assert _reminders()[0].status == ReminderStatus.SENT


def test_a_refused_address_is_failed_with_the_reason(mailer_app, mailbox, staff):
    factories.follow_up(staff, title="Relancer", today=TODAY)
    mailbox.refuse = staff.email
    db.session.rollback()
    with mailer_app.app_context():
        scan(TODAY)
        db.session.commit()
        assert send_pending()["failed"] == 1
    [reminder] = _reminders()
    assert reminder.status == ReminderStatus.FAILED
    assert "550" in reminder.last_error
    assert mailbox.messages == []


def test_a_follow_up_done_before_sending_is_not_sent(mailer_app, mailbox, staff):
    follow_up = factories.follow_up(staff, title="Relancer", today=TODAY)
    scan(TODAY)
    follow_up.status = FollowUpStatus.DONE
    db.session.commit()
    db.session.rollback()
    with mailer_app.app_context():
        send_pending()
    assert mailbox.messages == []
    [reminder] = _reminders()
    assert reminder.status == ReminderStatus.CANCELLED
    assert "no longer due" in reminder.last_error


def test_without_a_server_messages_are_written_as_files(app, staff):
    factories.follow_up(staff, title="Relancer l’OCP", today=TODAY)
    scan(TODAY)
    db.session.commit()
    folder = app.config["CRM_SETTINGS"].mail_dir
    before = set(folder.glob("*.eml"))
    assert send_pending()["sent"] == 1
    [written] = set(folder.glob("*.eml")) - before
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Suivi à faire aujourd’hui : Relancer l’OCP"
    assert message["To"].addresses[0].addr_spec == staff.email
    assert not list(folder.glob("*.tmp"))


def test_claims_never_overlap(staff):
    for n in range(5):
        factories.follow_up(staff, title=f"Suivi {n}", today=TODAY)
    scan(TODAY)
    db.session.commit()
    first = claim(utcnow(), limit=3)
    second = claim(utcnow(), limit=3)
    assert len(first) == 3 and len(second) == 2 and not set(first) & set(second)
    assert claim(utcnow()) == []
    # a claim left by a sender that died is taken over once it is stale
    assert len(claim(utcnow() + timedelta(minutes=11))) == 5


def test_an_expiring_agreement_reminds_its_staff_and_the_parties_directors(
    institution, other_institution
):
    owner_staff = factories.user(role="staff", institution=institution)
    their_director = factories.user(role="director", institution=other_institution)
    factories.user(role="staff", institution=other_institution)  # not an owner
    agreement = agreements.agreement(
        institution,
        parties=[institution, other_institution],
        status="active",
        expires_on=TODAY + timedelta(days=30),
    )
    assert scan(TODAY) == 2
    db.session.commit()
    assert {r.recipient_id for r in _reminders()} == {owner_staff.id, their_director.id}
    assert scan(TODAY + timedelta(days=1)) == 0  # 29 days: no rule
    agreement.status = "terminated"
    db.session.commit()
    assert scan(TODAY + timedelta(days=23)) == 0  # 7 days, but it ended


def test_the_command_line_scans_and_sends_and_is_safe_to_repeat(runner, monkeypatch, staff):
    from crm.cli import cli

    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")
    factories.follow_up(staff, title="Relancer", today=TODAY)
    db.session.rollback()
    first = runner.invoke(cli, ["reminders", "scan", "--today", "2026-11-25"])
    assert first.exit_code == 0 and "1 reminder(s) queued for 2026-11-25." in first.output
    again = runner.invoke(cli, ["reminders", "scan", "--today", "2026-11-25"])
    assert "0 reminder(s) queued" in again.output
    sent = runner.invoke(cli, ["reminders", "send"])
    assert sent.exit_code == 0
    assert "1 sent, 0 failed, 0 no longer due, 0 still pending." in sent.output
    assert "0 sent" in runner.invoke(cli, ["reminders", "send"]).output
    bad = runner.invoke(cli, ["reminders", "scan", "--today", "25/11/2026"])
    assert bad.exit_code == 2
