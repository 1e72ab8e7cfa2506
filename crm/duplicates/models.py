"""Pairs that someone said are not duplicates, so that they are not proposed again."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import UTCDateTime, str_enum, utcnow
from crm.extensions import db
from crm.users.models import User


class DuplicateKind(enum.StrEnum):
    CONTACT = "contact"
    ORGANIZATION = "organization"


class DuplicateDismissal(db.Model):
    """ "These two are not duplicates", said once for a pair (in either order).

    The ids carry no foreign key: they name a contact or an organization depending on
    ``kind``; a merge or a deletion removes the dismissals of the record that goes.
    """

    __tablename__ = "duplicate_dismissals"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DuplicateKind] = mapped_column(str_enum(DuplicateKind, "duplicate_kind"))
    low_id: Mapped[int]
    high_id: Mapped[int]
    dismissed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dismissed_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("kind", "low_id", "high_id"),
        sa.CheckConstraint("low_id < high_id", name="ordered_pair"),
    )


def ordered(a: int, b: int) -> tuple[int, int]:
    """A pair's ids as stored: the lower first."""
    return (a, b) if a < b else (b, a)
