"""Interactions: every meeting, call, email, visit or event with contacts."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.contacts.models import Contact
from crm.core.db import UTCDateTime, str_enum
from crm.core.records import Owned
from crm.extensions import db
from crm.users.models import User


class InteractionKind(enum.StrEnum):
    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    VISIT = "visit"
    EVENT = "event"


interaction_contacts = sa.Table(
    "interaction_contacts",
    db.Model.metadata,
    sa.Column(
        "interaction_id", sa.ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("contact_id", sa.ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_interaction_contacts_contact_id", "contact_id"),
)

interaction_users = sa.Table(
    "interaction_users",
    db.Model.metadata,
    sa.Column(
        "interaction_id", sa.ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_interaction_users_user_id", "user_id"),
)


class Interaction(Owned, db.Model):
    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[InteractionKind] = mapped_column(str_enum(InteractionKind, "interaction_kind"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    subject: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str | None] = mapped_column(sa.Text)
    location: Mapped[str | None] = mapped_column(sa.String(200))
    mission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("missions.id", ondelete="SET NULL"), index=True
    )
    agreement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="SET NULL"), index=True
    )

    contacts: Mapped[list[Contact]] = relationship(secondary=interaction_contacts)
    staff: Mapped[list[User]] = relationship(secondary=interaction_users)
    mission = relationship("Mission", back_populates="meetings")
    agreement = relationship("Agreement")

    @property
    def staff_ids(self) -> list[int]:
        """The staff involved, by id (as the API shows them)."""
        return sorted(user.id for user in self.staff)

    @property
    def label(self) -> str:
        """How the record is named in lists, links and emails."""
        return self.subject

    def __repr__(self) -> str:
        return f"<Interaction {self.kind} {self.occurred_at:%Y-%m-%d}>"
