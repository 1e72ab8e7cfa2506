"""``manifest.json``: what an archive holds, checked before a restore touches anything.

Format version 1::

    {"format": "passerelle-backup", "format_version": 1,
     "created_at": "2026-05-09T12:00:00+00:00", "dialect": "sqlite" | "postgresql",
     "alembic_revision": "0010",
     "database": {"member": "database.sqlite3", "size": 123, "sha256": "…"},
     "tables": {"contacts": 12, …},
     "documents": {"count": 1, "files": {"ab/ab12…": {"size": 5, "sha256": "…"}}}}
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from crm.backup.errors import BackupError

FORMAT = "passerelle-backup"
FORMAT_VERSION = 1
NAME = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
DOCUMENTS_PREFIX = "documents/"
_SHA256 = re.compile(r"[0-9a-f]{64}")
_TABLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# A path inside the documents folder: plain names, no "..", no hidden or absolute parts.
_DOCUMENT_PATH = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,254}(/[A-Za-z0-9][A-Za-z0-9_.-]{0,254})*")


def build(dialect, revision, database: dict, tables: dict, documents: dict) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dialect": dialect,
        "alembic_revision": revision,
        "database": database,
        "tables": tables,
        "documents": {"count": len(documents), "files": documents},
    }


def parse(raw: bytes) -> dict:
    """The manifest, checked field by field; BackupError names the first wrong one."""
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError("the manifest is not valid JSON: not a Passerelle backup") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("the manifest does not describe a Passerelle backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"backup format version {manifest.get('format_version')!r} is not supported"
            f" (this version of Passerelle reads version {FORMAT_VERSION})"
        )
    _check(manifest)
    return manifest


def _check(manifest: dict) -> None:
    dialect = manifest.get("dialect")
    _require(dialect in DATABASE_MEMBERS, "dialect")
    _require(isinstance(manifest.get("alembic_revision"), str), "alembic_revision")
    _require(_is_datetime(manifest.get("created_at")), "created_at")
    database = manifest.get("database")
    _require(isinstance(database, dict), "database")
    _require(database.get("member") == DATABASE_MEMBERS[dialect], "database.member")
    _require(_is_file_entry(database), "database")
    tables = manifest.get("tables")
    _require(isinstance(tables, dict) and "alembic_version" in tables, "tables")
    for name, count in tables.items():
        _require(_TABLE.fullmatch(name) and _is_count(count), f"tables.{name}")
    documents = manifest.get("documents")
    _require(isinstance(documents, dict), "documents")
    files = documents.get("files")
    _require(isinstance(files, dict) and documents.get("count") == len(files), "documents")
    for path, entry in files.items():
        _require(_DOCUMENT_PATH.fullmatch(path) and ".." not in path, f"documents {path!r}")
        _require(_is_file_entry(entry), f"documents {path!r}")


def _require(condition, field: str) -> None:
    if not condition:
        raise BackupError(f"the manifest's {field} is missing or wrong")


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_file_entry(entry) -> bool:
    return (
        isinstance(entry, dict)
        and _is_count(entry.get("size"))
        and isinstance(entry.get("sha256"), str)
        and bool(_SHA256.fullmatch(entry["sha256"]))
    )


def _is_datetime(value) -> bool:
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True
