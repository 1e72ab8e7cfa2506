"""``crm run``: serve the app with waitress, a production WSGI server, and run the reminder
worker with its scheduler beside it (a child process: ``celery -A worker worker --beat``)."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from waitress import serve


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--worker/--no-worker",
    "with_worker",
    default=True,
    show_default=True,
    help="Also run the reminder worker and its scheduler (off when they run elsewhere).",
)
@with_appcontext
def run_command(host: str, port: int, threads: int, with_worker: bool) -> None:
    """Serve Passerelle on http://HOST:PORT."""
    app = current_app._get_current_object()
    worker = _start_worker() if with_worker else None
    # A stop request (SIGTERM, as from systemd or a container) ends the worker too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    click.echo(f"Passerelle on http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        serve(app, host=host, port=port, threads=threads, ident="Passerelle")
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)


def _start_worker() -> subprocess.Popen:
    """One worker process with the scheduler, on the configured broker (by default the
    filesystem one under the data folder, which needs no server)."""
    command = [sys.executable, "-m", "celery", "-A", "worker", "worker", "--beat"]
    command += ["--pool", "solo", "--loglevel", "INFO"]
    return subprocess.Popen(command, env=os.environ.copy(), preexec_fn=_die_with_parent)  # noqa: S603


def _die_with_parent() -> None:
    """On Linux, the worker is stopped even if `crm run` is killed outright (SIGKILL)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass
