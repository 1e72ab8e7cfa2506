"""``crm import contacts|organizations FILE [--dry-run] [--as EMAIL]``.

Records are created as a user (the owner institution is theirs): ``--as``, or else the only
active admin. Prints in English, like the rest of the command line. Exit code 0 when no
row was refused, 1 when some were (the others are imported unless ``--dry-run``), 2 when
the file or an argument cannot be used.
"""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy.exc import SQLAlchemyError

from crm.core.audit import acting_as
from crm.core.errors import ValidationError
from crm.extensions import db
from crm.imports import applying
from crm.imports.columns import CONTACTS, KINDS, guess_mapping, mapping_errors
from crm.imports.permissions import can_import
from crm.imports.planning import Plan, Status
from crm.imports.reading import MAX_BYTES, FileError, read_table
from crm.imports.results import counts, problem_lines
from crm.users.models import Role, User
from crm.users.operations import find_by_email


class _Unusable(click.ClickException):
    exit_code = 2


@click.group("import")
def import_group() -> None:
    """Import contacts or organizations from a CSV or XLSX file."""


def _actor(email: str | None) -> User:
    if email:
        user = find_by_email(email)
        if user is None:
            raise _Unusable(f"--as: no user with the email {email.strip().lower()}")
        if not can_import(user):
            raise _Unusable(f"--as: {user.email} may not create records (active staff or above)")
        return user
    admins = db.session.scalars(
        sa.select(User).where(User.role == Role.ADMIN, User.is_active.is_(True))
    ).all()
    if len(admins) != 1:
        raise _Unusable(
            "give --as EMAIL: the records belong to that user's institution "
            f"({len(admins)} active admins, so none is chosen for you)"
        )
    return admins[0]


def _read(kind: str, path: Path):
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _Unusable(f"{path}: the file is too large (at most {MAX_BYTES // 2**20} MB)")
        table = read_table(path.name, path.read_bytes())
    except OSError as error:
        raise _Unusable(f"{path}: {error.strerror or error}") from None
    except FileError as error:
        raise _Unusable(f"{path}: {error}") from None
    mapping = guess_mapping(table.headers, kind)
    if errors := mapping_errors(mapping, kind):
        headers = ", ".join(table.headers)
        raise _Unusable(f"{path}: {' '.join(errors)} (the headers are: {headers})")
    return table, mapping


def _report(plan: Plan, dry_run: bool) -> None:
    numbers = counts(plan)
    click.echo(f"Rows read: {numbers['read']}")
    verb = "To import (dry run, nothing written)" if dry_run else "Imported"
    click.echo(f"{verb}: {numbers['imported']}")
    click.echo(f"Skipped (already in Passerelle): {numbers['duplicates']}")
    click.echo(f"Refused: {numbers['refused']}")
    for line in problem_lines(plan):
        click.echo(line)
    for row in plan.rows:
        if row.status == Status.DUPLICATE:
            click.echo(f"row {row.number}: skipped: {row.reason}")


def _import(kind: str, path: Path, dry_run: bool, as_email: str | None) -> None:
    with force_locale("en"):
        user = _actor(as_email)
        table, mapping = _read(kind, path)
        with acting_as(user.id):
            plan = applying.plan(kind, table, mapping, user, path.name)
            if not dry_run:
                try:
                    applying.apply(plan, user, path.name)
                    db.session.commit()
                except (SQLAlchemyError, ValidationError) as error:
                    db.session.rollback()
                    reason = str(getattr(error, "orig", None) or error).splitlines()[0]
                    raise click.ClickException(
                        f"the database refused the import, nothing was imported: {reason}"
                    ) from None
            else:
                db.session.rollback()
        _report(plan, dry_run)
    if plan.count(Status.REFUSED):
        click.get_current_context().exit(1)


def _command(kind: str) -> click.Command:
    what = "contacts (their organizations must exist)" if kind == CONTACTS else "organizations"

    @click.command(kind, help=f"Import {what} from FILE (CSV or XLSX, first row: headers).")
    @click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Check and report, write nothing.")
    @click.option("--as", "as_email", metavar="EMAIL", help="The user the records are created as.")
    @with_appcontext
    def command(path: Path, dry_run: bool, as_email: str | None) -> None:
        _import(kind, path, dry_run, as_email)

    return command


for _kind in KINDS:
    import_group.add_command(_command(_kind))
