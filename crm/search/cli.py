"""``crm search reindex``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from crm.extensions import db
from crm.search.reindex import reindex


@click.group("search")
def search_group() -> None:
    """The full-text search index."""


@search_group.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the search index from every record (after a bulk load, for instance)."""
    count = reindex()
    db.session.commit()
    click.echo(f"Search index rebuilt: {count} records.")
