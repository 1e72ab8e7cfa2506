"""``crm init``: create or upgrade the database."""

from __future__ import annotations

import click
from alembic.runtime.migration import MigrationContext
from flask.cli import with_appcontext
from flask_migrate import upgrade

from crm.extensions import db
from crm.search import reindex as search


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the database, or upgrade it to the latest migration. Safe to run again."""
    upgrade()
    if search.is_empty():
        count = search.reindex()
        db.session.commit()
        if count:
            click.echo(f"Search index built: {count} records.")
    with db.engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    click.echo(f"Database ready ({db.engine.url.render_as_string()}), revision {revision}.")
