"""How a college outgrows one machine: two workers and two schedulers at once, on Redis and
on the filesystem broker, against PostgreSQL. Each scheduler asks for a scan and a sweep
every second, so every scan runs many times, often at once, and senders compete for the
same rows; every due reminder is still delivered exactly once."""

from __future__ import annotations

import os
from collections import Counter

import pytest

from crm.core.clock import today
from crm.extensions import db
from crm.users.models import User
from tests import factories
from tests.reminders.conftest import (
    WORKER,
    message_ids,
    outbox_statuses,
    start_celery,
    stop,
    wait_for,
)

pytestmark = pytest.mark.skipif(
    not os.environ.get("CRM_TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="several workers and schedulers need PostgreSQL (CRM_TEST_DATABASE_URL): "
    "it runs in the suite's PostgreSQL pass",
)


def test_two_workers_and_two_schedulers_deliver_every_reminder_once(
    worker_env, mailbox, institution, tmp_path
):
    users = [factories.user(institution=institution, locale=("fr", "en")[n % 2]) for n in range(4)]
    emails = [user.email for user in users]
    ids = [user.id for user in users]

    def follow_ups(wave: str, each: int) -> None:
        for user_id in ids:
            for n in range(each):
                factories.follow_up(
                    db.session.get(User, user_id), title=f"{wave} {n}", today=today()
                )
        db.session.remove()

    follow_ups("Suivi", 6)
    env = {**worker_env, "CRM_REMINDER_SCAN_SECONDS": "1", "CRM_REMINDER_SEND_SECONDS": "1"}
    processes = []

    def output() -> str:
        return "\n".join(f"== {log.name}\n{log.read_text()}" for log in tmp_path.glob("*.log"))

    def _beat_sent_both(n: int) -> bool:
        log = (tmp_path / f"beat{n}.log").read_text()
        tasks = ("scan-reminders", "send-reminders")
        return all(f"Sending due task {name}" in log for name in tasks)

    try:
        for n in (1, 2):
            worker = (*WORKER, "-n", f"worker{n}@%h", "--loglevel", "WARNING")
            processes.append(start_celery(env, tmp_path / f"worker{n}.log", *worker))
            beat = ("beat", "--schedule", str(tmp_path / f"beat{n}"), "--loglevel", "INFO")
            processes.append(start_celery(env, tmp_path / f"beat{n}.log", *beat))
        assert wait_for(lambda: outbox_statuses() == {"sent": 24}), output()
        # More come due while everything runs: the schedulers' next scans find them.
        follow_ups("Relance", 4)
        assert wait_for(lambda: outbox_statuses() == {"sent": 40}), output()
        # Both schedulers were really at work (a worker's catch-up scan may have done it
        # all first): each has sent both tasks, and still nothing goes twice.
        assert wait_for(lambda: all(map(_beat_sent_both, (1, 2)))), output()
    finally:
        stop(*processes)  # once they have stopped, whatever they sent has arrived
    assert len(message_ids(mailbox)) == 40 and set(message_ids(mailbox).values()) == {1}
    recipients = Counter(address for m in mailbox.messages for address in m.rcpt_tos)
    assert recipients == dict.fromkeys(emails, 10)
