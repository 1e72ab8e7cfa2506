"""``crm backup`` then ``crm restore`` into a new empty database and data folder: every
record and every document comes back (SQLite, or PostgreSQL with CRM_TEST_DATABASE_URL)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa

from crm.agreements.documents import path_of
from crm.agreements.models import Agreement, AgreementDocument
from crm.calendar.tokens import create_feed
from crm.compliance import communications
from crm.contacts.models import Contact, ContactPhone
from crm.demo.seed import seed_demo
from crm.duplicates.dismissals import dismiss
from crm.duplicates.models import DuplicateKind
from crm.extensions import db
from crm.privacy import retention
from crm.reminders import preferences
from crm.reminders.models import ReminderDelivery
from crm.reminders.rules import KINDS
from tests.agreements import factories as agreements
from tests.compliance.factories import incident
from tests.maintenance.helpers import (
    contents,
    empty_instance,
    invoke,
    row_counts,
    stored_documents,
)
from tests.test_routes_permissions import records  # noqa: F401 (a record of every kind)


@pytest.fixture(autouse=True)
def _cli_env(monkeypatch):
    # FlaskGroup sets FLASK_RUN_FROM_CLI in os.environ; monkeypatch puts it back afterwards.
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")


def _upload(sign_in, staff, institution) -> tuple[int, bytes]:
    agreement = agreements.agreement(institution, title="Entente avec pièce jointe")
    content = agreements.pdf() + b"%" + os.urandom(16).hex().encode() + b"\n"
    response = sign_in(staff).post(
        f"/agreements/{agreement.id}/documents",
        {"file": (io.BytesIO(content), "Entente signée.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    return agreement.id, content


def _fill_the_other_tables(api, staff) -> None:
    """Rows for the tables neither the demo data nor ``records`` fill."""
    answer = api(staff).post(
        "/api/v1/organizations",
        json={"name": "Managem", "country": "MA", "kind": "company"},
        headers={"Idempotency-Key": "sauvegarde-1"},
    )
    assert answer.status_code == 201, answer.get_data(as_text=True)
    create_feed(staff)
    preferences.save(staff.id, ReminderDelivery.DIGEST, sorted(KINDS)[:2])
    contact = db.session.scalars(sa.select(Contact).order_by(Contact.id)).first()
    contact.phones.append(ContactPhone(number="+1 418 555-0199", label="bureau"))
    first, second = db.session.scalars(sa.select(Contact.id).order_by(Contact.id).limit(2))
    dismiss(DuplicateKind.CONTACT, first, second, staff)
    retention.apply(date(2026, 11, 24), staff.id)
    communications.record(
        what="contacts", count=1, recipient="INMQ", purpose="Formation commune", user=staff
    )
    incident(staff.institution)
    db.session.commit()


@pytest.mark.usefixtures("records")
def test_a_backup_restores_whole_into_an_empty_instance(
    app, test_env, api, sign_in, staff, institution, tmp_path
):
    seed_demo(date(2026, 11, 24))
    db.session.commit()
    _fill_the_other_tables(api, staff)
    agreement_id, content = _upload(sign_in, staff, institution)
    counts, rows = row_counts(), contents()
    documents = stored_documents(app.config["CRM_SETTINGS"].documents_dir)
    assert (
        path_of(hashlib.sha256(content).hexdigest())
        .relative_to(app.config["CRM_SETTINGS"].documents_dir)
        .as_posix()
        in documents
    )
    assert all(rows.values()), " ".join(sorted(n for n, table in rows.items() if not table))

    archive = tmp_path / "passerelle.zip"
    result = invoke(app, "backup", str(archive))
    dialect = db.engine.dialect.name
    assert f"Database ({dialect}, revision " in result.stdout
    assert f"Documents: {len(documents)} files." in result.stdout
    # The records fixture names a document whose file was never stored: said, not hidden.
    assert result.stderr.startswith("Warning: 1 document(s) named in the database had no file")
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert manifest["tables"] == counts
    assert manifest["documents"]["count"] == len(documents)

    with empty_instance(test_env, tmp_path / "restored") as restored:
        result = invoke(restored, "restore", str(archive))
        assert f"{len(counts)} tables, {sum(counts.values())} rows" in result.stdout
        assert f"Documents: {len(documents)} files restored." in result.stdout
        assert row_counts() == counts
        assert contents() == rows
        assert stored_documents(restored.config["CRM_SETTINGS"].documents_dir) == documents
        again = db.session.get(Agreement, agreement_id)
        assert again.title == "Entente avec pièce jointe"
        (document,) = [d for d in again.documents if d.filename == "Entente signée.pdf"]
        assert path_of(document.sha256).read_bytes() == content
        assert db.session.scalar(sa.select(sa.func.count(AgreementDocument.id))) == 2
