"""Sending the outbox. Rows are claimed atomically (two senders never take the same row),
each is marked sent only once the mail server has accepted it, and a failure leaves it
pending with a growing delay; a claim left by a sender that died is taken over later."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import sqlalchemy as sa

from crm.core.db import utcnow
from crm.extensions import db
from crm.reminders import digests, mailer, messages
from crm.reminders.models import Reminder, ReminderStatus
from crm.reminders.rules import DIGEST

BATCH = 50
# A sender that has held a row this long without finishing has died: the row is free again.
STALE_CLAIM = timedelta(minutes=10)
MAX_DELAY = timedelta(hours=6)
S = ReminderStatus


def delay(attempts: int) -> timedelta:
    """1, 2, 4, 8… minutes after each failed attempt, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_DELAY)


def claim(now: datetime, limit: int = BATCH) -> list[int]:
    """Take up to ``limit`` rows to send now, and commit the claim."""
    ready = sa.or_(
        sa.and_(Reminder.status == S.PENDING, Reminder.next_attempt_at <= now),
        sa.and_(Reminder.status == S.SENDING, Reminder.claimed_at < now - STALE_CLAIM),
    )
    chosen = sa.select(Reminder.id).where(ready).order_by(Reminder.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        chosen = chosen.with_for_update(skip_locked=True)
    # A CTE, not "id IN (subquery)": PostgreSQL may run such a subquery more than once
    # and so update more rows than the limit.
    chosen = chosen.cte("chosen")
    claimed = db.session.scalars(
        sa.update(Reminder)
        .where(Reminder.id == chosen.c.id, ready)
        .values(status=S.SENDING, claimed_at=now)
        .returning(Reminder.id)
    ).all()
    db.session.commit()
    return sorted(claimed)


def send_one(reminder_id: int) -> ReminderStatus:
    """Send one claimed row and record the outcome (committed); a digest's outcome is also
    that of the reminders it carries."""
    reminder = db.session.get(Reminder, reminder_id)
    compose = digests.compose if reminder.rule == DIGEST else messages.compose
    letter = compose(reminder)
    if letter is None:
        return _finish(reminder, S.CANCELLED, digests.NO_LONGER_DUE)
    try:
        mailer.deliver(letter.message)
    except mailer.PermanentFailure as error:
        return _finish(reminder, S.FAILED, str(error), letter.carries)
    except mailer.TemporaryFailure as error:
        reminder.attempts += 1
        reminder.next_attempt_at = utcnow() + delay(reminder.attempts)
        return _finish(reminder, S.PENDING, str(error))
    reminder.sent_at = utcnow()
    return _finish(reminder, S.SENT, None, letter.carries)


def _finish(
    reminder: Reminder, status: ReminderStatus, error: str | None, carries: list = ()
) -> ReminderStatus:
    for row in (reminder, *carries):
        row.status = status
        row.claimed_at = None
        row.last_error = error
        row.sent_at = reminder.sent_at
    db.session.commit()
    return status


def send_pending() -> Counter:
    """Send everything due now, batch after batch; counts of sent, failed, cancelled (no
    longer due) and still pending.
    A row that failed for now waits for its next attempt, so the loop ends."""
    outcome: Counter = Counter()
    while claimed := claim(utcnow()):
        for reminder_id in claimed:
            outcome[str(send_one(reminder_id))] += 1
    outcome["pending"] = db.session.scalar(
        sa.select(sa.func.count(Reminder.id)).where(Reminder.status.in_((S.PENDING, S.SENDING)))
    )
    return outcome
