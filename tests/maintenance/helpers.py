"""A second app on a new empty database and data folder, and what a database and a
documents folder hold, to compare a restored copy with its original."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from crm.app import create_app
from crm.cli import cli
from crm.extensions import db
from tests.conftest import _on_server, snapshot

# The search index is rebuilt by the restore: its rows are counted, not compared.
REBUILT = {"search_documents"}


@contextmanager
def empty_instance(test_env: dict, data_dir: Path):
    """An app on a new data folder and a new database (a second PostgreSQL database beside
    the test run's, dropped afterwards), its context pushed."""
    url = test_env["CRM_DATABASE_URL"]
    postgres = url.startswith("postgresql")
    if postgres:
        base = make_url(url)
        url = base.set(database=f"{base.database}_restore").render_as_string(hide_password=False)
        _on_server(url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _on_server(url, 'CREATE DATABASE "{name}"')
    else:
        url = f"sqlite:///{data_dir / 'crm.sqlite3'}"
    env = {"CRM_DATA_DIR": str(data_dir), "CRM_DATABASE_URL": url, "CRM_SECRET_KEY": "other"}
    app = create_app({"TESTING": True, "RATELIMIT_ENABLED": False}, env=env)
    try:
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        if postgres:
            _on_server(url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def invoke(app, *args: str, code: int = 0):
    """``crm ARGS`` in process, on ``app`` (whose context must be the current one)."""
    result = app.test_cli_runner().invoke(cli, list(args))
    assert result.exit_code == code, (result.output, result.exception)
    if code:
        assert isinstance(result.exception, SystemExit), result.exception  # no traceback
        assert len(result.stderr.splitlines()) == 1, result.stderr
    return result


def row_counts() -> dict[str, int]:
    """Every table's rows (but the search index's FTS5 shadow tables)."""
    db.session.rollback()
    names = sa.inspect(db.engine).get_table_names()
    return {
        name: db.session.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
        for name in names
        if not name.startswith("search_index_")
    }


def contents() -> dict[str, list]:
    """Every row of every model's table, but the rebuilt search index."""
    return {name: rows for name, rows in snapshot().items() if name not in REBUILT}


def stored_documents(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }
