"""SQLite: a consistent copy made with the online backup API while the app runs, and a
restore that swaps the database file in one rename."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL

from crm.backup.errors import BackupError

SUFFIXES = ("-wal", "-shm", "-journal")


def database_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return Path(url.database).resolve()


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    uri = f"{path.as_uri()}?mode=ro" if read_only else path.as_uri()
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=15)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: {exc}") from None
    return connection


def tables(connection: sqlite3.Connection) -> list[str]:
    """The tables, without SQLite's own and the search index's shadow tables."""
    return [
        name
        for (name,) in connection.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main'"
            " AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            " ORDER BY name"
        )
    ]


def row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    query = 'SELECT count(*) FROM "{}"'
    return {t: connection.execute(query.format(t)).fetchone()[0] for t in tables(connection)}


def revision(connection: sqlite3.Connection) -> str | None:
    if "alembic_version" not in tables(connection):
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def document_checksums(connection: sqlite3.Connection) -> set[str]:
    return {sha for (sha,) in connection.execute("SELECT sha256 FROM agreement_documents")}


def snapshot(url: URL, destination: Path) -> tuple[str | None, dict[str, int], set[str]]:
    """Copy the live database to ``destination``; its revision, row counts and the
    checksums its documents name."""
    source = database_path(url)
    if not source.is_file():
        raise BackupError(f"the database {source} does not exist (run 'crm init')")
    with closing(_connect(source, read_only=True)) as live, closing(_connect(destination)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        found = revision(copy)
        checksums = document_checksums(copy) if found else set()
        return found, row_counts(copy), checksums


def is_empty(path: Path) -> bool:
    """No file, no tables, or only empty tables (a database made by ``crm init``)."""
    if not path.exists():
        return True
    with closing(_connect(path, read_only=True)) as connection:
        counts = row_counts(connection)
    return not any(count for table, count in counts.items() if table != "alembic_version")


def check_copy(path: Path, expected_revision: str, expected_counts: dict[str, int]) -> None:
    """The extracted database is sound and holds what the manifest says."""
    with closing(_connect(path)) as connection:
        problems = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if problems != "ok":
            raise BackupError(f"the backed-up database is damaged: {problems}")
        if revision(connection) != expected_revision or row_counts(connection) != expected_counts:
            raise BackupError("the backed-up database does not hold what its manifest says")


def swap(copy: Path, target: Path) -> None:
    """Replace the database file. The old one leaves WAL mode first, so that no write-ahead
    log of the old database is left to be replayed into the new one."""
    if target.exists():
        try:
            with closing(sqlite3.connect(target, isolation_level=None, timeout=5)) as old:
                old.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error as exc:
            raise BackupError(f"{target}: {exc} (stop Passerelle before restoring)") from None
    for suffix in SUFFIXES:
        if Path(f"{target}{suffix}").exists():
            raise BackupError(f"{target}{suffix} exists: stop Passerelle before restoring")
    os.replace(copy, target)
