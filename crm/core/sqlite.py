"""SQLite tuned for several concurrent users: WAL, a busy timeout, and write transactions
that take the write lock up front.

A deferred transaction that reads and then writes gets SQLITE_BUSY at once when another
writer holds the lock, whatever the timeout; ``BEGIN IMMEDIATE`` waits for the lock instead.
Requests that change data (POST, PUT, PATCH, DELETE) and work outside requests (command
line, worker) begin IMMEDIATE; reads begin deferred and never block writers under WAL.
"""

from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 15_000
MMAP_BYTES = 256 * 1024 * 1024
_READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def _wants_write_lock() -> bool:
    if has_request_context():
        return request.method not in _READ_METHODS
    return True


def configure(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the driver, issue BEGIN (see the module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Read through the operating system's page cache, shared by every connection,
        # rather than copying pages into each one's own small cache (the dashboard at bench
        # scale: README, Benchmarks). Sorting and DISTINCT stay in memory.
        cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN")
