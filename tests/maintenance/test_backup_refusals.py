"""What ``crm backup`` and ``crm restore`` refuse, with one line and exit code 1, and
without touching the database, the documents or an existing file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from crm.agreements.documents import add_document
from crm.extensions import db
from tests import factories
from tests.agreements import factories as agreements
from tests.maintenance.helpers import empty_instance, invoke, row_counts, stored_documents


@pytest.fixture(autouse=True)
def _cli_env(monkeypatch):
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")


@pytest.fixture
def archive(app, staff, institution, tmp_path) -> Path:
    """A backup of a database holding a contact and an agreement with a document."""
    factories.contact(institution, given_name="Amina")
    agreement = agreements.agreement(institution)
    add_document(agreement, "entente.pdf", agreements.pdf(), staff)
    db.session.commit()
    path = tmp_path / "passerelle.zip"
    invoke(app, "backup", str(path))
    return path


def _rewrite(source: Path, target: Path, manifest=None, members=None) -> Path:
    """A copy of the archive with its manifest changed by ``manifest(dict)`` and its
    members' bytes by ``members(name, bytes)``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "manifest.json":
                changed = json.loads(data)
                if manifest:
                    manifest(changed)
                new.writestr("manifest.json", json.dumps(changed))
                continue
            name, data = members(info.filename, data) if members else (info.filename, data)
            new.writestr(name, data)
    return target


def _corrupt_document(name, data):
    return name, data + b"x" if name.startswith("documents/") else data


def _other_dialect(manifest):
    other = "postgresql" if manifest["dialect"] == "sqlite" else "sqlite"
    manifest["dialect"] = other
    manifest["database"]["member"] = {"sqlite": "database.sqlite3"}.get(other, "database.pgdump")


def _rename_database(name, data):
    renamed = {"database.sqlite3": "database.pgdump", "database.pgdump": "database.sqlite3"}
    return renamed.get(name, name), data


def _contacts_in(path: Path) -> int:
    with zipfile.ZipFile(path) as opened:
        return json.loads(opened.read("manifest.json"))["tables"]["contacts"]


def test_backup_refuses_to_overwrite_a_file_unless_forced(app, archive, institution):
    before = archive.read_bytes()
    factories.contact(institution, given_name="Yasmine")
    result = invoke(app, "backup", str(archive), code=1)
    assert "already exists (use --force to replace it)" in result.stderr
    assert archive.read_bytes() == before
    invoke(app, "backup", str(archive), "--force")
    assert _contacts_in(archive) == 2
    assert [p.name for p in archive.parent.iterdir() if p.name.startswith(".")] == []


def test_backup_refuses_a_missing_folder(app, tmp_path):
    result = invoke(app, "backup", str(tmp_path / "nowhere" / "b.zip"), code=1)
    assert "does not exist" in result.stderr


CASES = {
    "missing": (lambda a, t: t / "absent.zip", "no such file"),
    "not an archive": (
        lambda a, t: (t / "notes.zip").write_text("pas une archive") and t / "notes.zip",
        "not a backup archive",
    ),
    "truncated": (
        lambda a, t: (
            (t / "cut.zip").write_bytes(a.read_bytes()[: a.stat().st_size // 2]) and t / "cut.zip"
        ),
        "not a backup archive",
    ),
    "no manifest": (
        lambda a, t: _drop_manifest(a, t / "nomanifest.zip"),
        "has no manifest.json",
    ),
    "wrong manifest": (
        lambda a, t: _rewrite(a, t / "v9.zip", manifest=lambda m: m.update(format_version=9)),
        "backup format version 9 is not supported",
    ),
    "unsafe document path": (
        lambda a, t: _rewrite(
            a,
            t / "unsafe.zip",
            manifest=lambda m: m["documents"]["files"].update(
                {"../evil": next(iter(m["documents"]["files"].values()))},
                **{"count": 0},
            ),
        ),
        "missing or wrong",
    ),
    "checksum mismatch": (
        lambda a, t: _rewrite(a, t / "bad.zip", members=_corrupt_document),
        "does not match its checksum",
    ),
    "other dialect": (
        lambda a, t: _rewrite(a, t / "other.zip", _other_dialect, _rename_database),
        "database and CRM_DATABASE_URL names a",
    ),
    "newer revision": (
        lambda a, t: _rewrite(a, t / "new.zip", lambda m: m.update(alembic_revision="9999")),
        "revision 9999, which this version of Passerelle does not know",
    ),
}


def _drop_manifest(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename != "manifest.json":
                new.writestr(info.filename, old.read(info.filename))
    return target


@pytest.mark.parametrize("case", list(CASES))
def test_restore_refuses_bad_input_and_touches_nothing(archive, test_env, tmp_path, case):
    make, message = CASES[case]
    path = make(archive, tmp_path)
    data_dir = tmp_path / "restored"
    with empty_instance(test_env, data_dir) as restored:
        result = invoke(restored, "restore", str(path), code=1)
        assert message in result.stderr
        assert sa.inspect(db.engine).get_table_names() == []
        assert not (data_dir / "documents").exists()
        assert [p.name for p in data_dir.iterdir() if p.name.startswith(".")] == []


def test_restore_refuses_a_database_that_holds_data_unless_forced(app, archive, tmp_path):
    documents_dir = app.config["CRM_SETTINGS"].documents_dir
    counts, files = row_counts(), stored_documents(documents_dir)
    result = invoke(app, "restore", str(archive), code=1)
    assert "holds data (use --force to replace it)" in result.stderr
    assert row_counts() == counts
    assert stored_documents(documents_dir) == files


@pytest.mark.skipif(
    "postgresql" not in str(__import__("os").environ.get("CRM_TEST_DATABASE_URL")),
    reason="pg_dump is used on PostgreSQL only",
)
def test_backup_without_pg_dump_says_so(app, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = invoke(app, "backup", str(tmp_path / "b.zip"), code=1)
    assert "pg_dump is not installed" in result.stderr
    assert not (tmp_path / "b.zip").exists()
