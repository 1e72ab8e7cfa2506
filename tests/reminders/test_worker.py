"""The Celery worker, a real process, on a real broker (Redis, and kombu's filesystem
transport that `crm run` uses): asked to scan, it queues and delivers the day's reminders
to the SMTP server, once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crm.core.clock import today
from crm.extensions import db
from tests import factories
from tests.conftest import close, serve
from worker.celery_app import create_celery

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/15"


def _redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["filesystem://", REDIS])
def broker(request) -> str:
    if request.param == REDIS and not _redis_is_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379 (CI=true: not skipped)")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return request.param


def _wait_for(condition, seconds: float = 30.0) -> bool:
    """Poll another process's work (not the clock of the app: nothing here is timed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_delivers_the_days_reminders_once(
    broker, test_env, mailbox, smtp_port, staff, tmp_path
):
    factories.follow_up(staff, title="Relancer l’INMQ", today=today())
    email = staff.email
    db.session.remove()
    env = {
        **test_env,
        "CRM_BROKER_URL": broker,
        "CRM_SMTP_HOST": "127.0.0.1",
        "CRM_SMTP_PORT": str(smtp_port),
    }
    served = serve(test_env, env)
    client = create_celery(served)
    if broker == REDIS:
        with client.connection_for_write() as connection:
            connection.default_channel.client.flushdb()
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "worker",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "WARNING",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            client.send_task("reminders.scan")
            client.send_task("reminders.scan")  # twice, as two schedulers would
            assert _wait_for(lambda: len(mailbox.messages) >= 1), log.read_text()
            client.send_task("reminders.send")
            time.sleep(1)  # give a second copy, if there were one, the time to arrive
        finally:
            process.terminate()
            process.wait(timeout=30)
            close(served)
    assert [m.rcpt_tos for m in mailbox.messages] == [[email]]
