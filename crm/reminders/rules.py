"""Which reminders are due on a day. Each rule yields (record, occurrence date, recipient)
for the day; the offsets live here, in one place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.agreements.models import Agreement, AgreementStatus
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from crm.users.models import Role, User

# Days before an agreement's expiry on which its people are reminded.
AGREEMENT_EXPIRY_DAYS = (180, 90, 30, 7)
# An agreement in these statuses is running; renewed, terminated or expired ones are not.
RUNNING = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)


@dataclass(frozen=True)
class Due:
    rule: str
    record_type: str
    record_id: int
    occurs_on: date
    recipient_id: int

    @property
    def key(self) -> str:
        return ":".join(
            map(
                str,
                (self.rule, self.record_type, self.record_id, self.occurs_on, self.recipient_id),
            )
        )


def follow_ups_due(today: date) -> Iterator[Due]:
    """A follow-up due today → its assignee, that morning."""
    rows = db.session.execute(
        sa.select(FollowUp.id, FollowUp.assignee_id)
        .join(User, User.id == FollowUp.assignee_id)
        .where(
            FollowUp.status == FollowUpStatus.OPEN,
            FollowUp.due_on == today,
            FollowUp.archived_at.is_(None),
            User.is_active,
        )
    )
    for follow_up_id, assignee_id in rows:
        yield Due("follow_up_due", "follow_up", follow_up_id, today, assignee_id)


def agreements_expiring(today: date) -> Iterator[Due]:
    """A running agreement 180, 90, 30 and 7 days before it expires, and on its renewal
    notice date → the staff of the institution that owns it and the directors of its
    member parties; not once it is renewed."""
    days = set(AGREEMENT_EXPIRY_DAYS)
    horizon = today + timedelta(days=max(max(days), 3650))
    agreements = db.session.scalars(
        sa.select(Agreement)
        .where(
            Agreement.status.in_(RUNNING),
            Agreement.archived_at.is_(None),
            Agreement.expires_on.between(today, horizon),
            ~Agreement.renewed_by.any(),
        )
        .options(selectinload(Agreement.member_parties))
    )
    for agreement in agreements:
        left = (agreement.expires_on - today).days
        notice = agreement.renewal_notice_days
        if left not in days and left != notice:
            continue
        for user_id in _agreement_people(agreement):
            yield Due("agreement_expiring", "agreement", agreement.id, today, user_id)


def _agreement_people(agreement: Agreement) -> list[int]:
    members = {institution.id for institution in agreement.member_parties}
    owners = sa.and_(User.institution_id == agreement.institution_id, User.role == Role.STAFF)
    directors = sa.and_(User.institution_id.in_(members), User.role == Role.DIRECTOR)
    return list(
        db.session.scalars(
            sa.select(User.id).where(User.is_active, sa.or_(owners, directors)).order_by(User.id)
        )
    )


RULES = (follow_ups_due, agreements_expiring)
