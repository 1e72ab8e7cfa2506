"""``crm backup FILE`` and ``crm restore FILE``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from crm.backup.operations import backup, restore

_FILE = click.Path(dir_okay=True, path_type=Path)


def _rows(tables: dict[str, int]) -> str:
    return f"{len(tables)} tables, {sum(tables.values())} rows"


@click.command("backup")
@click.argument("file", type=_FILE)
@click.option("--force", is_flag=True, help="Replace FILE when it exists.")
@with_appcontext
def backup_command(file: Path, force: bool) -> None:
    """Write the database and the uploaded documents to one archive FILE (.zip)."""
    manifest, size, missing = backup(file.absolute(), force)
    click.echo(
        f"Database ({manifest['dialect']}, revision {manifest['alembic_revision']}):"
        f" {_rows(manifest['tables'])}."
    )
    click.echo(f"Documents: {manifest['documents']['count']} files.")
    if missing:
        click.echo(
            f"Warning: {len(missing)} document(s) named in the database had no file"
            f" in the documents folder: {', '.join(s[:12] for s in missing)}.",
            err=True,
        )
    click.echo(f"Backup written to {file} ({size} bytes).")


@click.command("restore")
@click.argument("file", type=_FILE)
@click.option("--force", is_flag=True, help="Replace a database or documents that hold data.")
@with_appcontext
def restore_command(file: Path, force: bool) -> None:
    """Restore a backup made by 'crm backup' into an empty database, then migrate."""
    restored = restore(file.absolute(), force)
    manifest = restored.manifest
    click.echo(
        f"Database restored from {file} (made {manifest['created_at']}, {manifest['dialect']},"
        f" revision {manifest['alembic_revision']}): {_rows(manifest['tables'])}."
    )
    click.echo(f"Documents: {manifest['documents']['count']} files restored.")
    click.echo(f"Database migrated to revision {restored.revision}.")
    click.echo(f"Search index rebuilt: {restored.indexed} records.")
