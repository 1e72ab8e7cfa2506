"""Creating users, signing them in, and changing their settings. Operations flush;
callers commit."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.core.db import utcnow
from crm.core.editing import apply_changes
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.users.models import Locale, Role, User
from crm.users.passwords import MIN_LENGTH, hash_password, needs_rehash, verify_password
from crm.users.sessions import close_other_sessions


class UserError(ValueError):
    """A user cannot be created or changed as asked; the message says why, and ``field``
    names the input it is about, when there is one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def create_user(
    *,
    email: str,
    name: str,
    role: Role | str,
    institution: MemberInstitution,
    locale: Locale | str = Locale.FR,
    password: str,
) -> User:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or email.startswith("@") or email.endswith("@"):
        raise UserError(_l("Not an email address: %(email)s", email=email), "email")
    if not name.strip():
        raise UserError(_l("A user needs a name."), "name")
    if find_by_email(email) is not None:
        raise UserError(_l("A user with the email %(email)s already exists.", email=email), "email")
    check_password_strength(password)
    user = User(
        email=email,
        name=name.strip(),
        role=Role(role),
        institution=institution,
        locale=Locale(locale),
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def check_password_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise UserError(_l("A password needs at least %(n)d characters.", n=MIN_LENGTH), "password")


def set_password(user: User, password: str) -> None:
    """Change the password and end every other session of the user."""
    check_password_strength(password)
    user.password_hash = hash_password(password)
    close_other_sessions(user)
    db.session.flush()


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, else None (same time either way)."""
    user = find_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def update_user(user: User, expected_version: int | None, changes: dict) -> list[str]:
    """Change a user as an admin asked, refusing a stale edit and any change that would
    leave the consortium without an active admin."""
    if "email" in changes:
        changes["email"] = changes["email"].strip().lower()
        other = find_by_email(changes["email"])
        if other is not None and other.id != user.id:
            raise UserError(
                _l("A user with the email %(email)s already exists.", email=changes["email"]),
                "email",
            )
    removes_admin = (
        user.role == Role.ADMIN
        and user.is_active
        and (changes.get("role", Role.ADMIN) != Role.ADMIN or changes.get("is_active") is False)
    )
    if removes_admin and _active_admins() <= 1:
        raise UserError(_l("The last active admin cannot be demoted or deactivated."), "role")
    return apply_changes(user, expected_version, changes)


def _active_admins() -> int:
    return db.session.scalar(
        sa.select(sa.func.count(User.id)).where(User.role == Role.ADMIN, User.is_active)
    )
