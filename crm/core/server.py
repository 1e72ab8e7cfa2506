"""``crm run``: serve the app with waitress, a production WSGI server."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from waitress import serve


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@with_appcontext
def run_command(host: str, port: int, threads: int) -> None:
    """Serve Passerelle on http://HOST:PORT."""
    app = current_app._get_current_object()
    click.echo(f"Passerelle on http://{host}:{port}/ (Ctrl+C to stop)")
    serve(app, host=host, port=port, threads=threads, ident="Passerelle")
