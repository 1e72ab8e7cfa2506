"""Writing due reminders to the outbox: a reminder already there (same key) is skipped by
the database itself, so two scans at once, a retry or a restart add nothing.

Each recipient's settings apply here: kinds they turned off are not queued; for those who
chose a daily digest, reminders wait as "bundled" and one digest row a day is queued for
them, as for anyone with overdue follow-ups."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from crm.extensions import db
from crm.reminders import preferences
from crm.reminders.models import Reminder, ReminderDelivery, ReminderStatus
from crm.reminders.rules import DIGEST, RULES, Due, overdue_assignees

_CHUNK = 200  # rows a statement (SQLite limits the parameters of one)


def _insert():
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(Reminder)


def _queue(rows: list[dict]) -> int:
    queued = 0
    for start in range(0, len(rows), _CHUNK):
        statement = _insert().values(rows[start : start + _CHUNK])
        statement = statement.on_conflict_do_nothing(index_elements=["key"])
        queued += len(db.session.execute(statement.returning(Reminder.id)).all())
    return queued


def _row(item: Due, status: ReminderStatus) -> dict:
    return {
        "key": item.key,
        "rule": item.rule,
        "record_type": item.record_type,
        "record_id": item.record_id,
        "occurs_on": item.occurs_on,
        "recipient_id": item.recipient_id,
        "status": status,
    }


def _waiting_for_digest() -> set[int]:
    """Users with bundled reminders that no digest has taken yet."""
    return set(
        db.session.scalars(
            sa.select(Reminder.recipient_id)
            .where(Reminder.status == ReminderStatus.BUNDLED, Reminder.digest_id.is_(None))
            .distinct()
        )
    )


def scan(today: date) -> int:
    """Queue the reminders due on ``today`` and the day's digests; the number newly queued
    (digests included). Flushes; the caller commits."""
    due = {item.key: item for rule in RULES for item in rule(today)}
    overdue = overdue_assignees(today)
    settings = preferences.settings_for({item.recipient_id for item in due.values()} | overdue)
    rows = []
    for item in due.values():
        chosen = settings[item.recipient_id]
        if preferences.wants(chosen, item.rule):
            digest = chosen.delivery == ReminderDelivery.DIGEST
            rows.append(_row(item, ReminderStatus.BUNDLED if digest else ReminderStatus.PENDING))
    queued = _queue(rows)
    readers = {
        user_id for user_id in overdue if preferences.wants(settings[user_id], "follow_up_due")
    } | _waiting_for_digest()
    digests = [
        _row(Due(DIGEST, "user", user_id, today, user_id), ReminderStatus.PENDING)
        for user_id in sorted(readers)
    ]
    return queued + _queue(digests)
