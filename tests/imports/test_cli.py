"""``crm import contacts|organizations``: what is printed, written, and the exit codes."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from crm.cli import cli
from crm.contacts.models import Contact
from crm.extensions import db
from crm.history.models import HistoryAction, HistoryEntry
from crm.organizations.models import Organization
from tests import factories
from tests.conftest import snapshot
from tests.imports.files import (
    CONTACT_LINES,
    DUPLICATE_ORGANIZATIONS,
    GOOD_CONTACTS,
    GOOD_ORGANIZATIONS,
    ORGANIZATION_LINES,
    REFUSED_CONTACTS,
    REFUSED_ORGANIZATIONS,
    cp1252,
    organizations_for_contacts,
    utf8_bom_commas,
    xlsx,
)


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.fixture(autouse=True)
def _flask_cli_env(monkeypatch):
    # FlaskGroup sets FLASK_RUN_FROM_CLI in os.environ; monkeypatch puts it back afterwards.
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")


def _run(runner, *args):
    return runner.invoke(cli, ["import", *map(str, args)])


@pytest.fixture
def contacts_file(tmp_path, staff):
    organizations_for_contacts(staff.institution)
    path = tmp_path / "contacts.csv"
    path.write_bytes(cp1252(CONTACT_LINES))
    return path


def test_contacts_from_a_windows_1252_csv(runner, contacts_file, staff):
    result = _run(runner, "contacts", contacts_file, "--as", staff.email)
    assert result.exit_code == 1, result.output
    out = result.output
    assert "Rows read: 10" in out
    assert f"Imported: {GOOD_CONTACTS}" in out
    assert "Skipped (already in Passerelle): 1" in out
    assert f"Refused: {len(REFUSED_CONTACTS)}" in out
    refused = dict(re.findall(r"^row (\d+), column ([^:]+): ", out, re.M))
    assert refused == {str(n): column for n, column in REFUSED_CONTACTS.items()}
    assert "import or create the organization first" in out
    assert "row 12: skipped: Same person as row 2." in out

    contacts = {c.full_name: c for c in db.session.scalars(sa.select(Contact))}
    assert set(contacts) == {
        "Karim Benali",
        "Émilie Côté",
        "Jean-François Lévesque",
        "Yasmine Idrissi",
        "Omar Tazi",
    }
    karim = contacts["Karim Benali"]
    assert karim.organization.name == "École des mines de l’Atlas"
    assert karim.email_addresses == ["k.benali@ema.ma"]
    assert karim.phone_numbers == ["+212 5 37 00 00 00"]
    assert karim.job_title == "Directeur"
    assert karim.institution_id == staff.institution_id
    assert karim.created_by_id == staff.id
    assert karim.source_details == "Import: contacts.csv"
    imported = db.session.execute(
        sa.select(HistoryEntry.action, HistoryEntry.note, HistoryEntry.actor_id).where(
            HistoryEntry.record_type == "contacts", HistoryEntry.record_id == karim.id
        )
    ).all()
    assert imported == [(HistoryAction.IMPORT, "contacts.csv", staff.id)]
    assert contacts["Émilie Côté"].preferred_language == "fr"
    assert contacts["Jean-François Lévesque"].preferred_language == "en"
    # "ecole des mines de l'atlas": the same organization, whatever accents and apostrophes
    assert contacts["Yasmine Idrissi"].organization_id == karim.organization_id
    assert contacts["Omar Tazi"].organization_id is None

    again = _run(runner, "contacts", contacts_file, "--as", staff.email)
    assert again.exit_code == 1
    assert "Imported: 0" in again.output
    assert f"Skipped (already in Passerelle): {GOOD_CONTACTS + 1}" in again.output
    assert _count(Contact) == GOOD_CONTACTS


def test_the_same_file_again_matches_on_name_and_organization(runner, tmp_path, staff):
    organizations_for_contacts(staff.institution)
    path = tmp_path / "sans-courriel.csv"
    path.write_bytes(cp1252(["Prénom;Nom;Organisation", "Yasmine;Idrissi;EMA", "Yasmine;Idrissi;"]))
    assert _run(runner, "contacts", path, "--as", staff.email).exit_code == 0
    path.write_bytes(
        cp1252(["Prénom;Nom;Organisation", "YASMINE;idrissi;École des mines de l'Atlas"])
    )
    result = _run(runner, "contacts", path, "--as", staff.email)
    assert result.exit_code == 0, result.output
    assert "Imported: 0" in result.output
    assert "Already in Passerelle: Yasmine Idrissi." in result.output
    assert _count(Contact) == 2


def test_organizations_from_utf8_with_commas(runner, tmp_path, staff):
    path = tmp_path / "organisations.csv"
    path.write_bytes(utf8_bom_commas(ORGANIZATION_LINES))
    result = _run(runner, "organizations", path, "--as", staff.email)
    assert result.exit_code == 1, result.output
    assert f"Imported: {GOOD_ORGANIZATIONS}" in result.output
    refused = dict(re.findall(r"^row (\d+), column ([^:]+): ", result.output, re.M))
    assert refused == {str(n): column for n, column in REFUSED_ORGANIZATIONS.items()}
    assert "Unknown country: “Atlantide”." in result.output
    for row, first in DUPLICATE_ORGANIZATIONS.items():
        assert f"row {row}: skipped: Same organization as row {first}." in result.output
    db.session.rollback()
    found = {o.name: o for o in db.session.scalars(sa.select(Organization))}
    assert found["École des mines de l’Atlas"].country == "MA"
    assert found["École des mines de l’Atlas"].kind == "education"
    assert found["École des mines de l’Atlas"].website == "https://ema.ma"
    assert found["Cégep de Thetford"].country == "CA"
    assert found["Managem"].kind == "company"
    assert found["Ministère de l’Énergie"].kind == "ministry"
    assert found["Ministère de l’Énergie"].country == "MA"

    again = _run(runner, "organizations", path, "--as", staff.email)
    assert "Imported: 0" in again.output
    assert _count(Organization) == GOOD_ORGANIZATIONS


def test_xlsx_and_exit_code_0_when_nothing_is_refused(runner, tmp_path, staff):
    path = tmp_path / "organisations.xlsx"
    path.write_bytes(xlsx(ORGANIZATION_LINES[:7]))
    result = _run(runner, "organizations", path, "--as", staff.email)
    assert result.exit_code == 0, result.output
    assert f"Imported: {GOOD_ORGANIZATIONS}" in result.output
    assert _count(Organization) == GOOD_ORGANIZATIONS


def test_dry_run_writes_nothing(runner, contacts_file, staff):
    before = snapshot()
    result = _run(runner, "contacts", contacts_file, "--dry-run", "--as", staff.email)
    assert result.exit_code == 1
    assert f"To import (dry run, nothing written): {GOOD_CONTACTS}" in result.output
    assert snapshot() == before


def test_the_only_admin_by_default_else_as_is_required(runner, contacts_file, staff, admin):
    path = contacts_file.with_name("ok.csv")
    path.write_bytes(cp1252(["Prénom;Nom", "Omar;Tazi"]))
    result = _run(runner, "contacts", path)
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert db.session.scalar(sa.select(Contact.created_by_id)) == admin.id
    factories.user(role="admin", institution=staff.institution)
    result = _run(runner, "contacts", path)
    assert result.exit_code == 2
    assert "give --as EMAIL" in result.output


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"Pr\xe9nom;Nom\nOmar;Tazi\n", ["--as", "nobody@example.org"], "no user with the email"),
        (b"%PDF-1.7", [], "Choose a CSV or XLSX file"),
        (b"Pr\x81nom\n", [], "encoding is not recognised"),
        (b"Courriel\nomar@example.ma\n", [], "Choose the column that holds “Given name”"),
    ],
)
def test_unusable_files_and_arguments_exit_2(runner, tmp_path, staff, content, args, message):
    path = tmp_path / ("file.pdf" if content.startswith(b"%PDF") else "file.csv")
    path.write_bytes(content)
    result = _run(runner, "contacts", path, *(args or ["--as", staff.email]))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert _count(Contact) == 0


def test_a_missing_file_and_a_viewer_exit_2(runner, tmp_path, viewer):
    assert _run(runner, "contacts", tmp_path / "absent.csv", "--as", viewer.email).exit_code == 2
    path = tmp_path / "ok.csv"
    path.write_bytes(b"Prenom;Nom\nOmar;Tazi\n")
    result = _run(runner, "contacts", path, "--as", viewer.email)
    assert result.exit_code == 2
    assert "may not create records" in result.output


def test_a_database_failure_leaves_nothing(runner, contacts_file, staff, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from crm.imports import applying

    calls = []

    def failing(*args):
        calls.append(args)
        if len(calls) == 3:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return create(*args)

    create = applying.create_contact
    monkeypatch.setattr(applying, "create_contact", failing)
    before = snapshot()
    result = _run(runner, "contacts", contacts_file, "--as", staff.email)
    assert result.exit_code == 1
    assert "nothing was imported: disk I/O error" in result.output
    assert snapshot() == before
