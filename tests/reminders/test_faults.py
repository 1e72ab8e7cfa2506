"""Faults, with real processes: two scans at once queue each reminder once; a sender killed
with SIGKILL in the middle of a batch loses nothing, and the next one sends the rest once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from datetime import timedelta

import sqlalchemy as sa
import time_machine
from aiosmtpd.controller import Controller

from crm.core.clock import today
from crm.core.db import utcnow
from crm.extensions import db
from crm.reminders.delivery import send_pending
from crm.reminders.models import Reminder
from tests import factories
from tests.reminders.conftest import Mailbox
from tests.test_cli import CRM


def _crm(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own console script)
        [str(CRM), *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _statuses() -> dict:
    db.session.rollback()
    rows = db.session.execute(
        sa.select(Reminder.status, sa.func.count()).group_by(Reminder.status)
    ).all()
    db.session.rollback()
    return {str(status): count for status, count in rows}


def test_two_scans_at_once_queue_each_reminder_once(test_env, staff):
    for n in range(30):
        factories.follow_up(staff, title=f"Suivi {n}", today=today())
    db.session.remove()
    scans = [_crm(test_env, "reminders", "scan") for _ in range(3)]
    outputs = [scan.communicate(timeout=120)[0] for scan in scans]
    assert all(scan.returncode == 0 for scan in scans), outputs
    queued = sorted(int(output.split()[0]) for output in outputs)
    assert sum(queued) == 30, outputs
    assert _statuses() == {"pending": 30}


class SlowMailbox(Mailbox):
    """Takes a moment before each recipient, so that a sender can be killed mid-batch."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        await asyncio.sleep(0.2)
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def test_a_sender_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    test_env, smtp_port, mailer_app, staff
):
    for n in range(12):
        factories.follow_up(staff, title=f"Suivi {n}", today=today())
    db.session.remove()
    box = SlowMailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = {**test_env, "CRM_SMTP_HOST": "127.0.0.1", "CRM_SMTP_PORT": str(smtp_port)}
    try:
        scan = _crm(env, "reminders", "scan")
        scan.communicate(timeout=60)
        sender = _crm(env, "reminders", "send")
        deadline = time.monotonic() + 60
        while len(box.messages) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)  # another process's work: poll for it
        sender.send_signal(signal.SIGKILL)
        sender.communicate(timeout=30)
        killed_after = len(box.messages)
        assert 4 <= killed_after < 12
        statuses = _statuses()
        assert statuses["sent"] == killed_after and statuses.get("sending", 0) >= 1
        # A new sender at once leaves the dead one's claim alone; once it is stale, it
        # takes it over.
        with mailer_app.app_context():
            send_pending()
            with time_machine.travel(utcnow() + timedelta(minutes=11)):
                send_pending()
    finally:
        controller.stop()
    assert _statuses() == {"sent": 12}
    recipients = [envelope.rcpt_tos for envelope in box.messages]
    assert len(recipients) == 12
    ids = [
        envelope.content.split(b"Message-ID: ")[1].split(b"\r\n")[0] for envelope in box.messages
    ]
    assert len(set(ids)) == 12  # each reminder once
