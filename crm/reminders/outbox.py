"""Writing due reminders to the outbox: a reminder already there (same key) is skipped by
the database itself, so two scans at once, a retry or a restart add nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects import postgresql, sqlite

from crm.extensions import db
from crm.reminders.models import Reminder
from crm.reminders.rules import RULES

_CHUNK = 200  # rows a statement (SQLite limits the parameters of one)


def _insert():
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(Reminder)


def scan(today: date) -> int:
    """Queue the reminders due on ``today``; the number newly queued. Flushes; the caller
    commits."""
    due = {item.key: item for rule in RULES for item in rule(today)}
    if not due:
        return 0
    rows = [
        {
            "key": key,
            "rule": item.rule,
            "record_type": item.record_type,
            "record_id": item.record_id,
            "occurs_on": item.occurs_on,
            "recipient_id": item.recipient_id,
        }
        for key, item in due.items()
    ]
    queued = 0
    for start in range(0, len(rows), _CHUNK):
        statement = _insert().values(rows[start : start + _CHUNK])
        statement = statement.on_conflict_do_nothing(index_elements=["key"])
        queued += len(db.session.execute(statement.returning(Reminder.id)).all())
    return queued
