"""The outbox: one row a reminder, unique by what it is about, so that evaluating the rules
twice adds nothing, and delivered at most once (see delivery.py)."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import UTCDateTime, str_enum, utcnow
from crm.extensions import db
from crm.users.models import User


class ReminderStatus(enum.StrEnum):
    PENDING = "pending"  # to send, from next_attempt_at
    SENDING = "sending"  # claimed by a sender at claimed_at
    SENT = "sent"  # accepted by the mail server
    FAILED = "failed"  # refused for good; an admin may retry it


class Reminder(db.Model):
    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    # rule:record type:record id:occurrence date:recipient id
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    rule: Mapped[str] = mapped_column(sa.String(40))
    record_type: Mapped[str] = mapped_column(sa.String(40))
    record_id: Mapped[int]
    occurs_on: Mapped[date]
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[ReminderStatus] = mapped_column(
        str_enum(ReminderStatus, "reminder_status"), default=ReminderStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recipient: Mapped[User] = relationship()

    __table_args__ = (sa.Index("ix_reminders_status_next_attempt_at", "status", "next_attempt_at"),)
