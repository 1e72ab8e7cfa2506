"""Rules on follow-ups. Operations flush; views and tasks commit."""

from __future__ import annotations

from crm.core.db import utcnow
from crm.core.errors import TransitionError
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus


def complete(follow_up: FollowUp) -> None:
    if follow_up.status != FollowUpStatus.OPEN:
        raise TransitionError(f"follow-up {follow_up.id} is {follow_up.status}, not open")
    follow_up.status = FollowUpStatus.DONE
    follow_up.completed_at = utcnow()
    db.session.flush()
