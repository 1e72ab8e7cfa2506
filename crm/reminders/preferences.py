"""Each user's reminder settings: immediate emails or one daily digest, and the kinds of
reminder turned off. A user who never chose gets every kind, immediately."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from crm.extensions import db
from crm.reminders.models import ReminderDelivery, ReminderSettings
from crm.reminders.rules import KIND_OF_RULE, KINDS


def _default(user_id: int) -> ReminderSettings:
    return ReminderSettings(user_id=user_id, delivery=ReminderDelivery.IMMEDIATE, muted_kinds=[])


def settings_of(user_id: int) -> ReminderSettings:
    return db.session.get(ReminderSettings, user_id) or _default(user_id)


def settings_for(user_ids: Iterable[int]) -> dict[int, ReminderSettings]:
    """Settings of many users at once (a default for those without)."""
    ids = set(user_ids)
    found = {
        settings.user_id: settings
        for settings in db.session.scalars(
            sa.select(ReminderSettings).where(ReminderSettings.user_id.in_(ids))
        )
    }
    return {user_id: found.get(user_id) or _default(user_id) for user_id in ids}


def wants(settings: ReminderSettings, rule: str) -> bool:
    """Whether the user gets reminders of this rule (the digest's overdue follow-ups are
    asked for by the rule "follow_up_due")."""
    return KIND_OF_RULE.get(rule) not in (settings.muted_kinds or [])


def save(user_id: int, delivery: ReminderDelivery, enabled: Iterable[str]) -> ReminderSettings:
    """Record the user's choice; kinds not in ``enabled`` are turned off. Flushes."""
    unknown = set(enabled) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds of reminder: {', '.join(sorted(unknown))}")
    settings = db.session.get(ReminderSettings, user_id)
    if settings is None:
        settings = ReminderSettings(user_id=user_id)
        db.session.add(settings)
    settings.delivery = delivery
    settings.muted_kinds = sorted(set(KINDS) - set(enabled))
    db.session.flush()
    return settings
