"""Translated names of the outbox's statuses, rules and kinds of record."""

from flask_babel import lazy_pgettext as _p

from crm.reminders.models import ReminderDelivery, ReminderStatus

STATUS_LABELS = {
    ReminderStatus.PENDING: _p("reminder status", "pending"),
    ReminderStatus.SENDING: _p("reminder status", "sending"),
    ReminderStatus.SENT: _p("reminder status", "sent"),
    ReminderStatus.FAILED: _p("reminder status", "failed"),
    ReminderStatus.BUNDLED: _p("reminder status", "waiting for the digest"),
    ReminderStatus.CANCELLED: _p("reminder status", "no longer due"),
}

DELIVERY_LABELS = {
    ReminderDelivery.IMMEDIATE: _p("reminder delivery", "One email a reminder, when it is due"),
    ReminderDelivery.DIGEST: _p("reminder delivery", "One email a day gathering them all"),
}

# The kinds of reminder a user may turn off (rules.KINDS), as the profile page names them.
KIND_LABELS = {
    "follow_ups": _p("reminder kind", "My follow-ups due today, and those overdue"),
    "agreements_expiring": _p("reminder kind", "Agreements expiring or due for renewal notice"),
    "agreements_in_review": _p("reminder kind", "Agreements waiting for my approval"),
    "exchanges": _p("reminder kind", "Student exchanges starting or ending"),
    "milestones": _p("reminder kind", "Project milestones I own"),
    "missions": _p("reminder kind", "People met on a mission who have no follow-up yet"),
}

# Rules are named by plain strings (rules.py); a new rule adds its label here.
RULE_LABELS = {
    "follow_up_due": _p("reminder rule", "Follow-up due today"),
    "agreement_expiring": _p("reminder rule", "Agreement expiring"),
    "agreement_in_review": _p("reminder rule", "Agreement under review"),
    "exchange_starting": _p("reminder rule", "Exchange starting"),
    "exchange_ending": _p("reminder rule", "Exchange ending"),
    "milestone_due": _p("reminder rule", "Project milestone due"),
    "mission_ended": _p("reminder rule", "Mission ended"),
    "daily_digest": _p("reminder rule", "Daily digest"),
}

RECORD_LABELS = {
    "follow_up": _p("reminder record", "Follow-up"),
    "agreement": _p("reminder record", "Agreement"),
    "exchange": _p("reminder record", "Exchange"),
    "project": _p("reminder record", "Project"),
    "milestone": _p("reminder record", "Project milestone"),
    "mission": _p("reminder record", "Mission"),
    "user": _p("reminder record", "User"),
}

ALL = (STATUS_LABELS, DELIVERY_LABELS)


def rule_label(rule: str) -> str:
    """The rule's translated name (its own name while it has no label)."""
    return str(RULE_LABELS.get(rule, rule))


def record_label(record_type: str) -> str:
    return str(RECORD_LABELS.get(record_type, record_type))
