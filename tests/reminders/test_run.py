"""The README's run command gives working reminders: `crm run` starts the worker and its
scheduler on the filesystem broker, and the demo's follow-up due today becomes exactly one
email, in French, in the mail folder."""

from __future__ import annotations

import email
import subprocess
import time
from email import policy
from pathlib import Path

from tests.reminders.conftest import free_port
from tests.test_cli import CRM, _env, crm


def test_crm_run_sends_the_follow_up_due_today_once(tmp_path):
    env = _env(tmp_path)
    crm(env, "init")
    crm(env, "seed-demo --admin-email admin@passerelle.local")
    mail = tmp_path / "mail"
    with (tmp_path / "run.log").open("w") as log:
        server = subprocess.Popen(  # noqa: S603 (our own console script)
            [str(CRM), "run", "--port", str(free_port())], env=env, stdout=log, stderr=log
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not list(mail.glob("*.eml")):
                time.sleep(0.2)  # the worker is another process: poll for its work
            time.sleep(2)  # and give a second copy, if there were one, the time to come
        finally:
            server.terminate()
            server.wait(timeout=30)
        worker_gone = _wait_until_gone(tmp_path)
    messages = [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in mail.glob("*.eml")
    ]
    follow_ups = [m for m in messages if m["Subject"].startswith("Suivi")]
    assert [m["Subject"] for m in follow_ups] == [
        "Suivi à faire aujourd’hui : Proposer une date de visite à la Société minière du Souss"
    ], (tmp_path / "run.log").read_text()
    assert follow_ups[0]["To"].addresses[0].addr_spec == "admin@passerelle.local"
    assert worker_gone, "the worker outlived crm run"


def _wait_until_gone(data_dir) -> bool:
    """Whether no worker of this data folder is left running (within 30 s)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not any(_is_our_worker(pid, data_dir) for pid in _pids()):
            return True
        time.sleep(0.2)
    return False


def _pids() -> list[str]:
    return [p.name for p in Path("/proc").iterdir() if p.name.isdecimal()]


def _is_our_worker(pid: str, data_dir) -> bool:
    try:
        command = (Path("/proc") / pid / "cmdline").read_bytes()
        environ = (Path("/proc") / pid / "environ").read_bytes()
    except OSError:
        return False
    return b"celery" in command and f"CRM_DATA_DIR={data_dir}".encode() in environ
