"""The daily digest: one email a day gathering a user's bundled reminders (for those who
chose a digest) and their overdue follow-ups, until each is done or cancelled."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template

from crm.core.urls import record_url
from crm.extensions import db
from crm.reminders import preferences
from crm.reminders.messages import (
    Letter,
    about,
    context_for,
    envelope,
    record_of,
    rendering,
    still_due,
)
from crm.reminders.models import Reminder, ReminderStatus
from crm.reminders.rules import overdue_of

NO_LONGER_DUE = "no longer due: the record changed or is gone, or the reminder was turned off"


def _take(digest: Reminder) -> None:
    """Attach to the digest the recipient's bundled reminders no digest has taken, in one
    statement (two digests never carry the same one), and commit."""
    db.session.execute(
        sa.update(Reminder)
        .where(
            Reminder.recipient_id == digest.recipient_id,
            Reminder.status == ReminderStatus.BUNDLED,
            Reminder.digest_id.is_(None),
            Reminder.occurs_on <= digest.occurs_on,
        )
        .values(digest_id=digest.id)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _carried(digest: Reminder) -> list[Reminder]:
    return list(
        db.session.scalars(
            sa.select(Reminder)
            .where(Reminder.digest_id == digest.id, Reminder.status == ReminderStatus.BUNDLED)
            .order_by(Reminder.occurs_on, Reminder.id)
        )
    )


def compose(digest: Reminder) -> Letter | None:
    """The digest's email, or None when nothing in it is still due. Reminders no longer
    due are cancelled on the way (flushed; the caller commits)."""
    user = digest.recipient
    if not user.is_active:
        return None
    _take(digest)
    day = digest.occurs_on
    settings = preferences.settings_of(user.id)
    overdue = overdue_of(user, day) if preferences.wants(settings, "follow_up_due") else []
    late = {follow_up.id for follow_up in overdue}
    carried, items = _carried(digest), []
    for reminder in carried:
        record = record_of(reminder)
        if not still_due(reminder, record):
            reminder.status = ReminderStatus.CANCELLED
            reminder.last_error = NO_LONGER_DUE
        elif not (reminder.rule == "follow_up_due" and reminder.record_id in late):
            items.append((reminder, record))  # a follow-up now late is listed as late
    if not items and not overdue:
        return None
    with rendering(user) as base:
        entries = []
        for reminder, record in items:
            context = context_for(reminder, record, base)
            title = render_template(f"emails/{reminder.rule}.subject.txt", **context).strip()
            entries.append({"title": title, "url": context["url"]})
        lates = [
            {
                "follow_up": follow_up,
                "about": about(follow_up, user),
                "days": (day - follow_up.due_on).days,
                "url": base + record_url(follow_up),
            }
            for follow_up in overdue
        ]
        context = {"user": user, "day": day, "entries": entries, "lates": lates}
        subject = render_template("emails/daily_digest.subject.txt", **context).strip()
        text = render_template("emails/daily_digest.txt", **context)
        html = render_template("emails/daily_digest.html", subject=subject, **context)
    carries = [reminder for reminder in carried if reminder.status == ReminderStatus.BUNDLED]
    return Letter(envelope(digest, subject, text, html), carries)
