"""``crm seed-demo``: the demo data of the consortium's founding mission to Morocco."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from crm.core.clock import today
from crm.demo.seed import seed_demo
from crm.extensions import db
from crm.users.operations import UserError


@click.command("seed-demo")
@click.option(
    "--admin-email",
    help="Also create this admin (when absent; its password is printed once) "
    "and give it the coordinator's demo follow-ups.",
)
@with_appcontext
def seed_demo_command(admin_email: str | None) -> None:
    """Load the demo data. Running it again adds nothing."""
    try:
        report = seed_demo(today(), admin_email=admin_email)
    except UserError as exc:
        db.session.rollback()
        raise click.UsageError(str(exc)) from None
    db.session.commit()
    click.echo(f"Demo data: {report.created} records created, {report.existing} already there.")
    if report.admin_password:
        click.echo(f"Admin {admin_email.strip().lower()} created.")
        click.echo(f"Password (shown once): {report.admin_password}")
    elif admin_email:
        click.echo(f"Admin {admin_email.strip().lower()} already exists (password unchanged).")
