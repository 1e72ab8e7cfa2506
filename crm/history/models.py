"""The history: one row a change to a record (who, when, which fields from what to what),
written by the database session itself (capture.py), never edited from the app."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import UTCDateTime, str_enum, utcnow
from crm.extensions import db
from crm.users.models import User


class HistoryAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    ARCHIVE = "archive"
    RESTORE = "restore"
    TRANSITION = "transition"  # a workflow step (an agreement submitted, approved…)
    MERGE = "merge"
    IMPORT = "import"
    ANONYMIZE = "anonymize"
    EXPORT = "export"  # a person's data exported (Law 25)
    VIEW = "view"  # a student's record opened (Law 25)


class HistoryEntry(db.Model):
    __tablename__ = "history_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[HistoryAction] = mapped_column(str_enum(HistoryAction, "history_action"))
    # The record's table and id; the row stays when the record is deleted.
    record_type: Mapped[str] = mapped_column(sa.String(40))
    record_id: Mapped[int]
    # What the record was called then (so a deleted record's entries still name it).
    label: Mapped[str] = mapped_column(sa.String(300))
    # {field: [before, after]}; values as shown to people (labels, not ids).
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    note: Mapped[str | None] = mapped_column(sa.String(500))
    # The record's owner then, and whether it was private to it (visibility "member").
    institution_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member_institutions.id", ondelete="SET NULL")
    )
    is_private: Mapped[bool] = mapped_column(default=False)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.Index("ix_history_entries_record", "record_type", "record_id", "at"),
        sa.Index("ix_history_entries_at", "at"),
        sa.Index("ix_history_entries_actor_id", "actor_id"),
    )


@event.listens_for(HistoryEntry, "before_update")
@event.listens_for(HistoryEntry, "before_delete")
def _read_only(_mapper, _connection, entry: HistoryEntry) -> None:
    raise ValueError(f"history entry {entry.id} cannot be changed")
