"""Agreements, their parties and signatories, and the workflow they go through."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.core.db import UTCDateTime, str_enum, utcnow
from crm.core.records import Owned
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.organizations.models import Organization


class AgreementKind(enum.StrEnum):
    MEMORANDUM = "memorandum"  # memorandum of understanding
    PARTNERSHIP = "partnership"
    CONSORTIUM = "consortium"
    STUDENT_EXCHANGE = "student_exchange"
    TRAINING_SERVICES = "training_services"
    RESEARCH = "research"


class AgreementStatus(enum.StrEnum):
    DRAFT = "draft"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    SIGNED = "signed"
    ACTIVE = "active"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class AgreementAction(enum.StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    SIGN = "sign"
    ACTIVATE = "activate"
    EXPIRE = "expire"
    TERMINATE = "terminate"
    RENEW = "renew"


S = AgreementStatus
A = AgreementAction
# action -> (statuses it may be taken from, status it leads to; None: status unchanged)
TRANSITIONS: dict[AgreementAction, tuple[frozenset[AgreementStatus], AgreementStatus | None]] = {
    A.SUBMIT: (frozenset({S.DRAFT}), S.UNDER_REVIEW),
    A.APPROVE: (frozenset({S.UNDER_REVIEW}), S.APPROVED),  # once every member party approved
    A.RETURN: (frozenset({S.UNDER_REVIEW}), S.DRAFT),
    A.SIGN: (frozenset({S.APPROVED}), S.SIGNED),
    A.ACTIVATE: (frozenset({S.SIGNED}), S.ACTIVE),
    A.EXPIRE: (frozenset({S.SIGNED, S.ACTIVE}), S.EXPIRED),
    A.TERMINATE: (frozenset({S.APPROVED, S.SIGNED, S.ACTIVE}), S.TERMINATED),
    A.RENEW: (frozenset({S.SIGNED, S.ACTIVE, S.EXPIRED}), None),  # creates a linked draft
}
del S, A


class MobilityDirection(enum.StrEnum):
    OUTGOING = "outgoing"
    INCOMING = "incoming"


agreement_member_parties = sa.Table(
    "agreement_member_parties",
    db.Model.metadata,
    sa.Column("agreement_id", sa.ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "institution_id",
        sa.ForeignKey("member_institutions.id", ondelete="RESTRICT"),
        primary_key=True,
    ),
)

agreement_organization_parties = sa.Table(
    "agreement_organization_parties",
    db.Model.metadata,
    sa.Column("agreement_id", sa.ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "organization_id", sa.ForeignKey("organizations.id", ondelete="RESTRICT"), primary_key=True
    ),
    sa.Index("ix_agreement_organization_parties_organization_id", "organization_id"),
)


class Agreement(Owned, db.Model):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[AgreementKind] = mapped_column(str_enum(AgreementKind, "agreement_kind"))
    status: Mapped[AgreementStatus] = mapped_column(
        str_enum(AgreementStatus, "agreement_status"), default=AgreementStatus.DRAFT, index=True
    )
    summary: Mapped[str | None] = mapped_column(sa.Text)
    signed_on: Mapped[date | None]
    signed_at: Mapped[str | None] = mapped_column(sa.String(200))
    effective_on: Mapped[date | None]
    expires_on: Mapped[date | None] = mapped_column(index=True)
    renewal_notice_days: Mapped[int | None]
    renews_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="SET NULL"), index=True
    )
    mission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("missions.id", ondelete="SET NULL"), index=True
    )

    member_parties: Mapped[list[MemberInstitution]] = relationship(
        secondary=agreement_member_parties, order_by=MemberInstitution.code
    )
    organization_parties: Mapped[list[Organization]] = relationship(
        secondary=agreement_organization_parties, order_by=Organization.name
    )
    signatories: Mapped[list[AgreementSignatory]] = relationship(cascade="all, delete-orphan")
    quotas: Mapped[list[AgreementQuota]] = relationship(
        cascade="all, delete-orphan",
        order_by=lambda: (AgreementQuota.academic_year, AgreementQuota.direction),
    )
    documents: Mapped[list[AgreementDocument]] = relationship(
        cascade="all, delete-orphan", order_by="AgreementDocument.uploaded_at"
    )
    approvals: Mapped[list[AgreementApproval]] = relationship(cascade="all, delete-orphan")
    history: Mapped[list[AgreementTransition]] = relationship(
        cascade="all, delete-orphan", order_by="AgreementTransition.id"
    )
    renews: Mapped[Agreement | None] = relationship(remote_side=[id], back_populates="renewed_by")
    renewed_by: Mapped[list[Agreement]] = relationship(back_populates="renews")
    mission = relationship("Mission")

    __table_args__ = (
        sa.CheckConstraint(
            "expires_on IS NULL OR effective_on IS NULL OR expires_on >= effective_on",
            name="dates_in_order",
        ),
        sa.CheckConstraint(
            "renewal_notice_days IS NULL OR renewal_notice_days BETWEEN 0 AND 3650",
            name="renewal_notice_days_range",
        ),
    )

    def required_approvers(self) -> list[MemberInstitution]:
        """The member institutions whose director must approve: its member parties,
        or the owning institution when no member institution is a party."""
        return list(self.member_parties) or [self.institution]

    @property
    def label(self) -> str:
        """How the record is named in lists, links and emails."""
        return self.title

    def __repr__(self) -> str:
        return f"<Agreement {self.title!r} {self.status}>"


class AgreementSignatory(db.Model):
    """Someone who signs for a party: a contact (partner side) or a user (member side)."""

    __tablename__ = "agreement_signatories"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="RESTRICT"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    signed_on: Mapped[date | None]

    contact = relationship("Contact")
    user = relationship("User")

    __table_args__ = (
        sa.CheckConstraint("(contact_id IS NULL) <> (user_id IS NULL)", name="contact_or_user"),
    )

    @property
    def name(self) -> str:
        return self.contact.full_name if self.contact else self.user.name


class AgreementQuota(db.Model):
    """Mobility places per academic year ("2026-2027") and direction."""

    __tablename__ = "agreement_quotas"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreements.id", ondelete="CASCADE"))
    academic_year: Mapped[str] = mapped_column(sa.String(9))
    direction: Mapped[MobilityDirection] = mapped_column(str_enum(MobilityDirection, "direction"))
    places: Mapped[int]

    __table_args__ = (
        sa.UniqueConstraint("agreement_id", "academic_year", "direction"),
        sa.CheckConstraint("places >= 0", name="places_not_negative"),
    )


class AgreementDocument(db.Model):
    """A file attached to an agreement, stored under the data folder by its checksum."""

    __tablename__ = "agreement_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )


class AgreementApproval(db.Model):
    """One member institution's director approved the current review round."""

    __tablename__ = "agreement_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreements.id", ondelete="CASCADE"))
    institution_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member_institutions.id", ondelete="CASCADE")
    )
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    institution: Mapped[MemberInstitution] = relationship()
    user = relationship("User")

    __table_args__ = (sa.UniqueConstraint("agreement_id", "institution_id"),)


class AgreementTransition(db.Model):
    """One step of an agreement's history: who did what, when, and why."""

    __tablename__ = "agreement_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[AgreementAction] = mapped_column(str_enum(AgreementAction, "action"))
    from_status: Mapped[AgreementStatus] = mapped_column(str_enum(AgreementStatus, "from_status"))
    to_status: Mapped[AgreementStatus] = mapped_column(str_enum(AgreementStatus, "to_status"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    institution_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member_institutions.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str | None] = mapped_column(sa.Text)

    actor = relationship("User")
    institution: Mapped[MemberInstitution | None] = relationship()
