"""``crm users``: create users and set their passwords from the command line."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from crm.core.errors import ValidationError
from crm.extensions import db
from crm.institutions.operations import InstitutionError, get_by_code
from crm.users import tokens
from crm.users.models import Locale, Role, User
from crm.users.operations import UserError, create_user, find_by_email, set_password
from crm.users.passwords import generate_password


@click.group("users")
def users_group() -> None:
    """Create and list users."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--institution", "institution_code", required=True, help="Its code.")
@click.option(
    "--locale", default="fr", show_default=True, type=click.Choice([lc.value for lc in Locale])
)
@click.option("--password", help="Generated and printed when not given.")
@with_appcontext
def create_command(email, name, role, institution_code, locale, password) -> None:
    """Create a user; prints the generated password when none is given."""
    generated = password is None
    password = generate_password() if generated else password
    try:
        user = create_user(
            email=email,
            name=name,
            role=role,
            institution=get_by_code(institution_code),
            locale=locale,
            password=password,
        )
    except (UserError, InstitutionError) as exc:
        raise click.UsageError(str(exc)) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} ({user.institution.code}).")
    if generated:
        click.echo(f"Password (shown once): {password}")


@users_group.command("set-password")
@click.option("--email", required=True)
@click.option("--password", help="Generated and printed when not given.")
@with_appcontext
def set_password_command(email, password) -> None:
    """Set a user's password (signs out their open sessions)."""
    user = find_by_email(email)
    if user is None:
        raise click.UsageError(f"no user with the email {email.strip().lower()}")
    generated = password is None
    password = generate_password() if generated else password
    try:
        set_password(user, password)
    except UserError as exc:
        raise click.UsageError(str(exc)) from None
    db.session.commit()
    click.echo(f"Password set for {user.email}.")
    if generated:
        click.echo(f"Password (shown once): {password}")


@users_group.command("list")
@with_appcontext
def list_command() -> None:
    """One user a line: email, role, institution, name."""
    for user in db.session.scalars(sa.select(User).order_by(User.email)):
        state = "" if user.is_active else "\tinactive"
        click.echo(f"{user.email}\t{user.role}\t{user.institution.code}\t{user.name}{state}")


@click.group("tokens")
def tokens_group() -> None:
    """Personal tokens for the API."""


def _user(email: str) -> User:
    user = find_by_email(email)
    if user is None:
        raise click.UsageError(f"no user with the email {email.strip().lower()}")
    return user


@tokens_group.command("create")
@click.option("--email", required=True, help="The user the token acts as.")
@click.option("--name", default="API", show_default=True, help="What the token is for.")
@with_appcontext
def create_token_command(email, name) -> None:
    """Create a token; printed once, on the last line (only its hash is kept)."""
    user = _user(email)
    if not user.is_active:
        raise click.UsageError(f"{user.email} is deactivated: a token would not open the API")
    try:
        token, secret = tokens.create_token(user, name)
    except ValidationError as exc:
        raise click.UsageError(f"--name: {exc.message}") from None
    db.session.commit()
    click.echo(f"Token {token.id} “{token.name}” for {user.email}, shown once:")
    click.echo(secret)


@tokens_group.command("list")
@click.option("--email", required=True)
@with_appcontext
def list_tokens_command(email) -> None:
    """One token a line: id, name, start of the token, created, last used."""
    for token in tokens.tokens_of(_user(email)):
        used = token.last_used_at.isoformat(timespec="minutes") if token.last_used_at else "never"
        created = token.created_at.isoformat(timespec="minutes")
        click.echo(f"{token.id}\t{token.name}\t{token.hint}…\t{created}\t{used}")


@tokens_group.command("revoke")
@click.option("--email", required=True)
@click.option("--id", "token_id", required=True, type=click.IntRange(1, 2**31 - 1))
@with_appcontext
def revoke_token_command(email, token_id) -> None:
    """Revoke a token at once."""
    if not tokens.revoke_token(_user(email), token_id):
        raise click.UsageError(f"{email} has no token {token_id}")
    db.session.commit()
    click.echo(f"Token {token_id} revoked.")
