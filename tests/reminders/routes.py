"""What tests/test_routes_permissions.py needs to drive the reminder outbox's admin routes."""

from datetime import date

from crm.extensions import db
from crm.reminders.models import Reminder, ReminderStatus
from tests import factories

RECORDS = {"reminder_id": Reminder}
FORM = {}


def reminder(record, recipient, occurs_on=date(2026, 11, 25), **values) -> Reminder:
    """An outbox row about a follow-up (or ``record_type``), failed unless told otherwise."""
    values = {
        "rule": "follow_up_due",
        "record_type": "follow_up",
        "status": ReminderStatus.FAILED,
        "attempts": 1,
        "last_error": "550 5.1.1 No such mailbox",
    } | values
    row = Reminder(
        key=f"{values['rule']}:{values['record_type']}:{record.id}:{occurs_on}:{recipient.id}",
        record_id=record.id,
        occurs_on=occurs_on,
        recipient_id=recipient.id,
        **values,
    )
    db.session.add(row)
    db.session.commit()
    return row


def make_records(institution, staff) -> dict[str, int]:
    follow_up = factories.follow_up(staff, title="Relancer l'INMQ")
    failed = reminder(follow_up, staff)
    # A second failed row, for "retry every failed reminder" once the first is retried.
    reminder(follow_up, staff, occurs_on=date(2026, 11, 26))
    return {"reminder_id": failed.id}
