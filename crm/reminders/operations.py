"""What admins do to the outbox: put failed reminders back in the queue. The worker's
sweep sends them (within a minute); nothing is sent from here."""

from __future__ import annotations

import sqlalchemy as sa

from crm.core.db import utcnow
from crm.extensions import db
from crm.reminders.models import Reminder, ReminderStatus


def _requeue(*where) -> int:
    """Failed rows matching ``where`` → pending now, attempts from zero; the last error
    stays until one is sent. Only failed rows change: a row retried twice at once, or
    sent in between, is left as it is. The reminders a failed digest carried go back in
    it. Flushes; the caller commits."""
    requeued = db.session.scalars(
        sa.update(Reminder)
        .where(Reminder.status == ReminderStatus.FAILED, *where)
        .values(
            status=ReminderStatus.PENDING, attempts=0, next_attempt_at=utcnow(), claimed_at=None
        )
        .returning(Reminder.id)
        .execution_options(synchronize_session="fetch")
    ).all()
    if requeued:
        db.session.execute(
            sa.update(Reminder)
            .where(
                Reminder.digest_id.in_(requeued),
                Reminder.status.in_((ReminderStatus.FAILED, ReminderStatus.PENDING)),
            )
            .values(status=ReminderStatus.BUNDLED)
            .execution_options(synchronize_session="fetch")
        )
    return len(requeued)


def retry(reminder: Reminder) -> bool:
    """Queue one failed reminder again; False when it is not failed."""
    return _requeue(Reminder.id == reminder.id) == 1


def retry_failed() -> int:
    """Queue every failed reminder again; how many."""
    return _requeue()
