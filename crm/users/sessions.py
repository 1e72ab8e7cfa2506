"""Server-side records of signed-in sessions.

Flask's session is a signed cookie: on its own, a copy taken before signing out would
still work. The cookie therefore names a random token whose hash is kept here; signing
out, changing the password or being reset by an admin deletes the records, and with them
every copy of the cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa

from crm.extensions import db
from crm.users.models import User, UserSession


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(user: User) -> None:
    """Record a new session for ``user`` and name it in ``user.get_id()``."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=_hash(token)))
    db.session.flush()
    user.session_token = token


def load(session_id: str) -> User | None:
    """The active user of a live session named ``"<user id>:<token>"``, else None."""
    user_id, _sep, token = session_id.partition(":")
    if not user_id.isdecimal() or not token:
        return None
    row = db.session.execute(
        sa.select(User, UserSession.token_hash)
        .join(UserSession, UserSession.user_id == User.id)
        .where(User.id == int(user_id), UserSession.token_hash == _hash(token))
    ).first()
    if row is None or not row[0].is_active or not hmac.compare_digest(row[1], _hash(token)):
        return None
    user = row[0]
    user.session_token = token
    return user


def close_session(user: User) -> None:
    """Forget the session ``user`` was loaded for."""
    if user.session_token:
        db.session.execute(
            sa.delete(UserSession).where(UserSession.token_hash == _hash(user.session_token))
        )


def close_other_sessions(user: User) -> None:
    """Sign the user out everywhere but in this session (all of them if it has none)."""
    query = sa.delete(UserSession).where(UserSession.user_id == user.id)
    if user.session_token:
        query = query.where(UserSession.token_hash != _hash(user.session_token))
    db.session.execute(query)
