"""The tasks: thin, named "<domain>.<verb>", taking nothing, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from crm.core.clock import today
from crm.extensions import db
from crm.privacy import retention
from crm.reminders.delivery import send_pending
from crm.reminders.outbox import scan


@shared_task(name="reminders.scan")
def scan_reminders() -> int:
    """Queue today's reminders, then wake a sender."""
    queued = scan(today())
    db.session.commit()
    send_reminders.delay()
    return queued


@shared_task(name="reminders.send")
def send_reminders() -> dict:
    return dict(send_pending())


@shared_task(name="privacy.apply_retention")
def apply_retention() -> dict:
    """Anonymize the students whose retention period is over (safe to run twice: an
    anonymized person is not anonymized again)."""
    result, _run = retention.apply(today())
    db.session.commit()
    return {"anonymized": len(result.to_anonymize), "to_review": len(result.to_review)}
