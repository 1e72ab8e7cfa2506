"""Reminder emails: text and HTML from templates/emails/, in the recipient's language, naming
the record and linking to it (CRM_BASE_URL)."""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale

from crm.agreements.models import Agreement, AgreementStatus
from crm.agreements.operations import pending_approvers
from crm.core.records import label_seen_by
from crm.core.urls import record_url
from crm.exchanges.models import ExchangeStatus, StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from crm.missions.models import Mission
from crm.projects.models import ProjectMilestone
from crm.reminders import preferences
from crm.reminders.models import Reminder
from crm.reminders.rules import unfollowed_by

MODELS = {
    "follow_up": FollowUp,
    "agreement": Agreement,
    "exchange": StudentExchange,
    "milestone": ProjectMilestone,
    "mission": Mission,
}
_ENDED = (ExchangeStatus.COMPLETED, ExchangeStatus.CANCELLED)


def _owner(record):
    """The record whose visibility and page stand for it (a milestone's project)."""
    return record.project if isinstance(record, ProjectMilestone) else record


def still_due(reminder: Reminder, record) -> bool:
    """Whether the reminder still makes sense when it is sent: the follow-up may have been
    done, the agreement renewed or approved, the recipient may have lost sight of it or
    turned that kind of reminder off."""
    user = reminder.recipient
    if record is None or not user.is_active:
        return False
    if not preferences.wants(preferences.settings_of(user.id), reminder.rule):
        return False
    owner = _owner(record)
    if owner.archived_at is not None or not owner.is_visible_to(user):
        return False
    return {
        "follow_up_due": lambda: record.status == FollowUpStatus.OPEN,
        "agreement_expiring": lambda: (
            record.status in (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
            and not record.renewed_by
        ),
        "agreement_in_review": lambda: (
            record.status == AgreementStatus.UNDER_REVIEW
            and user.institution_id in {i.id for i in pending_approvers(record)}
        ),
        "exchange_starting": lambda: record.status not in _ENDED,
        "exchange_ending": lambda: record.status not in _ENDED,
        "milestone_due": lambda: record.done_on is None,
        "mission_ended": lambda: bool(unfollowed_by(record, user)),
    }[reminder.rule]()


def record_of(reminder: Reminder):
    return db.session.get(MODELS[reminder.record_type], reminder.record_id)


def about(record, user) -> str | None:
    """What a follow-up is about, as far as its recipient may see it."""
    subject = getattr(record, "subject", None)
    if subject is None or not subject.is_visible_to(user):
        return None
    return label_seen_by(subject, user)


@dataclass
class Letter:
    """An email ready to go, and the bundled reminders it carries (a digest's)."""

    message: EmailMessage
    carries: list[Reminder] = field(default_factory=list)


@contextmanager
def rendering(user):
    """Templates rendered for ``user``: their language, links under CRM_BASE_URL."""
    base = current_app.config["CRM_SETTINGS"].base_url.rstrip("/")
    with current_app.test_request_context("/", base_url=base), force_locale(str(user.locale)):
        yield base


def context_for(reminder: Reminder, record, base: str) -> dict:
    user = reminder.recipient
    context = {"user": user, "record": record, "reminder": reminder, "about": about(record, user)}
    if reminder.rule == "mission_ended":
        context["people"] = unfollowed_by(record, user)
    context["url"] = base + (record_url(_owner(record)) or "/")
    return context


def compose(reminder: Reminder) -> Letter | None:
    """The reminder's email, or None when it is no longer due."""
    record = record_of(reminder)
    if not still_due(reminder, record):
        return None
    with rendering(reminder.recipient) as base:
        context = context_for(reminder, record, base)
        subject = render_template(f"emails/{reminder.rule}.subject.txt", **context).strip()
        text = render_template(f"emails/{reminder.rule}.txt", **context)
        html = render_template(f"emails/{reminder.rule}.html", subject=subject, **context)
    return Letter(envelope(reminder, subject, text, html))


def envelope(reminder: Reminder, subject: str, text: str, html: str) -> EmailMessage:
    settings = current_app.config["CRM_SETTINGS"]
    user = reminder.recipient
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.mail_from
    message["To"] = formataddr((user.name, user.email))
    message["Date"] = formatdate(localtime=False)
    # The same reminder always has the same Message-ID: a copy is recognisable as one.
    digest = hashlib.sha256(reminder.key.encode()).hexdigest()[:32]
    host = urlsplit(settings.base_url).hostname or "localhost"
    message["Message-ID"] = f"<reminder-{digest}@{host}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message
