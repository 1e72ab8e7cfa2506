"""Queries on follow-ups shared by pages and the worker."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.followups.models import SUBJECT_COLUMNS, FollowUp, FollowUpStatus
from crm.users.models import User


def open_follow_ups_for(user: User, limit: int = 200) -> list[FollowUp]:
    """The user's open follow-ups that they may see, overdue first, then by due date."""
    query = (
        sa.select(FollowUp)
        .where(
            FollowUp.assignee_id == user.id,
            FollowUp.status == FollowUpStatus.OPEN,
            FollowUp.archived_at.is_(None),
            FollowUp.visible_to(user),
        )
        .order_by(FollowUp.due_on, FollowUp.id)
        .options(*(selectinload(getattr(FollowUp, name)) for name in SUBJECT_COLUMNS))
        .limit(limit)
    )
    return list(db.session.scalars(query))
