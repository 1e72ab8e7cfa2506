"""Follow-ups: something someone promised to do, about any record, by a date."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import UTCDateTime, str_enum
from crm.core.records import Owned
from crm.extensions import db
from crm.users.models import User


class FollowUpStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


# The record a follow-up is about: at most one of these foreign keys is set.
SUBJECT_COLUMNS = {
    "organization": "organizations",
    "contact": "contacts",
    "interaction": "interactions",
    "mission": "missions",
    "agreement": "agreements",
    "project": "projects",
    "exchange": "student_exchanges",
}


def _at_most_one_subject() -> sa.CheckConstraint:
    total = " + ".join(
        f"(CASE WHEN {name}_id IS NULL THEN 0 ELSE 1 END)" for name in SUBJECT_COLUMNS
    )
    return sa.CheckConstraint(f"{total} <= 1", name="one_subject")


def _subject_indexes() -> list[sa.Index]:
    """Partial indexes: each subject column is mostly empty, and a full index would look
    useless to the query planner (its statistics count the empty rows)."""
    return [
        sa.Index(
            f"ix_follow_ups_{name}_id",
            f"{name}_id",
            sqlite_where=sa.text(f"{name}_id IS NOT NULL"),
            postgresql_where=sa.text(f"{name}_id IS NOT NULL"),
        )
        for name in SUBJECT_COLUMNS
    ]


class FollowUp(Owned, db.Model):
    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    due_on: Mapped[date] = mapped_column(index=True)
    assignee_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    status: Mapped[FollowUpStatus] = mapped_column(
        str_enum(FollowUpStatus, "follow_up_status"), default=FollowUpStatus.OPEN
    )
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contacts.id", ondelete="CASCADE"))
    interaction_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interactions.id", ondelete="CASCADE")
    )
    mission_id: Mapped[int | None] = mapped_column(sa.ForeignKey("missions.id", ondelete="CASCADE"))
    agreement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="CASCADE")
    )
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    exchange_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("student_exchanges.id", ondelete="CASCADE")
    )

    assignee: Mapped[User] = relationship(foreign_keys=[assignee_id])
    organization = relationship("Organization")
    contact = relationship("Contact")
    interaction = relationship("Interaction")
    mission = relationship("Mission")
    agreement = relationship("Agreement")
    project = relationship("Project")
    exchange = relationship("StudentExchange")

    __table_args__ = (
        _at_most_one_subject(),
        *_subject_indexes(),
        sa.Index("ix_follow_ups_assignee_id_status_due_on", "assignee_id", "status", "due_on"),
    )

    @property
    def subject(self):
        """The record this follow-up is about, if any."""
        for name in SUBJECT_COLUMNS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None

    @property
    def subject_kind(self) -> str | None:
        """Which kind of record it is about ("contact", "exchange"…), if any."""
        for name in SUBJECT_COLUMNS:
            if getattr(self, f"{name}_id") is not None:
                return name
        return None

    @property
    def subject_id(self) -> int | None:
        """The id of the record it is about, if any (the API's ``subject_id``)."""
        kind = self.subject_kind
        return getattr(self, f"{kind}_id") if kind else None

    def is_overdue(self, today: date) -> bool:
        return self.status == FollowUpStatus.OPEN and self.due_on < today

    @property
    def label(self) -> str:
        """How the record is named in lists, links and emails."""
        return self.title

    def __repr__(self) -> str:
        return f"<FollowUp {self.title!r} {self.due_on}>"
