"""Missions abroad: the delegation, the meetings held and what came out of them."""

from __future__ import annotations

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from crm.core.countries import normalise_country
from crm.core.db import str_enum
from crm.core.records import Owned
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.users.models import User


class MissionStatus(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


mission_users = sa.Table(
    "mission_users",
    db.Model.metadata,
    sa.Column("mission_id", sa.ForeignKey("missions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_mission_users_user_id", "user_id"),
)

mission_institutions = sa.Table(
    "mission_institutions",
    db.Model.metadata,
    sa.Column("mission_id", sa.ForeignKey("missions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "institution_id",
        sa.ForeignKey("member_institutions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)


class Mission(Owned, db.Model):
    __tablename__ = "missions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    cities: Mapped[str | None] = mapped_column(sa.String(300))
    starts_on: Mapped[date] = mapped_column(index=True)
    ends_on: Mapped[date]
    purpose: Mapped[str | None] = mapped_column(sa.Text)
    outcomes: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[MissionStatus] = mapped_column(
        str_enum(MissionStatus, "mission_status"), default=MissionStatus.PLANNED
    )

    delegates: Mapped[list[User]] = relationship(secondary=mission_users)
    delegation_institutions: Mapped[list[MemberInstitution]] = relationship(
        secondary=mission_institutions
    )
    meetings = relationship(
        "Interaction", back_populates="mission", order_by="Interaction.occurred_at"
    )

    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),)

    @validates("country")
    def _check_country(self, _key: str, value: str) -> str:
        return normalise_country(value)

    @property
    def label(self) -> str:
        """How the record is named in lists, links and emails."""
        return self.name

    @property
    def delegate_ids(self) -> list[int]:
        return [u.id for u in self.delegates]

    @property
    def delegation_institution_ids(self) -> list[int]:
        return [i.id for i in self.delegation_institutions]

    def __repr__(self) -> str:
        return f"<Mission {self.name!r}>"
