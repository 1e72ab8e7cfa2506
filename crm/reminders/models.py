"""The outbox: one row a reminder, unique by what it is about, so that evaluating the rules
twice adds nothing, and delivered at most once (see delivery.py); and each user's choice of
immediate emails or one daily digest, and of the kinds of reminder they get."""

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
    BUNDLED = "bundled"  # waits for the recipient's daily digest (digest_id once taken)
    CANCELLED = "cancelled"  # no longer due when its turn came (done, renewed, turned off…)


class ReminderDelivery(enum.StrEnum):
    IMMEDIATE = "immediate"  # one email a reminder, as soon as it is due
    DIGEST = "digest"  # one email a day gathering them all


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
    # The daily digest (a row of rule "daily_digest") that took this bundled reminder.
    digest_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("reminders.id", ondelete="SET NULL"), index=True
    )

    recipient: Mapped[User] = relationship()

    __table_args__ = (
        sa.Index("ix_reminders_status_next_attempt_at", "status", "next_attempt_at"),
        sa.Index("ix_reminders_recipient_id_status", "recipient_id", "status"),
    )


class ReminderSettings(db.Model):
    """A user's reminder choices; a user without a row gets every kind, immediately."""

    __tablename__ = "reminder_settings"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    delivery: Mapped[ReminderDelivery] = mapped_column(
        str_enum(ReminderDelivery, "reminder_delivery"), default=ReminderDelivery.IMMEDIATE
    )
    # Kinds of reminder (rules.KINDS) the user turned off.
    muted_kinds: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
