"""Reminder emails: text and HTML from templates/emails/, in the recipient's language, naming
the record and linking to it (CRM_BASE_URL)."""

from __future__ import annotations

import hashlib
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale

from crm.agreements.models import Agreement, AgreementStatus
from crm.core.urls import record_url
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from crm.reminders.models import Reminder

MODELS = {"follow_up": FollowUp, "agreement": Agreement}


def still_due(reminder: Reminder, record) -> bool:
    """Whether the reminder still makes sense when it is sent (the follow-up may have been
    done, the agreement renewed, since the rules were evaluated)."""
    if record is None or record.archived_at is not None or not reminder.recipient.is_active:
        return False
    if isinstance(record, FollowUp):
        return record.status == FollowUpStatus.OPEN
    if isinstance(record, Agreement):
        running = record.status in (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
        return running and not record.renewed_by
    return True


def record_of(reminder: Reminder):
    return db.session.get(MODELS[reminder.record_type], reminder.record_id)


def _about(record, user) -> str | None:
    """What a follow-up is about, as far as its recipient may see it."""
    subject = getattr(record, "subject", None)
    if subject is None or not subject.is_visible_to(user):
        return None
    label_for = getattr(subject, "label_for", None)
    return label_for(user) if label_for else subject.label


def build(reminder: Reminder, record) -> EmailMessage:
    settings = current_app.config["CRM_SETTINGS"]
    user = reminder.recipient
    base = settings.base_url.rstrip("/")
    with current_app.test_request_context("/", base_url=base), force_locale(str(user.locale)):
        context = {
            "user": user,
            "record": record,
            "reminder": reminder,
            "about": _about(record, user),
        }
        context["url"] = base + (record_url(record) or "/")
        subject = render_template(f"emails/{reminder.rule}.subject.txt", **context).strip()
        text = render_template(f"emails/{reminder.rule}.txt", **context)
        html = render_template(f"emails/{reminder.rule}.html", subject=subject, **context)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.mail_from
    message["To"] = formataddr((user.name, user.email))
    message["Date"] = formatdate(localtime=False)
    # The same reminder always has the same Message-ID: a copy is recognisable as one.
    digest = hashlib.sha256(reminder.key.encode()).hexdigest()[:32]
    host = urlsplit(base).hostname or "localhost"
    message["Message-ID"] = f"<reminder-{digest}@{host}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message
