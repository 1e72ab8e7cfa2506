"""Applying an edit to a record without ever overwriting a newer change."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from crm.core.db import utcnow
from crm.core.errors import ConflictError, check_version
from crm.extensions import db
from crm.users.models import User


@dataclass
class Conflict:
    """What the user is told when someone else saved first."""

    record: object
    changed_by: object | None = None  # the user who saved first, when known
    differences: list[tuple[str, object, object]] = field(default_factory=list)
    # (field name, the value saved by the other person, the value this user submitted)


def apply_changes(record, expected_version: int | None, changes: dict) -> list[str]:
    """Set ``changes`` on ``record`` if it is still at ``expected_version``; flush.

    Raises ConflictError when the record moved on, either before (the version the form
    carried is old) or during (another transaction committed first: StaleDataError).
    Returns the names of the fields that changed.
    """
    check_version(record, expected_version)
    changed = [name for name, value in changes.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, changes[name])
    if set(changed) & set(sa.inspect(type(record)).relationships.keys()):
        record.updated_at = utcnow()  # a changed link list must bump the version too
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise ConflictError(record, expected_version) from None
    return changed


def describe_conflict(error: ConflictError, submitted: dict, shown=None) -> Conflict:
    """Reload the record as the other person saved it and list where it differs from what
    this user submitted. ``shown(record)`` gives the record's values in the form's terms
    (e.g. tags as text); by default its attributes are compared."""
    record = error.record
    db.session.refresh(record)
    current = shown(record) if shown else {name: getattr(record, name) for name in submitted}
    changed_by_id = getattr(record, "updated_by_id", None)
    return Conflict(
        record=record,
        changed_by=db.session.get(User, changed_by_id) if changed_by_id else None,
        differences=[
            (name, current[name], value)
            for name, value in submitted.items()
            if current[name] != value
        ],
    )
