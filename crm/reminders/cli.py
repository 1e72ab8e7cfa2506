"""``crm reminders``: evaluate the rules for a day, and send what is pending. Both are safe
to repeat: a reminder already queued is not queued again, one sent is not sent again."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from crm.core.clock import today as local_today
from crm.extensions import db
from crm.reminders.delivery import send_pending
from crm.reminders.outbox import scan


@click.group("reminders")
def reminders_group() -> None:
    """Reminder emails: scan the rules, send the outbox."""


@reminders_group.command("scan")
@click.option("--today", "day", type=click.DateTime(["%Y-%m-%d"]), help="Default: today.")
@with_appcontext
def scan_command(day) -> None:
    """Queue the reminders due on a day; prints how many were queued."""
    when: date = day.date() if day else local_today()
    queued = scan(when)
    db.session.commit()
    click.echo(f"{queued} reminder(s) queued for {when.isoformat()}.")


@reminders_group.command("send")
@with_appcontext
def send_command() -> None:
    """Send the pending reminders now; prints sent / failed / cancelled / still pending."""
    outcome = send_pending()
    click.echo(
        f"{outcome['sent']} sent, {outcome['failed']} failed, "
        f"{outcome['cancelled']} no longer due, {outcome['pending']} still pending."
    )
