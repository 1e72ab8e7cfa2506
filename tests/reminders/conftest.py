"""A real SMTP server (aiosmtpd) on a free loopback port, and the app configured to use it;
real Celery processes (workers, schedulers) on a real broker: Redis, and kombu's filesystem
transport that `crm run` uses."""

from __future__ import annotations

import email
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from email import policy
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope

from crm.extensions import db
from crm.reminders.models import Reminder
from tests.conftest import close, serve
from worker.celery_app import create_celery

ROOT = Path(__file__).resolve().parents[2]
# Without heartbeats, mingle and gossip a worker starts sooner and talks to no other.
WORKER = ("worker", "--pool", "solo", "--without-heartbeat", "--without-mingle", "--without-gossip")


class Mailbox:
    """Keeps every message the server accepts; ``refuse`` makes it answer 550 instead."""

    def __init__(self):
        self.messages: list[Envelope] = []
        self.refuse: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse and address == self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(envelope)
        return "250 Message accepted"


def message_ids(box: Mailbox) -> Counter:
    """How many times each Message-ID arrived (one Message-ID a reminder)."""
    return Counter(
        email.message_from_bytes(envelope.content, policy=policy.default)["Message-ID"]
        for envelope in box.messages
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def mailbox(smtp_port):
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture
def mailer_app(test_env, smtp_port):
    """The app as the worker runs it, sending to the test's SMTP port."""
    served = serve(
        test_env,
        {
            "CRM_SMTP_HOST": "127.0.0.1",
            "CRM_SMTP_PORT": str(smtp_port),
            "CRM_BASE_URL": "https://crm.example.org",
        },
    )
    yield served
    close(served)


def outbox_statuses() -> dict:
    """The outbox's rows by status, as committed (other processes write it)."""
    db.session.rollback()
    rows = db.session.execute(
        sa.select(Reminder.status, sa.func.count()).group_by(Reminder.status)
    ).all()
    db.session.rollback()
    return {str(status): count for status, count in rows}


# --- Celery processes -----------------------------------------------------------------


def _redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["filesystem", "redis"])
def broker(request, worker_id) -> str:
    """The broker's URL, emptied of what an earlier test left. Each pytest-xdist worker has
    a Redis database of its own (15, 14…), so that no test's worker takes another's tasks."""
    if request.param == "filesystem":
        return "filesystem://"  # under the test's own data folder (worker_env)
    if not _redis_is_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379 (CI=true: not skipped)")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    number = int(worker_id[2:]) if worker_id.startswith("gw") else 0
    url = f"redis://127.0.0.1:6379/{15 - number % 8}"
    with redis.Redis.from_url(url) as server:
        server.flushdb()
    return url


@pytest.fixture
def worker_env(test_env, broker, smtp_port, tmp_path) -> dict:
    """The settings of the test's Celery processes: its database, broker and SMTP port, and
    a data folder of their own (the filesystem broker's queue, the scheduler's file)."""
    return {
        **test_env,
        "CRM_DATA_DIR": str(tmp_path / "data"),
        "CRM_BROKER_URL": broker,
        "CRM_SMTP_HOST": "127.0.0.1",
        "CRM_SMTP_PORT": str(smtp_port),
    }


@pytest.fixture
def tasks(test_env, worker_env):
    """A Celery client on the workers' broker, to send them tasks by name."""
    served = serve(test_env, worker_env)
    yield create_celery(served)
    close(served)


def start_celery(env: dict, log: Path, *arguments: str) -> subprocess.Popen:
    """``celery -A worker ARGUMENTS``, a real process with these settings, output to log."""
    with log.open("w") as output:
        return subprocess.Popen(  # noqa: S603 (celery, from this Python)
            [sys.executable, "-m", "celery", "-A", "worker", *arguments],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **env},  # the log whole, even if killed
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def stop(*processes: subprocess.Popen) -> None:
    """Stop each process as systemd would (SIGTERM: a worker finishes its task first) and
    wait for it, so that whatever it sent has arrived."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition, seconds: float = 120.0) -> bool:
    """Poll another process's work (not the clock of the app: nothing here is timed). The
    bound is generous: on a busy machine, a Celery process can take half a minute to start."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
