"""Backing up and restoring: the steps in the order that leaves nothing half-written."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from flask import current_app
from flask_migrate import upgrade

from crm.agreements.documents import path_of
from crm.backup import documents, postgres, sqlite
from crm.backup.archive import Reader, Writer, check_target
from crm.backup.errors import BackupError
from crm.backup.manifest import DATABASE_MEMBERS, build
from crm.extensions import db
from crm.search.reindex import reindex


@dataclass
class Restored:
    manifest: dict
    revision: str  # after the migrations
    indexed: int


def _documents_dir() -> Path:
    return current_app.config["CRM_SETTINGS"].documents_dir


def backup(target: Path, force: bool) -> tuple[dict, int, list[str]]:
    """Write the archive; its manifest, its size, and the checksums rows name that have
    no file in the documents folder (missing before the backup, or deleted meanwhile)."""
    check_target(target, force)
    engine = db.engine
    dialect = engine.dialect.name
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".crm-backup-") as work:
        copy = Path(work) / DATABASE_MEMBERS[dialect]
        if dialect == "sqlite":
            revision, tables, checksums = sqlite.snapshot(engine.url, copy)
        else:
            revision, tables, checksums = postgres.snapshot(engine, copy)
        if revision is None:
            raise BackupError("the database has no Alembic revision: run 'crm init' first")
        writer = Writer(target, force)
        try:
            member = DATABASE_MEMBERS[dialect]
            database = {"member": member, **writer.add_file(member, copy, dialect == "sqlite")}
            files = documents.add_to(writer, _documents_dir())
            manifest = build(dialect, revision, database, tables, files)
            size = writer.commit(manifest)
        except BaseException:
            writer.discard()
            raise
    folder = _documents_dir()
    missing = sorted(s for s in checksums if path_of(s).relative_to(folder).as_posix() not in files)
    return manifest, size, missing


def _check_revision(revision: str) -> None:
    config = current_app.extensions["migrate"].migrate.get_config()
    try:
        ScriptDirectory.from_config(config).get_revision(revision)
    except (RevisionError, CommandError):
        raise BackupError(
            f"the backup's database is at revision {revision}, which this version of"
            " Passerelle does not know (it is newer): upgrade Passerelle first"
        ) from None


def _check_empty(engine, folder: Path) -> None:
    where = engine.url.render_as_string(hide_password=True)
    if engine.dialect.name == "sqlite":
        empty = sqlite.is_empty(sqlite.database_path(engine.url))
    else:
        empty = postgres.is_empty(engine)
    if not empty:
        raise BackupError(f"the database {where} holds data (use --force to replace it)")
    if documents.stored_files(folder):
        raise BackupError(f"the documents folder {folder} is not empty (use --force to replace it)")


def restore(source: Path, force: bool) -> Restored:
    """Check the whole archive, then replace the database and the documents folder, then
    migrate to the code's revision and rebuild the search index."""
    engine = db.engine
    dialect = engine.dialect.name
    folder = _documents_dir()
    with Reader(source) as archive:
        manifest = archive.manifest
        if manifest["dialect"] != dialect:
            raise BackupError(
                f"this is a backup of a {manifest['dialect']} database and CRM_DATABASE_URL"
                f" names a {dialect} one: restore it into a {manifest['dialect']} database"
            )
        _check_revision(manifest["alembic_revision"])
        db.session.remove()
        engine.dispose()  # no connection of ours may hold the database while it is replaced
        if not force:
            _check_empty(engine, folder)
        staged = documents.stage(folder)
        try:
            archive.extract_documents(staged)
            _restore_database(archive, engine)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        documents.swap(staged, folder)
    engine.dispose()
    upgrade()
    indexed = reindex()
    db.session.commit()
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    return Restored(manifest, revision, indexed)


def _restore_database(archive: Reader, engine) -> None:
    manifest = archive.manifest
    if engine.dialect.name == "sqlite":
        target = sqlite.database_path(engine.url)
        target.parent.mkdir(parents=True, exist_ok=True)
        work_dir = target.parent  # the copy is renamed into place: the same file system
    else:
        work_dir = current_app.config["CRM_SETTINGS"].data_dir
    with tempfile.TemporaryDirectory(dir=work_dir, prefix=".crm-restore-") as work:
        copy = Path(work) / archive.database_member
        archive.extract(archive.database_member, copy)
        if engine.dialect.name == "sqlite":
            sqlite.check_copy(copy, manifest["alembic_revision"], manifest["tables"])
            sqlite.swap(copy, target)
        else:
            postgres.restore(engine, copy, manifest["tables"])
