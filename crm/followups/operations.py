"""Rules on follow-ups: who may be assigned, what a follow-up about a private record may
show, and its status changes (open → done or cancelled → open again). Operations flush;
views and tasks commit."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.core.db import utcnow
from crm.core.editing import apply_changes
from crm.core.errors import TransitionError, ValidationError, check_version
from crm.core.records import Visibility
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from crm.users.models import Role, User

NOT_ASSIGNABLE = _l("Choose an active user who may see this follow-up.")
FIELDS = ("title", "due_on", "assignee_id", "notes", "visibility")

S = FollowUpStatus
# target status -> statuses it may be reached from
TRANSITIONS: dict[FollowUpStatus, frozenset[FollowUpStatus]] = {
    S.DONE: frozenset({S.OPEN}),
    S.CANCELLED: frozenset({S.OPEN}),
    S.OPEN: frozenset({S.DONE, S.CANCELLED}),
}
del S


def may_be_assigned(user: User | None, visibility: Visibility, institution_id: int) -> bool:
    """An active user who may see a follow-up of that visibility and owner, and close it:
    staff or above (a viewer could not mark it done)."""
    return (
        user is not None
        and user.is_active
        and user.has_role(Role.STAFF)
        and (visibility == Visibility.CONSORTIUM or user.institution_id == institution_id)
    )


def assignees_for(visibility: Visibility | str | None, institution_id: int) -> list[User]:
    """The users a follow-up of that visibility and owner may be given to, by name."""
    query = (
        sa.select(User)
        .where(User.is_active.is_(True), User.role != Role.VIEWER)
        .order_by(User.name, User.id)
    )
    if visibility == Visibility.MEMBER:
        query = query.where(User.institution_id == institution_id)
    return list(db.session.scalars(query))


def _clean(values: dict) -> dict:
    cleaned = {name: values[name] for name in FIELDS if name in values}
    cleaned["title"] = (values.get("title") or "").strip()
    cleaned["notes"] = (values.get("notes") or "").strip() or None
    return cleaned


def _check(subject, visibility: Visibility, institution_id: int, assignee_id: int) -> None:
    if (
        subject is not None
        and subject.visibility == Visibility.MEMBER
        and visibility != Visibility.MEMBER
    ):
        # Its title and link would show other institutions a record they may not see.
        raise ValidationError(
            "visibility",
            _l("The record it is about is visible to its institution only: so is this follow-up."),
        )
    if not may_be_assigned(db.session.get(User, assignee_id), visibility, institution_id):
        raise ValidationError("assignee_id", NOT_ASSIGNABLE)


def create_follow_up(values: dict, subject: tuple[str, object] | None, user: User) -> FollowUp:
    """A new open follow-up owned by the user's institution, assigned to the user unless
    someone else is named; ``subject`` is (name, record) as ``subjects.subject_from_args``
    gives it, and lends its visibility when none is chosen. Raises ValidationError before
    anything is added."""
    values = _clean(values)
    values["assignee_id"] = values.get("assignee_id") or user.id
    name, record = subject or (None, None)
    if not values.get("visibility"):
        values["visibility"] = record.visibility if record is not None else Visibility.CONSORTIUM
    _check(record, values["visibility"], user.institution_id, values["assignee_id"])
    follow_up = FollowUp(**values, institution_id=user.institution_id)
    if name is not None:
        setattr(follow_up, name, record)
    db.session.add(follow_up)
    db.session.flush()
    return follow_up


def update_follow_up(follow_up: FollowUp, expected_version, values: dict) -> list[str]:
    """Change the follow-up as the form says; a missing assignee keeps the current one."""
    changes = _clean(values)
    if not changes.get("assignee_id"):
        changes["assignee_id"] = follow_up.assignee_id
    check_version(follow_up, expected_version)
    _check(
        follow_up.subject,
        changes.get("visibility") or follow_up.visibility,
        follow_up.institution_id,
        changes["assignee_id"],
    )
    return apply_changes(follow_up, expected_version, changes)


def assign_to(follow_up: FollowUp, assignee: User | None, expected_version) -> bool:
    """Give the follow-up to ``assignee``; False when it already was theirs."""
    check_version(follow_up, expected_version)
    if not may_be_assigned(assignee, follow_up.visibility, follow_up.institution_id):
        raise ValidationError("assignee_id", NOT_ASSIGNABLE)
    if follow_up.assignee_id == assignee.id:
        return False
    follow_up.assignee = assignee
    db.session.flush()
    return True


def change_status(follow_up: FollowUp, target: FollowUpStatus) -> None:
    """Close the follow-up (done or cancelled) or open it again."""
    if follow_up.status not in TRANSITIONS[target]:
        raise TransitionError(f"follow-up {follow_up.id} is {follow_up.status}, not {target}")
    follow_up.status = target
    follow_up.completed_at = utcnow() if target == FollowUpStatus.DONE else None
    db.session.flush()
