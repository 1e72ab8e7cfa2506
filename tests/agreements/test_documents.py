"""An agreement's documents: accepted by their content, stored by checksum in the data
folder, downloaded only by those who may see the agreement, never half-written."""

import hashlib
import io
import os
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from crm.agreements.documents import documents_dir, path_of, safe_filename
from crm.agreements.models import AgreementDocument
from crm.extensions import db
from tests import factories
from tests.agreements import factories as agreements
from tests.conftest import Client, close, serve, snapshot
from tests.factories import PASSWORD


def _upload(browser, agreement, content: bytes, name: str):
    return browser.post(
        f"/agreements/{agreement.id}/documents",
        {"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _unique_pdf() -> bytes:
    """A PDF no other test stores, so that its file's presence says something."""
    return agreements.pdf() + b"%" + os.urandom(16).hex().encode() + b"\n"


def _count() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count(AgreementDocument.id)))


@pytest.mark.parametrize(
    ("make", "name", "content_type"),
    [
        (_unique_pdf, "Entente signée.pdf", "application/pdf"),
        (
            agreements.docx,
            "annexe.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (agreements.odt, "annexe.odt", "application/vnd.oasis.opendocument.text"),
    ],
)
def test_upload_list_and_download(sign_in, staff, institution, app, make, name, content_type):
    agreement = agreements.agreement(institution)
    content = make()
    browser = sign_in(staff)
    response = _upload(browser, agreement, content, name)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/agreements/{agreement.id}#documents"
    document = db.session.scalar(sa.select(AgreementDocument))
    sha256 = hashlib.sha256(content).hexdigest()
    assert (document.filename, document.content_type, document.size, document.sha256) == (
        name,
        content_type,
        len(content),
        sha256,
    )
    assert document.uploaded_by_id == staff.id
    stored = path_of(sha256)
    assert stored.read_bytes() == content
    assert stored.is_relative_to(app.config["CRM_SETTINGS"].data_dir)
    assert not stored.is_relative_to(app.static_folder)

    page = browser.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    url = f"/agreements/{agreement.id}/documents/{document.id}"
    assert f'href="{url}">{name}</a>' in page
    response = browser.get(url)
    assert response.status_code == 200
    assert response.get_data() == content
    assert response.mimetype == content_type
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(name)}" in disposition or f"filename={name}" in disposition
    response.close()


def test_filenames_lose_folders_and_control_characters():
    assert safe_filename('C:\\docs\\Entente "Maroc"\r\n.pdf') == 'Entente "Maroc".pdf'
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("..") == "document"
    long = safe_filename("é" * 300 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")


def test_a_strange_filename_is_sent_back_safely(sign_in, staff, institution):
    agreement = agreements.agreement(institution)
    browser = sign_in(staff)
    assert _upload(browser, agreement, _unique_pdf(), "entente.pdf").status_code == 302
    document = db.session.scalar(sa.select(AgreementDocument))
    document.filename = 'Rapport "final"; été.pdf'
    db.session.commit()
    response = browser.get(f"/agreements/{agreement.id}/documents/{document.id}")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Rapport \\"final\\"; ete.pdf"; '
        "filename*=UTF-8''Rapport%20%22final%22%3B%20%C3%A9t%C3%A9.pdf"
    )
    response.close()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 un programme", "entente.pdf", "Seuls les fichiers PDF"),
        (agreements.plain_zip(), "entente.docx", "Seuls les fichiers PDF"),
        (b"PK\x03\x04 pas vraiment un zip", "entente.odt", "Seuls les fichiers PDF"),
        (agreements.docx(), "entente.pdf", "pour qu’il se termine par « .docx »"),
        (b"", "vide.pdf", "Choisissez un fichier."),
    ],
)
def test_refused_files_leave_nothing(sign_in, staff, institution, content, name, message):
    agreement = agreements.agreement(institution)
    browser = sign_in(staff)
    files_before = sorted(documents_dir().rglob("*")) if documents_dir().exists() else []
    before = snapshot()
    response = _upload(browser, agreement, content, name)
    page = response.get_data(as_text=True).replace("\u202f", " ")
    assert response.status_code == 422
    errors = page[page.index('id="file-errors"') :]
    assert message in errors[:300]
    assert snapshot() == before
    files_after = sorted(documents_dir().rglob("*")) if documents_dir().exists() else []
    assert files_after == files_before


