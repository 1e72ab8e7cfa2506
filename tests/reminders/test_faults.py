"""Faults, with real processes: two scans at once queue each reminder once; a sender killed
with SIGKILL in the middle of a batch loses nothing, and the next one sends the rest once;
a worker facing a mail server that is down keeps every reminder and, once the server is back
and the delay has passed, sends each once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
from collections import Counter
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
from tests.reminders.conftest import (
    WORKER,
    Mailbox,
    message_ids,
    outbox_statuses,
    start_celery,
    stop,
    wait_for,
)
from tests.test_cli import CRM


def _crm(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own console script)
        [str(CRM), *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_scans_at_once_queue_each_reminder_once(test_env, staff):
    for n in range(30):
        factories.follow_up(staff, title=f"Suivi {n}", today=today())
    db.session.remove()
    scans = [_crm(test_env, "reminders", "scan") for _ in range(3)]
    outputs = [scan.communicate(timeout=120)[0] for scan in scans]
    assert all(scan.returncode == 0 for scan in scans), outputs
    queued = sorted(int(output.split()[0]) for output in outputs)
    assert sum(queued) == 30, outputs
    assert outbox_statuses() == {"pending": 30}


class HeldMailbox(Mailbox):
    """Holds the sender at the recipient of its ``held``-th message until ``release`` is
    set: the messages before it were accepted and recorded, and a kill lands mid-batch."""

    def __init__(self, held: int):
        super().__init__()
        self.held = held
        self.recipients = 0
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        self.recipients += 1
        while self.recipients >= self.held and not self.release.is_set():
            await asyncio.sleep(0.01)
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def test_a_sender_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    test_env, smtp_port, mailer_app, staff
):
    for n in range(12):
        factories.follow_up(staff, title=f"Suivi {n}", today=today())
    db.session.remove()
    box = HeldMailbox(held=5)
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = {**test_env, "CRM_SMTP_HOST": "127.0.0.1", "CRM_SMTP_PORT": str(smtp_port)}
    try:
        scan = _crm(env, "reminders", "scan")
        scan.communicate(timeout=120)
        sender = _crm(env, "reminders", "send")
        assert wait_for(lambda: box.recipients >= 5)
        sender.send_signal(signal.SIGKILL)  # while it waits on the fifth message
        sender.communicate(timeout=30)
        box.release.set()
        assert len(box.messages) == 4
        assert outbox_statuses() == {"sent": 4, "sending": 8}  # its batch, still claimed
        # A new sender at once leaves the dead one's claim alone; once it is stale, it
        # takes it over.
        with mailer_app.app_context():
            send_pending()
            with time_machine.travel(utcnow() + timedelta(minutes=11)):
                send_pending()
    finally:
        controller.stop()
    assert outbox_statuses() == {"sent": 12}
    assert len(box.messages) == 12
    assert len(message_ids(box)) == 12  # each reminder once


def test_a_mail_server_down_then_up_gets_every_reminder_once(
    worker_env, tasks, smtp_port, staff, tmp_path
):
    colleague = factories.user(institution=staff.institution, locale="en")
    for n in range(3):
        factories.follow_up(staff, title=f"Suivi {n}", today=today())
        factories.follow_up(colleague, title=f"Follow-up {n}", today=today())
    expected = Counter({staff.email: 3, colleague.email: 3})
    db.session.remove()
    log = tmp_path / "worker.log"
    worker = start_celery(worker_env, log, *WORKER, "--loglevel", "WARNING")
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    up = False
    try:
        # Nothing listens on the SMTP port: each reminder is tried once, and waits.
        tasks.send_task("reminders.scan")
        assert wait_for(lambda: _attempts() == [1] * 6), log.read_text()
        rows = db.session.scalars(sa.select(Reminder)).all()
        assert {row.status for row in rows} == {"pending"}
        assert all(row.next_attempt_at > utcnow() for row in rows)
        assert all("ConnectionRefusedError" in row.last_error for row in rows)
        # The server comes back; the test, not the clock, makes the delay pass.
        controller.start()
        up = True
        db.session.execute(
            sa.update(Reminder).values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
        tasks.send_task("reminders.send")
        assert wait_for(lambda: outbox_statuses() == {"sent": 6}), log.read_text()
    finally:
        stop(worker)  # once it has stopped, whatever it sent has arrived
        if up:
            controller.stop()
    assert Counter(address for m in box.messages for address in m.rcpt_tos) == expected
    assert len(message_ids(box)) == 6 and set(message_ids(box).values()) == {1}


def _attempts() -> list[int]:
    """The attempts made so far of the rows waiting for their next one."""
    db.session.rollback()
    rows = db.session.execute(sa.select(Reminder.status, Reminder.attempts)).all()
    db.session.rollback()
    return [attempts for status, attempts in rows if status == "pending"]
