"""The ``crm`` command: a Flask CLI group (``crm db upgrade`` works too) with our commands.

Errors are one line on standard error: exit code 2 for a bad argument or a refused
value, 1 for a failure; a command that fails has written nothing.
"""

from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup, routes_command, shell_command
from sqlalchemy.exc import OperationalError, ProgrammingError

from crm.app import create_app
from crm.config import ConfigError


class CrmGroup(FlaskGroup):
    """FlaskGroup that lists its own commands without building the app (so ``--help``
    works even when a setting is wrong)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()  # `crm db` from Flask-Migrate
        return sorted(self.commands)


@click.group(cls=CrmGroup, create_app=create_app, add_default_commands=False)
def cli() -> None:
    """Passerelle, the CRM of the consortium's international partnerships."""


def _register_commands() -> None:
    from crm.backup.cli import backup_command, restore_command
    from crm.core.server import run_command
    from crm.demo.cli import seed_demo_command
    from crm.imports.cli import import_group
    from crm.institutions.cli import institutions_group
    from crm.maintenance.cli import init_command
    from crm.privacy.cli import privacy_group
    from crm.reminders.cli import reminders_group
    from crm.search.cli import search_group
    from crm.users.cli import tokens_group, users_group

    for command in (
        init_command,
        institutions_group,
        users_group,
        tokens_group,
        seed_demo_command,
        search_group,
        reminders_group,
        backup_command,
        restore_command,
        import_group,
        privacy_group,
        run_command,
        shell_command,
        routes_command,
    ):
        cli.add_command(command)


_register_commands()


def main(argv: list[str] | None = None) -> None:
    try:
        result = cli.main(args=argv, prog_name="crm", standalone_mode=False)
    except ConfigError as exc:
        click.echo(f"crm: configuration error: {exc}", err=True)
        sys.exit(2)
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        click.echo(f"crm: error: {exc.format_message()}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"crm: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except (OperationalError, ProgrammingError) as exc:
        click.echo(
            f"crm: database error: {str(exc.orig).splitlines()[0]}"
            " (is CRM_DATABASE_URL right, and has 'crm init' been run?)",
            err=True,
        )
        sys.exit(1)
    except click.Abort:
        click.echo("crm: aborted", err=True)
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)