def test_a_file_over_the_limit_is_413_in_french(test_env, institution, staff):
    served = serve(test_env, env={"CRM_MAX_UPLOAD_MB": "1"})
    try:
        browser = Client(served.test_client())
        browser.post("/login", {"email": staff.email, "password": PASSWORD})
        agreement = agreements.agreement(institution)
        before = snapshot()
        content = _unique_pdf() + b"0" * (1024 * 1024)
        # Encoded here: the test client would spool so large a body to a file it never closes.
        boundary, body = encode_multipart(
            {"csrf_token": browser.csrf(), "file": FileStorage(io.BytesIO(content), "gros.pdf")}
        )
        response = browser.raw.post(
            f"/agreements/{agreement.id}/documents",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 413
        assert "Le fichier est trop volumineux" in page
        assert "Les fichiers de 1 Mo au plus sont acceptés." in page
        assert snapshot() == before
        assert not path_of(hashlib.sha256(content).hexdigest()).exists()
    finally:
        close(served)


def test_a_failed_commit_leaves_no_file(sign_in, staff, institution, monkeypatch):
    agreement = agreements.agreement(institution)
    browser = sign_in(staff)
    content = _unique_pdf()

    def fail():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(db.session, "commit", fail)
    with pytest.raises(RuntimeError):
        _upload(browser, agreement, content, "entente.pdf")
    monkeypatch.undo()
    assert _count() == 0
    assert not path_of(hashlib.sha256(content).hexdigest()).exists()


def test_who_may_download(sign_in, institution, other_institution):
    hidden = agreements.agreement(other_institution, visibility="member")
    shared = agreements.agreement(other_institution)
    owner = sign_in(factories.user(role="staff", institution=other_institution))
    assert _upload(owner, hidden, _unique_pdf(), "privé.pdf").status_code == 302
    assert _upload(owner, shared, _unique_pdf(), "commun.pdf").status_code == 302
    private, common = db.session.scalars(
        sa.select(AgreementDocument).order_by(AgreementDocument.id)
    ).all()
    outsider = sign_in(factories.user(role="viewer", institution=institution))
    assert outsider.get(f"/agreements/{hidden.id}/documents/{private.id}").status_code == 404
    # A document asked for under another agreement's address does not exist there.
    assert outsider.get(f"/agreements/{shared.id}/documents/{private.id}").status_code == 404
    response = outsider.get(f"/agreements/{shared.id}/documents/{common.id}")
    assert response.status_code == 200
    response.close()
    anonymous = Client(owner.raw.application.test_client())
    response = anonymous.get(f"/agreements/{shared.id}/documents/{common.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_delete_a_document(sign_in, staff, viewer, institution, other_institution):
    first = agreements.agreement(institution)
    second = agreements.agreement(institution)
    content = _unique_pdf()
    browser = sign_in(staff)
    _upload(browser, first, content, "entente.pdf")
    _upload(browser, second, content, "copie.pdf")  # the same content is stored once
    kept, dropped = db.session.scalars(
        sa.select(AgreementDocument).order_by(AgreementDocument.id)
    ).all()
    stored = path_of(kept.sha256)

    reader = sign_in(viewer)
    other = sign_in(factories.user(role="staff", institution=other_institution))
    before = snapshot()
    response = reader.post(f"/agreements/{second.id}/documents/{dropped.id}/delete")
    assert response.status_code == 403
    assert snapshot() == before

    # Staff of another institution may edit a shared agreement, so delete its documents.
    response = other.post(f"/agreements/{second.id}/documents/{dropped.id}/delete")
    assert response.status_code == 302
    assert _count() == 1 and stored.exists()  # still used by the first agreement
    assert browser.post(f"/agreements/{first.id}/documents/{kept.id}/delete").status_code == 302
    assert _count() == 0 and not stored.exists()


def test_deleting_the_agreement_removes_its_files(sign_in, staff, institution):
    agreement = agreements.agreement(institution)
    content = _unique_pdf()
    browser = sign_in(staff)
    _upload(browser, agreement, content, "entente.pdf")
    db.session.refresh(agreement)
    assert agreement.version == 2  # the document is a change of the agreement
    data = {"version": str(agreement.version)}
    assert browser.post(f"/agreements/{agreement.id}/delete", data).status_code == 302
    assert _count() == 0
    assert not path_of(hashlib.sha256(content).hexdigest()).exists()
