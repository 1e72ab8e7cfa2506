"""``crm privacy export|anonymize``: exit codes, bad input, nothing half-written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from crm.cli import cli
from crm.contacts.models import Contact
from crm.extensions import db
from crm.history.models import HistoryAction, HistoryEntry
from tests.conftest import snapshot
from tests.privacy.files import csv_rows, person_json, unzip
from tests.privacy.people import student


@pytest.fixture
def person(institution, other_institution, staff):
    return student(institution, other_institution, staff)


def test_export_writes_a_complete_zip_and_records_it(runner, person, tmp_path):
    target = tmp_path / "yasmine.zip"
    result = runner.invoke(cli, ["privacy", "export", str(person.contact.id), str(target)])
    assert result.exit_code == 0, result.output
    assert "(complete)" in result.output
    files = unzip(target.read_bytes())
    assert person_json(files)["export"]["complete"] is True
    assert len(person_json(files)["records"]["interactions"]) == 2
    assert csv_rows(files, "identity.csv")[0]["Champ"] == "Prénom"
    db.session.rollback()
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(HistoryEntry.action == HistoryAction.EXPORT)
        )
        == 1
    )


def test_export_as_a_user_in_english(runner, person, staff, tmp_path):
    target = tmp_path / "yasmine.zip"
    args = ["privacy", "export", str(person.contact.id), str(target), "--lang", "en"]
    result = runner.invoke(cli, [*args, "--as", staff.email])
    assert result.exit_code == 0, result.output
    files = unzip(target.read_bytes())
    assert person_json(files)["export"]["complete"] is False
    assert csv_rows(files, "identity.csv")[0]["Field"] == "Given name"


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "999", "{dir}/x.zip"], "no contact with the id 999"),
        (["export", "{id}", "{dir}/missing/x.zip"], "does not exist"),
        (["export", "{id}", "{dir}/x.zip", "--as", "nobody@example.org"], "no active user"),
        (["anonymize", "999", "--reason", "Demande"], "no contact with the id 999"),
        (["anonymize", "{id}", "--reason", "   "], "--reason"),
        (["anonymize", "{id}"], "Missing option '--reason'"),
        (["anonymize", "abc", "--reason", "Demande"], "is not a valid integer"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(runner, person, tmp_path, args, message):
    args = [a.format(id=person.contact.id, dir=tmp_path) for a in args]
    before = snapshot()
    result = runner.invoke(cli, ["privacy", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert snapshot() == before
    assert list(tmp_path.iterdir()) == []


def test_anonymize_then_again(runner, person, admin):
    args = ["privacy", "anonymize", str(person.contact.id), "--reason", "Demande écrite"]
    result = runner.invoke(cli, [*args, "--as", admin.email])
    assert result.exit_code == 0, result.output
    assert "anonymized" in result.output
    db.session.rollback()
    assert db.session.get(Contact, person.contact.id).full_name == "Personne anonymisée"
    before = snapshot()
    result = runner.invoke(cli, args)
    assert result.exit_code == 0 and "already anonymized" in result.output
    assert snapshot() == before


def test_anonymize_as_a_non_admin_is_refused(runner, person, staff):
    args = ["privacy", "anonymize", str(person.contact.id), "--reason", "Demande"]
    before = snapshot()
    result = runner.invoke(cli, [*args, "--as", staff.email])
    assert result.exit_code == 2 and "may not anonymize" in result.output
    assert snapshot() == before
