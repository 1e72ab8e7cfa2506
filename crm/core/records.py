"""What every record of the CRM carries: audit stamps, a version, an owner and a visibility."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from crm.core.db import UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from crm.institutions.models import MemberInstitution


class Visibility(enum.StrEnum):
    CONSORTIUM = "consortium"  # every member institution sees it
    MEMBER = "member"  # only the owning institution's users see it


class Audited:
    """Created/updated at and by, and an integer version for optimistic locking.

    SQLAlchemy bumps ``version`` on every UPDATE and refuses one whose row changed
    underneath (StaleDataError), so two concurrent saves can never both win.
    """

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=False)

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:
        return mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


class Owned(Audited):
    """A record owned by one member institution, visible to the consortium or to its owner."""

    def __init__(self, **values):
        values.setdefault("visibility", self.initial_visibility(values))
        super().__init__(**values)

    @classmethod
    def initial_visibility(cls, values: dict) -> Visibility:
        """The visibility a new record gets when none is chosen."""
        return Visibility.CONSORTIUM

    @declared_attr
    def institution_id(cls) -> Mapped[int]:
        return mapped_column(
            sa.ForeignKey("member_institutions.id", ondelete="RESTRICT"), index=True
        )

    @declared_attr
    def visibility(cls) -> Mapped[Visibility]:
        return mapped_column(str_enum(Visibility, "visibility"))

    @declared_attr
    def institution(cls) -> Mapped[MemberInstitution]:
        return relationship("MemberInstitution")

    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @classmethod
    def visible_to(cls, user) -> sa.ColumnElement[bool]:
        """The SQL condition under which ``user`` may see a row of this table."""
        return sa.or_(
            cls.visibility == Visibility.CONSORTIUM,
            cls.institution_id == user.institution_id,
        )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def is_visible_to(self, user) -> bool:
        return (
            self.visibility == Visibility.CONSORTIUM or self.institution_id == user.institution_id
        )


def label_seen_by(record, user) -> str:
    """The record's name with only what ``user`` may see of the records it names (an
    exchange's student may be private to its institution)."""
    label_for = getattr(record, "label_for", None)
    return label_for(user) if label_for else record.label
