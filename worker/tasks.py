"""The tasks: thin, named "<domain>.<verb>", taking nothing, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from crm.core.clock import today
from crm.extensions import db
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
