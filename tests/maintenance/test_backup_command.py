"""Through the real ``crm`` script on SQLite files of the test's own: a backup of an older
schema restored into newer code is migrated, and errors are one line, exit code 1."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from alembic.config import Config
from alembic.script import ScriptDirectory

from crm.app import ROOT
from tests.test_cli import _env, crm, one_error_line


def _head() -> str:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def test_an_older_backup_is_migrated_after_its_restore(tmp_path):
    old = _env(tmp_path / "old")
    crm(old, "db upgrade 0009")
    with closing(sqlite3.connect(tmp_path / "old" / "crm.sqlite3")) as connection, connection:
        connection.execute(  # the code of today writes history rows, which 0009 has not
            "INSERT INTO member_institutions (code, name_fr, name_en, created_at, updated_at,"
            " version) VALUES ('CSI', 'Cégep de Sept-Îles', 'Sept-Îles College',"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
        )
    archive = tmp_path / "old.zip"
    output = crm(old, f"backup {archive}").stdout
    assert "Database (sqlite, revision 0009):" in output

    new = _env(tmp_path / "new")
    output = crm(new, f"restore {archive}").stdout
    assert f"Database migrated to revision {_head()}." in output
    assert crm(new, "institutions list").stdout.startswith("CSI\tCégep de Sept-Îles")

    error = one_error_line(crm(new, f"restore {archive}", code=1))
    assert error.endswith("holds data (use --force to replace it)")
    truncated = tmp_path / "cut.zip"
    truncated.write_bytes(archive.read_bytes()[:1000])
    error = one_error_line(crm(new, f"restore {truncated}", code=1))
    assert (
        error == f"crm: error: {truncated} is not a backup archive (not a zip file, or truncated)"
    )
    assert crm(new, "institutions list").stdout.startswith("CSI\t")
