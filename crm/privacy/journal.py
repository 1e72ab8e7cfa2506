"""History entries for what changes no record: a person's data exported, a student's
record opened. (Changes to records are recorded by crm/history/capture.py.)"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from crm.core.audit import current_actor_id
from crm.core.db import utcnow
from crm.extensions import db
from crm.history.capture import about
from crm.history.models import HistoryAction, HistoryEntry

# Opening the same record again within this time is not recorded again.
VIEW_RECORDED_EVERY = timedelta(minutes=1)


def record_event(record, action: HistoryAction, note: str | None = None) -> None:
    """Add an entry for ``record`` to the session (the caller commits)."""
    db.session.add(
        HistoryEntry(
            at=utcnow(),
            actor_id=current_actor_id(),
            action=action,
            note=note,
            changes={},
            **about(record),
        )
    )


def is_student_record(record) -> bool:
    """Whose opening is logged: a student's contact record, and every exchange."""
    return bool(getattr(record, "is_student", False)) or record.__tablename__ == (
        "student_exchanges"
    )


def log_view(record) -> None:
    """Record that the signed-in user opened a student's record, at most once a minute.

    Committed at once, in a transaction of its own, even on a GET: the read so far is
    ended first (on SQLite a read turned into a write fails at once under contention) and
    the entry is written by one INSERT … SELECT that checks for a recent one."""
    if not is_student_record(record):
        return
    actor = current_actor_id()
    if actor is None:
        return
    now = utcnow()
    which = about(record)
    record_type, record_id = which["record_type"], which["record_id"]
    db.session.rollback()
    recent = sa.select(HistoryEntry.id).where(
        HistoryEntry.record_type == record_type,
        HistoryEntry.record_id == record_id,
        HistoryEntry.actor_id == actor,
        HistoryEntry.action == HistoryAction.VIEW,
        HistoryEntry.at > now - VIEW_RECORDED_EVERY,
    )
    table = HistoryEntry.__table__
    values = which | {"at": now, "actor_id": actor, "action": HistoryAction.VIEW, "changes": {}}
    row = sa.select(*(sa.literal(v, table.c[k].type).label(k) for k, v in values.items()))
    db.session.execute(sa.insert(table).from_select(list(values), row.where(~recent.exists())))
    db.session.commit()
