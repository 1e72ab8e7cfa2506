"""The Celery worker, a real process, on a real broker (Redis, and kombu's filesystem
transport that `crm run` uses): asked to scan, it queues and delivers the day's reminders
to the SMTP server, once. And the scheduler's intervals come from the settings."""

from __future__ import annotations

import pytest

from crm.config import ConfigError, load_settings
from crm.core.clock import today
from crm.extensions import db
from tests import factories
from tests.reminders.conftest import WORKER, outbox_statuses, start_celery, stop, wait_for
from worker.celery_app import schedule


def test_the_worker_delivers_the_days_reminders_once(worker_env, tasks, mailbox, staff, tmp_path):
    factories.follow_up(staff, title="Relancer l’INMQ", today=today())
    email = staff.email
    db.session.remove()
    log = tmp_path / "worker.log"
    worker = start_celery(worker_env, log, *WORKER, "--loglevel", "WARNING")
    try:
        tasks.send_task("reminders.scan")
        tasks.send_task("reminders.scan")  # twice, as two schedulers would
        assert wait_for(lambda: outbox_statuses() == {"sent": 1}), log.read_text()
    finally:
        stop(worker)  # once it has stopped, whatever it sent has arrived
    assert [m.rcpt_tos for m in mailbox.messages] == [[email]]


def _intervals(env: dict) -> dict:
    entries = schedule(load_settings(env)).items()
    return {name: entry["schedule"] for name, entry in entries if name.endswith("-reminders")}


def test_the_schedule_follows_the_settings(test_env):
    assert _intervals(test_env) == {"scan-reminders": 900.0, "send-reminders": 60.0}
    env = {**test_env, "CRM_REMINDER_SCAN_SECONDS": "2", "CRM_REMINDER_SEND_SECONDS": "1"}
    assert _intervals(env) == {"scan-reminders": 2.0, "send-reminders": 1.0}


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("CRM_REMINDER_SCAN_SECONDS", "0", "0 is out of range (1–86400)"),
        ("CRM_REMINDER_SCAN_SECONDS", "15m", "expected a whole number, got '15m'"),
        ("CRM_REMINDER_SEND_SECONDS", "3601", "3601 is out of range (1–3600)"),
    ],
)
def test_a_wrong_interval_stops_start_up(test_env, name, value, error):
    with pytest.raises(ConfigError) as caught:
        load_settings({**test_env, name: value})
    assert str(caught.value) == f"{name}: {error}"
