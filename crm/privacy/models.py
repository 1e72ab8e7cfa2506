"""Each application of the retention rules (the anonymizations themselves are in the
history, one entry per person)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import UTCDateTime, utcnow
from crm.extensions import db
from crm.users.models import User


class RetentionRun(db.Model):
    __tablename__ = "retention_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # None: the scheduled task or the command line without a user.
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    anonymized: Mapped[int]
    to_review: Mapped[int]

    actor: Mapped[User | None] = relationship()
