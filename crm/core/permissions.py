"""Who may do what: the one vocabulary that pages, the API and templates all use.

Roles are ordered (viewer < staff < director < admin); each can do what the ones before
it can. A record visible only to its member institution does not exist for anyone else,
so loaders answer 404 rather than 403 for it.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from crm.core.records import Owned, Visibility
from crm.extensions import db
from crm.users.models import Role, User


def _active(user) -> bool:
    return bool(user) and user.is_authenticated and user.is_active


def can_view(user: User, record: Owned) -> bool:
    return _active(user) and record.is_visible_to(user)


def can_create(user: User) -> bool:
    return _active(user) and user.has_role(Role.STAFF)


def can_edit(user: User, record: Owned) -> bool:
    """An anonymized person (Law 25) is kept for statistics only: never edited again."""
    anonymized = getattr(record, "anonymized_at", None) is not None
    return can_create(user) and record.is_visible_to(user) and not anonymized


def can_delete(user: User, record: Owned) -> bool:
    """Only the owning institution removes a record; another member may edit a shared one."""
    return (
        can_create(user)
        and record.is_visible_to(user)
        and (record.institution_id == user.institution_id or user.has_role(Role.ADMIN))
    )


def can_merge(user: User, kept: Owned, merged: Owned) -> bool:
    """Merging edits the record kept and deletes the other. Two institutions' records
    merge only when both are shared: a private record's data would otherwise reach
    another institution, or a shared one vanish from the others' sight."""
    same_owner = kept.institution_id == merged.institution_id
    both_shared = Visibility.MEMBER not in (kept.visibility, merged.visibility)
    return can_edit(user, kept) and can_delete(user, merged) and (same_owner or both_shared)


def can_manage_users(user: User) -> bool:
    return _active(user) and user.has_role(Role.ADMIN)


def can_view_history(user: User, record) -> bool:
    """A record's history: whoever may see the record; that of a deleted record, a user or
    a member institution, admins only."""
    if isinstance(record, Owned):
        return can_view(user, record)
    return can_manage_users(user)


def require(allowed: bool) -> None:
    """Abort with 403 unless allowed; the first line of a view that changes anything."""
    if not allowed:
        abort(403)


def get_visible_or_404(model: type[Owned], record_id: int) -> Owned:
    """Load a record the signed-in user may see; anything else does not exist (404)."""
    record = db.session.get(model, record_id)
    if record is None or not can_view(current_user, record):
        abort(404)
    return record
