"""What a user's calendar feed holds: only records they may see, current ones."""

from __future__ import annotations

import sqlalchemy as sa

from crm.agreements.models import Agreement, AgreementStatus, agreement_member_parties
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from crm.missions.models import Mission, MissionStatus, mission_users
from crm.users.models import User


def follow_ups(user: User) -> list[FollowUp]:
    return db.session.scalars(
        sa.select(FollowUp)
        .where(
            FollowUp.assignee_id == user.id,
            FollowUp.status == FollowUpStatus.OPEN,
            FollowUp.archived_at.is_(None),
            FollowUp.visible_to(user),
        )
        .order_by(FollowUp.due_on, FollowUp.id)
    ).all()


def missions(user: User) -> list[Mission]:
    return db.session.scalars(
        sa.select(Mission)
        .where(
            Mission.id.in_(
                sa.select(mission_users.c.mission_id).where(mission_users.c.user_id == user.id)
            ),
            Mission.status != MissionStatus.CANCELLED,
            Mission.archived_at.is_(None),
            Mission.visible_to(user),
        )
        .order_by(Mission.starts_on, Mission.id)
    ).all()


def expiring_agreements(user: User) -> list[Agreement]:
    """Signed or active agreements of the user's institution (owner or party) with an end."""
    parties = sa.select(agreement_member_parties.c.agreement_id).where(
        agreement_member_parties.c.institution_id == user.institution_id
    )
    return db.session.scalars(
        sa.select(Agreement)
        .where(
            Agreement.status.in_([AgreementStatus.SIGNED, AgreementStatus.ACTIVE]),
            Agreement.expires_on.is_not(None),
            Agreement.archived_at.is_(None),
            Agreement.visible_to(user),
            sa.or_(Agreement.institution_id == user.institution_id, Agreement.id.in_(parties)),
        )
        .order_by(Agreement.expires_on, Agreement.id)
    ).all()
