"""Projects: the consortium's joint work — training offers, applied research, services."""

from __future__ import annotations

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import str_enum
from crm.core.records import Owned
from crm.extensions import db
from crm.organizations.models import Organization
from crm.users.models import User


class ProjectKind(enum.StrEnum):
    TRAINING_OFFER = "training_offer"
    APPLIED_RESEARCH = "applied_research"
    BUSINESS_SERVICES = "business_services"
    OTHER = "other"


class ProjectStatus(enum.StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


project_agreements = sa.Table(
    "project_agreements",
    db.Model.metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("agreement_id", sa.ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
)

project_missions = sa.Table(
    "project_missions",
    db.Model.metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("mission_id", sa.ForeignKey("missions.id", ondelete="CASCADE"), primary_key=True),
)


class Project(Owned, db.Model):
    """The owning institution is the lead member institution."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[ProjectKind] = mapped_column(str_enum(ProjectKind, "project_kind"))
    status: Mapped[ProjectStatus] = mapped_column(
        str_enum(ProjectStatus, "project_status"), default=ProjectStatus.PLANNED
    )
    description: Mapped[str | None] = mapped_column(sa.Text)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]

    partners: Mapped[list[ProjectPartner]] = relationship(cascade="all, delete-orphan")
    milestones: Mapped[list[ProjectMilestone]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectMilestone.due_on", back_populates="project"
    )
    agreements = relationship("Agreement", secondary=project_agreements)
    missions = relationship("Mission", secondary=project_missions)

    __table_args__ = (
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
            name="dates_in_order",
        ),
    )

    @property
    def label(self) -> str:
        """How the record is named in lists, links and emails."""
        return self.name

    def __repr__(self) -> str:
        return f"<Project {self.name!r}>"


class ProjectPartner(db.Model):
    """A partner organization and its role in the project."""

    __tablename__ = "project_partners"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), primary_key=True
    )
    role: Mapped[str | None] = mapped_column(sa.String(200))

    organization: Mapped[Organization] = relationship()


class ProjectMilestone(db.Model):
    __tablename__ = "project_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    due_on: Mapped[date] = mapped_column(index=True)
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    done_on: Mapped[date | None]

    owner: Mapped[User | None] = relationship()
    project: Mapped[Project] = relationship(back_populates="milestones")
