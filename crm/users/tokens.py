"""Personal API tokens: made once and shown once, kept as a hash, revoked by deletion."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa

from crm.core.db import utcnow
from crm.core.errors import ValidationError
from crm.extensions import db
from crm.users.models import ApiToken, User

PREFIX = "pas_"
# Writing "last used" on every request would turn each read into a write.
_USE_RECORDED_EVERY = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def create_token(user: User, name: str | None) -> tuple[ApiToken, str]:
    """A new token for ``user``: the record, and the token itself (never stored)."""
    name = (name or "").strip() or "API"
    if len(name) > 100:
        raise ValidationError("name", "At most 100 characters.")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, hint=secret[:10], token_hash=_hash(secret))
    db.session.add(token)
    db.session.flush()
    return token, secret


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
        )
    )


def revoke_token(user: User, token_id: int) -> bool:
    """Delete one of ``user``'s tokens; False when it is not theirs or already gone."""
    result = db.session.execute(
        sa.delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    )
    return result.rowcount == 1


def user_for_token(secret: str) -> User | None:
    """The active owner of a live token, noting when it was last used."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    row = db.session.execute(
        sa.select(ApiToken.id, ApiToken.user_id, ApiToken.last_used_at).where(
            ApiToken.token_hash == _hash(secret)
        )
    ).first()
    if row is None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > _USE_RECORDED_EVERY:
        # End the read first: on SQLite a read that turns into a write fails at once when
        # another write came in between, while a write that starts a transaction waits.
        db.session.rollback()
        db.session.execute(
            sa.update(ApiToken).where(ApiToken.id == row.id).values(last_used_at=now)
        )
        db.session.commit()
    user = db.session.get(User, row.user_id)
    return user if user is not None and user.is_active else None
