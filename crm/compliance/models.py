"""The confidentiality-incident register and the register of communications."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import UTCDateTime, utcnow
from crm.core.records import Audited
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.organizations.models import Organization
from crm.users.models import User


class ConfidentialityIncident(Audited, db.Model):
    """One incident, with what Québec's regulation asks the register to hold."""

    __tablename__ = "confidentiality_incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member_institutions.id", ondelete="RESTRICT"), index=True
    )
    # The personal information concerned, or why it cannot be described.
    information_concerned: Mapped[str | None] = mapped_column(sa.Text)
    information_unknown_reason: Mapped[str | None] = mapped_column(sa.Text)
    circumstances: Mapped[str] = mapped_column(sa.Text)
    occurred_on: Mapped[date] = mapped_column(index=True)
    occurred_until: Mapped[date | None]
    discovered_on: Mapped[date]
    people_affected: Mapped[int] = mapped_column(sa.Integer)
    is_estimate: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    risk_assessment: Mapped[str] = mapped_column(sa.Text)
    is_serious_risk: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    commission_notified_on: Mapped[date | None]
    people_notified_on: Mapped[date | None]
    measures: Mapped[str | None] = mapped_column(sa.Text)

    institution: Mapped[MemberInstitution] = relationship()

    __table_args__ = (
        sa.CheckConstraint("people_affected >= 0", name="people_affected_not_negative"),
        sa.CheckConstraint(
            "occurred_until IS NULL OR occurred_until >= occurred_on", name="period_in_order"
        ),
        sa.CheckConstraint("discovered_on >= occurred_on", name="known_after_start"),
        sa.CheckConstraint(
            "information_concerned IS NOT NULL OR information_unknown_reason IS NOT NULL",
            name="information_described",
        ),
    )

    @property
    def awaits_commission_notice(self) -> bool:
        """A serious risk of injury obliges a notice to the Commission d'accès à
        l'information: until its date is entered, the list shows it as to be notified."""
        return self.is_serious_risk and self.commission_notified_on is None

    @property
    def label(self) -> str:
        return f"{self.occurred_on.isoformat()} — {self.circumstances[:80]}"


class Communication(db.Model):
    """One export of personal information: what, how many, by whom, to whom, why.

    A row is written once and never changed: it is a log in itself, so it carries no
    version and no history entries of its own."""

    __tablename__ = "communications"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)  # export_file's ``what``
    description: Mapped[str] = mapped_column(sa.String(1000))  # the path and its filters
    filename: Mapped[str | None] = mapped_column(sa.String(300))
    record_count: Mapped[int] = mapped_column(sa.Integer)
    exported_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    recipient: Mapped[str] = mapped_column(sa.String(300))
    recipient_organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    # Kept as it was when the file left, whatever becomes of the organization.
    recipient_organization_name: Mapped[str | None] = mapped_column(sa.String(300))
    purpose: Mapped[str] = mapped_column(sa.String(1000))
    is_outside_quebec: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    includes_students: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    exported_by: Mapped[User | None] = relationship(foreign_keys=[exported_by_id])
    recipient_organization: Mapped[Organization | None] = relationship()

    __table_args__ = (sa.CheckConstraint("record_count >= 0", name="record_count_not_negative"),)

    @property
    def label(self) -> str:
        return f"{self.kind} → {self.recipient}"
