"""``crm institutions``: the consortium's member institutions."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.institutions.operations import InstitutionError, add_institution


@click.group("institutions")
def institutions_group() -> None:
    """List and add member institutions."""


@institutions_group.command("add")
@click.argument("code")
@click.option("--name-fr", required=True, help="Name in French.")
@click.option("--name-en", required=True, help="Name in English.")
@with_appcontext
def add_command(code: str, name_fr: str, name_en: str) -> None:
    """Add a member institution with a short CODE (letters, digits, - and _)."""
    try:
        institution = add_institution(code=code, name_fr=name_fr, name_en=name_en)
    except InstitutionError as exc:
        raise click.UsageError(str(exc)) from None
    db.session.commit()
    click.echo(f"Added {institution.code}: {institution.name_fr}")


@institutions_group.command("list")
@with_appcontext
def list_command() -> None:
    """One institution a line: code, French name, English name."""
    for institution in db.session.scalars(
        sa.select(MemberInstitution).order_by(MemberInstitution.code)
    ):
        click.echo(f"{institution.code}\t{institution.name_fr}\t{institution.name_en}")
