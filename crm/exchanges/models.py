"""Student exchanges, counted against their agreement's mobility quotas."""

from __future__ import annotations

import enum
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.agreements.models import MobilityDirection
from crm.contacts.models import Contact
from crm.core.db import str_enum
from crm.core.records import Owned, Visibility
from crm.extensions import db
from crm.organizations.models import Organization


class ExchangeStatus(enum.StrEnum):
    NOMINATED = "nominated"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


S = ExchangeStatus
# status -> the statuses it may move to: nominated → accepted → in progress → completed,
# or cancelled before it is completed.
TRANSITIONS: dict[ExchangeStatus, frozenset[ExchangeStatus]] = {
    S.NOMINATED: frozenset({S.ACCEPTED, S.CANCELLED}),
    S.ACCEPTED: frozenset({S.IN_PROGRESS, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.CANCELLED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}
del S


class StudentExchange(Owned, db.Model):
    """The owning member institution is the student's cégep when outgoing and the host
    when incoming; the partner organization is the other side."""

    __tablename__ = "student_exchanges"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="RESTRICT"), index=True
    )
    direction: Mapped[MobilityDirection] = mapped_column(str_enum(MobilityDirection, "direction"))
    partner_organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    agreement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="SET NULL"), index=True
    )
    programme: Mapped[str | None] = mapped_column(sa.String(200))
    starts_on: Mapped[date] = mapped_column(index=True)
    ends_on: Mapped[date]
    status: Mapped[ExchangeStatus] = mapped_column(
        str_enum(ExchangeStatus, "exchange_status"), default=ExchangeStatus.NOMINATED
    )
    notes: Mapped[str | None] = mapped_column(sa.Text)

    student: Mapped[Contact] = relationship()
    partner_organization: Mapped[Organization] = relationship()
    agreement = relationship("Agreement")

    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),)

    @classmethod
    def initial_visibility(cls, values: dict) -> Visibility:
        return Visibility.MEMBER

    @property
    def next_statuses(self) -> list[ExchangeStatus]:
        """The statuses this exchange may move to, in the order of the workflow."""
        allowed = TRANSITIONS[ExchangeStatus(self.status)]
        return [status for status in ExchangeStatus if status in allowed]

    @property
    def label(self) -> str:
        """How the record is named in lists, links and emails."""
        return f"{self.student.full_name} — {self.partner_organization.name}"

    def label_for(self, user) -> str:
        """The label with only the parts ``user`` may see: the student or the partner may
        have been made private by their institution since the exchange was shared."""
        parts = [
            name
            for record, name in (
                (self.student, self.student.full_name),
                (self.partner_organization, self.partner_organization.name),
            )
            if record.is_visible_to(user)
        ]
        return " — ".join(parts) or str(_l("Student exchange"))

    @property
    def home(self):
        """The student's own institution."""
        if self.direction == MobilityDirection.OUTGOING:
            return self.institution
        return self.partner_organization

    @property
    def host(self):
        if self.direction == MobilityDirection.OUTGOING:
            return self.partner_organization
        return self.institution

    @property
    def academic_year(self) -> str:
        """Quebec academic years start in August: 2026-08-20 is in "2026-2027"."""
        start = self.starts_on.year if self.starts_on.month >= 8 else self.starts_on.year - 1
        return f"{start}-{start + 1}"
