"""PostgreSQL: ``pg_dump --format=custom`` inside a snapshot the row counts are read from,
and a restore that drops and rebuilds the schema in one transaction (``psql
--single-transaction`` fed by ``pg_restore``), so that a failure leaves the database as it
was. The connection settings go to libpq through its environment: no password on a
command line, where other users could read it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL

from crm.backup.errors import BackupError

SCHEMA = "public"
# The URL's query options libpq also knows, and their environment variables.
_QUERY_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "host": "PGHOST",
    "port": "PGPORT",
    "options": "PGOPTIONS",
}
# The dump's own entries for the schema, which the restore makes itself.
_SCHEMA_ENTRY = re.compile(rf"^\d+; \d+ \d+ (SCHEMA - {SCHEMA}|COMMENT - SCHEMA {SCHEMA}) ")


def libpq_env(url: URL) -> dict[str, str]:
    """The process environment plus the URL's settings as libpq variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    for key, value in url.query.items():
        if key not in _QUERY_ENV:
            raise BackupError(f"CRM_DATABASE_URL: the option {key!r} is not passed to pg_dump")
        values[_QUERY_ENV[key]] = value if isinstance(value, str) else value[-1]
    env.update({k: v for k, v in values.items() if v})
    return env


def _run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    result = subprocess.run(  # noqa: S603 (PostgreSQL's own tools, arguments we made)
        [program, *command[1:]], env=env, capture_output=True, check=False, **kwargs
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {_first_line(result.stderr)}")
    return result


def _first_line(stderr: bytes) -> str:
    lines = [line for line in stderr.decode(errors="replace").splitlines() if line.strip()]
    return lines[0] if lines else "no message"


def row_counts(connection: sa.Connection) -> dict[str, int]:
    names = connection.scalars(
        sa.text("SELECT tablename FROM pg_tables WHERE schemaname = :schema ORDER BY tablename"),
        {"schema": SCHEMA},
    ).all()
    query = 'SELECT count(*) FROM {}."{}"'
    return {t: connection.exec_driver_sql(query.format(SCHEMA, t)).scalar() for t in names}


def snapshot(engine: sa.Engine, destination: Path) -> tuple[str | None, dict[str, int], set[str]]:
    """Dump the database to ``destination``; its revision, row counts and the checksums its
    documents name, all read in the snapshot the dump is made from."""
    env = libpq_env(engine.url)
    connect = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with connect as connection, connection.begin():
        exported = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
        counts = row_counts(connection)
        revision = checksums = None
        if "alembic_version" in counts:
            revision = connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            ).scalar()
            checksums = set(
                connection.exec_driver_sql("SELECT sha256 FROM agreement_documents").scalars()
            )
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={exported}",
                f"--file={destination}",
            ],
            env,
        )
    return revision, counts, checksums or set()


def is_empty(engine: sa.Engine) -> bool:
    """No tables, or only empty ones (a database made by ``crm init``)."""
    with engine.connect() as connection:
        counts = row_counts(connection)
    return not any(count for table, count in counts.items() if table != "alembic_version")


def _count_check(expected: dict[str, int]) -> str:
    """SQL that fails the transaction when a table does not hold the manifest's rows. The
    names and counts were checked by the manifest's parser (identifiers, integers)."""
    checks = "".join(
        f'IF (SELECT count(*) FROM {SCHEMA}."{table}") <> {count} THEN '  # noqa: S608
        f"RAISE EXCEPTION 'restored table {table} does not hold {count} rows'; END IF; "
        for table, count in expected.items()
    )
    tables = ", ".join(f"'{table}'" for table in expected)
    return (
        f"DO $$ BEGIN {checks}"  # noqa: S608
        f"IF EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = '{SCHEMA}'"
        f" AND tablename NOT IN ({tables})) THEN "
        "RAISE EXCEPTION 'the restored database holds tables the backup does not list'; END IF; "
        "END $$;"
    )


def restore(engine: sa.Engine, dump: Path, expected_counts: dict[str, int]) -> None:
    """Replace the schema by the dump's, in one transaction, and check every table's rows."""
    env = libpq_env(engine.url)
    listing = _run(["pg_restore", "--list", str(dump)], env).stdout.decode()
    kept = "".join(line + "\n" for line in listing.splitlines() if not _SCHEMA_ENTRY.match(line))
    with tempfile.TemporaryDirectory(dir=dump.parent) as work:
        entries = Path(work) / "entries.list"
        entries.write_text(kept)
        script = Path(work) / "restore.sql"
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                f"--use-list={entries}",
                f"--file={script}",
                str(dump),
            ],
            env,
        )
        _run(
            [
                "psql",
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                f"--command=DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA};",
                f"--file={script}",
                f"--command={_count_check(expected_counts)}",
            ],
            env,
        )
