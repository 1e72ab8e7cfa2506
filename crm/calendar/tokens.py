"""Calendar feed tokens: made once and shown once, kept as a hash; a new one replaces the old.

Calendar apps cannot sign in, so the token in the feed's URL is the only key to it.
"""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from crm.calendar.models import CalendarFeed
from crm.extensions import db
from crm.users.models import User

PREFIX = "cal_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def create_feed(user: User) -> tuple[CalendarFeed, str]:
    """A new feed token for ``user``, replacing any earlier one: the record and the token."""
    revoke_feed(user)
    secret = PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed(user=user, token_hash=_hash(secret))
    db.session.add(feed)
    db.session.flush()
    return feed, secret


def revoke_feed(user: User) -> bool:
    """Delete ``user``'s feed token; False when there was none."""
    result = db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    return result.rowcount == 1


def user_for_feed(secret: str) -> User | None:
    """The active owner of a live feed token."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    feed = db.session.scalar(
        sa.select(CalendarFeed).where(CalendarFeed.token_hash == _hash(secret))
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user
