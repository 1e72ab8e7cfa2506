"""``crm privacy export|anonymize|retention``: a person's data, and the retention rules.

Prints in English, like the rest of the command line (the export's files are in --lang).
Exit code 2 for an unknown contact or a bad argument, 1 when the database refuses;
nothing is written then. Without --as, an export is complete and recorded in the history
as made by nobody in particular (the command line).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy.exc import SQLAlchemyError

from crm.contacts.models import Contact
from crm.core.audit import acting_as
from crm.core.clock import today
from crm.core.errors import ValidationError
from crm.extensions import db
from crm.privacy import retention
from crm.privacy.anonymize import anonymize
from crm.privacy.permissions import can_anonymize, can_export_person, exports_everything
from crm.privacy.person_export import export_zip
from crm.users.models import User
from crm.users.operations import find_by_email


class _Unusable(click.ClickException):
    exit_code = 2


@click.group("privacy")
def privacy_group() -> None:
    """A person's data (Law 25): export, anonymize; the retention rules."""


def _contact(contact_id: int) -> Contact:
    contact = db.session.get(Contact, contact_id)
    if contact is None:
        raise _Unusable(f"no contact with the id {contact_id}")
    return contact


def _user(email: str | None) -> User | None:
    if email is None:
        return None
    user = find_by_email(email)
    if user is None or not user.is_active:
        raise _Unusable(f"--as: no active user with the email {email.strip().lower()}")
    return user


def _commit() -> None:
    try:
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise click.ClickException(
            f"the database refused it, nothing was changed: {reason}"
        ) from None


def _write(path: Path, content: bytes) -> None:
    """All or nothing: a temporary file beside the target, renamed over it."""
    folder = path.parent
    if not folder.is_dir():
        raise _Unusable(f"{path}: the folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=".zip")
    except OSError as error:
        raise _Unusable(f"{path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _Unusable(f"{path}: {error.strerror or error}") from None


@privacy_group.command("export")
@click.argument("contact_id", type=int)
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--as", "as_email", metavar="EMAIL", help="Export what this user may see.")
@with_appcontext
def export_command(contact_id: int, path: Path, lang: str, as_email: str | None) -> None:
    """Write everything Passerelle holds about a person to FILE (a zip)."""
    contact, user = _contact(contact_id), _user(as_email)
    if user is not None and not can_export_person(user, contact):
        raise _Unusable(f"--as: {user.email} may not export contact {contact_id}")
    complete = exports_everything(user)
    with acting_as(user.id if user else None), force_locale(lang):
        content = export_zip(contact, user, complete, user.name if user else None)
    try:
        _write(path, content)
    except click.ClickException:
        db.session.rollback()
        raise
    try:
        _commit()
    except click.ClickException:
        path.unlink(missing_ok=True)
        raise
    scope = "complete" if complete else f"what {user.email} may see"
    click.echo(f"Exported contact {contact_id} to {path} ({scope}).")


@privacy_group.command("anonymize")
@click.argument("contact_id", type=int)
@click.option("--reason", required=True, help="Why (kept in the history).")
@click.option("--as", "as_email", metavar="EMAIL", help="The admin who asks.")
@with_appcontext
def anonymize_command(contact_id: int, reason: str, as_email: str | None) -> None:
    """Erase a person's personal data, keeping the record for the statistics."""
    contact, user = _contact(contact_id), _user(as_email)
    if user is not None and not can_anonymize(user, contact):
        raise _Unusable(f"--as: {user.email} may not anonymize contact {contact_id}")
    with acting_as(user.id if user else None), force_locale("en"):
        try:
            done = anonymize(contact, reason)
        except ValidationError as error:
            raise _Unusable(f"--reason: {error.message}") from None
        _commit()
    if done:
        click.echo(f"Contact {contact_id} anonymized.")
    else:
        click.echo(f"Contact {contact_id} was already anonymized; nothing changed.")


def _print(report: retention.Report) -> None:
    click.echo(
        f"To anonymize (students whose last exchange ended more than"
        f" {report.exchange_years} years ago): {len(report.to_anonymize)}"
    )
    for item in report.to_anonymize:
        click.echo(
            f"  #{item.contact_id} {item.name} ({item.institution}),"
            f" last exchange ended {item.since.isoformat()}"
        )
    click.echo(
        f"To review (no activity for {retention.REVIEW_AFTER_YEARS} years; never anonymized"
        f" automatically): {len(report.to_review)}"
    )
    for item in report.to_review:
        click.echo(
            f"  #{item.contact_id} {item.name} ({item.institution}),"
            f" last changed {item.since.isoformat()}"
        )


@privacy_group.command("retention")
@click.option("--apply", "apply_rules", is_flag=True, help="Anonymize the students due.")
@with_appcontext
def retention_command(apply_rules: bool) -> None:
    """Report what the retention rules will do; with --apply, do it."""
    if not apply_rules:
        _print(retention.report(today()))
        click.echo("Nothing was changed (run with --apply to anonymize).")
        return
    with acting_as(None):
        result, _run = retention.apply(today())
        _commit()
    _print(result)
    click.echo(f"Applied: {len(result.to_anonymize)} anonymized.")
