"""Reading the history: a record's entries, and the admins' filtered list."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from crm.core.clock import zone
from crm.history.models import HistoryEntry


def seen_by(user) -> sa.ColumnElement[bool]:
    """Entries about records the user's institution may see (another institution's
    private records stay its own, even for admins)."""
    return sa.or_(~HistoryEntry.is_private, HistoryEntry.institution_id == user.institution_id)


def of_record(record_type: str, record_id: int, user) -> sa.Select:
    return (
        sa.select(HistoryEntry)
        .where(
            HistoryEntry.record_type == record_type,
            HistoryEntry.record_id == record_id,
            seen_by(user),
        )
        .options(joinedload(HistoryEntry.actor))
        .order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone())


def filtered(chosen: dict, user) -> sa.Select:
    """Entries matching the admin's filters (action, kind of record, who, from, to), newest
    first; days are the colleges' days (CRM_TIMEZONE)."""
    query = sa.select(HistoryEntry).options(joinedload(HistoryEntry.actor)).where(seen_by(user))
    if chosen.get("action"):
        query = query.where(HistoryEntry.action == chosen["action"])
    if chosen.get("record_type"):
        query = query.where(HistoryEntry.record_type == chosen["record_type"])
    if chosen.get("actor_id"):
        query = query.where(HistoryEntry.actor_id == chosen["actor_id"])
    if chosen.get("since"):
        query = query.where(HistoryEntry.at >= _start_of(chosen["since"]))
    if chosen.get("until"):
        query = query.where(HistoryEntry.at < _start_of(chosen["until"] + timedelta(days=1)))
    return query.order_by(HistoryEntry.at.desc(), HistoryEntry.id.desc())
