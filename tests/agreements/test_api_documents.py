"""An agreement's documents through the API: the page's checks, storage and permissions."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from crm.agreements.documents import documents_dir, path_of
from crm.agreements.models import AgreementDocument
from crm.extensions import db
from crm.users.tokens import create_token
from tests import factories
from tests.agreements import factories as agreements
from tests.conftest import ApiClient, close, serve, snapshot

URL = "/api/v1/agreements"


def _upload(client, agreement_id: int, content: bytes, name: str, **kwargs):
    return client.post(
        f"{URL}/{agreement_id}/documents",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        **kwargs,
    )


def _unique_pdf() -> bytes:
    """A PDF no other test stores, so that its file's presence says something."""
    return agreements.pdf() + b"%" + os.urandom(16).hex().encode() + b"\n"


def _stored_files() -> list:
    return sorted(documents_dir().rglob("*")) if documents_dir().exists() else []


def _without_tokens(tables: dict) -> dict:
    return {name: rows for name, rows in tables.items() if name != "api_tokens"}


def test_upload_list_download_and_the_agreements_links(api, staff, institution):
    agreement = agreements.agreement(institution)
    client = api(staff)
    content = _unique_pdf()
    response = _upload(client, agreement.id, content, "Entente signée.pdf")
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    download = f"{URL}/{agreement.id}/documents/{created['id']}"
    assert response.headers["Location"] == download
    assert created == {
        "id": created["id"],
        "name": "Entente signée.pdf",
        "size": len(content),
        "content_type": "application/pdf",
        "uploaded_at": created["uploaded_at"],
        "url": f"/agreements/{agreement.id}/documents/{created['id']}",
        "api_url": download,
    }
    document = db.session.get(AgreementDocument, created["id"])
    assert document.uploaded_by_id == staff.id
    assert path_of(hashlib.sha256(content).hexdigest()).read_bytes() == content

    listed = client.get(f"{URL}/{agreement.id}/documents").get_json()
    assert listed == {"items": [created], "page": 1, "per_page": 50, "total": 1}
    assert client.get(f"{URL}/{agreement.id}").get_json()["documents"] == [created]

    file = client.get(download)
    assert file.status_code == 200
    assert file.get_data() == content
    assert file.mimetype == "application/pdf"
    assert file.headers["X-Content-Type-Options"] == "nosniff"
    assert file.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''Entente%20sign%C3%A9e.pdf" in file.headers["Content-Disposition"]
    file.close()


def test_the_list_is_paged(api, staff, institution):
    agreement = agreements.agreement(institution)
    client = api(staff)
    names = ["annexe.docx", "annexe.odt", "entente.pdf"]
    for make, name in zip([agreements.docx, agreements.odt, _unique_pdf], names, strict=True):
        assert _upload(client, agreement.id, make(), name).status_code == 201
    first = client.get(f"{URL}/{agreement.id}/documents?per_page=2").get_json()
    second = client.get(f"{URL}/{agreement.id}/documents?per_page=2&page=2").get_json()
    assert [d["name"] for d in first["items"] + second["items"]] == names
    assert (first["total"], second["page"]) == (3, 2)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 un programme", "entente.pdf", "Only PDF, Word (DOCX)"),
        (agreements.plain_zip(), "entente.docx", "Only PDF, Word (DOCX)"),
        (agreements.docx(), "entente.pdf", "rename it to end in “.docx”"),
        (b"", "vide.pdf", "Choose a file."),
    ],
)
def test_refused_files_are_422_and_leave_nothing(api, staff, institution, content, name, message):
    agreement = agreements.agreement(institution)
    client = api(staff)
    files_before, before = _stored_files(), snapshot()
    response = _upload(client, agreement.id, content, name)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    [error] = response.get_json()["errors"]["file"]
    assert message in error.replace("\u202f", " ")
    assert _without_tokens(snapshot()) == _without_tokens(before)
    assert _stored_files() == files_before


def test_a_body_without_a_file_part_names_the_file(api, staff, institution):
    agreement = agreements.agreement(institution)
    client = api(staff)
    for response in [
        client.post(f"{URL}/{agreement.id}/documents", json={"file": "entente.pdf"}),
        client.post(
            f"{URL}/{agreement.id}/documents",
            data={"file": "pas un fichier"},
            content_type="multipart/form-data",
        ),
    ]:
        assert response.status_code == 422
        assert set(response.get_json()["errors"]) == {"file"}


def test_a_file_over_the_limit_is_a_413_problem(test_env, institution, staff):
    served = serve(test_env, env={"CRM_MAX_UPLOAD_MB": "1"})
    try:
        _record, token = create_token(staff, "tests")
        agreement = agreements.agreement(institution)
        client = ApiClient(served.test_client(), token)
        before = snapshot()
        content = _unique_pdf() + b"0" * (1024 * 1024)
        # Encoded here: the test client would spool so large a body to a file it never closes.
        boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), "gros.pdf")})
        response = client.post(
            f"{URL}/{agreement.id}/documents",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        assert response.status_code == 413
        assert response.mimetype == "application/problem+json"
        assert "1 MB" in response.get_json()["detail"]
        assert _without_tokens(snapshot()) == _without_tokens(before)
        assert not path_of(hashlib.sha256(content).hexdigest()).exists()
    finally:
        close(served)


def test_a_retried_upload_with_the_same_key_adds_one_document(api, staff, institution):
    agreement = agreements.agreement(institution)
    client = api(staff)
    content = _unique_pdf()
    answers = []
    for _attempt in range(2):
        # Encoded again for the retry, with a new boundary, as a client library does.
        boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), "a.pdf")})
        answers.append(
            client.post(
                f"{URL}/{agreement.id}/documents",
                data=body,
                content_type=f"multipart/form-data; boundary={boundary}",
                headers={"Idempotency-Key": "envoi-1"},
            )
        )
    boundary, body = encode_multipart({"file": FileStorage(io.BytesIO(content), "b.pdf")})
    other = client.post(
        f"{URL}/{agreement.id}/documents",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"Idempotency-Key": "envoi-1"},
    )
    assert other.status_code == 422  # the same key for another file
    first, again = answers
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(AgreementDocument.id))) == 1


def test_a_failed_commit_leaves_no_file(api, staff, institution, monkeypatch):
    agreement = agreements.agreement(institution)
    client = api(staff)
    content = _unique_pdf()

    def fail():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(db.session, "commit", fail)
    with pytest.raises(RuntimeError):
        _upload(client, agreement.id, content, "entente.pdf")
    monkeypatch.undo()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(AgreementDocument.id))) == 0
    assert not path_of(hashlib.sha256(content).hexdigest()).exists()


def test_delete_removes_the_file_once_no_document_names_it(api, staff, institution):
    first = agreements.agreement(institution)
    second = agreements.agreement(institution)
    client = api(staff)
    content = _unique_pdf()
    kept = _upload(client, first.id, content, "entente.pdf").get_json()
    dropped = _upload(client, second.id, content, "copie.pdf").get_json()
    stored = path_of(hashlib.sha256(content).hexdigest())

    response = client.delete(f"{URL}/{second.id}/documents/{dropped['id']}")
    assert response.status_code == 204
    assert stored.exists()  # still the first agreement's
    assert client.get(f"{URL}/{second.id}/documents").get_json()["total"] == 0
    assert client.get(f"{URL}/{second.id}/documents/{dropped['id']}").status_code == 404
    assert client.delete(f"{URL}/{first.id}/documents/{kept['id']}").status_code == 204
    assert not stored.exists()


def test_permissions_as_in_the_page(api, staff, viewer, institution, other_institution):
    mine = agreements.agreement(institution)
    hidden = agreements.agreement(other_institution, visibility="member")
    shared = agreements.agreement(other_institution)
    owner = api(factories.user(role="staff", institution=other_institution))
    private = _upload(owner, hidden.id, _unique_pdf(), "privé.pdf").get_json()
    common = _upload(owner, shared.id, _unique_pdf(), "commun.pdf").get_json()
    own = _upload(api(staff), mine.id, _unique_pdf(), "entente.pdf").get_json()

    # A viewer reads and downloads, but neither adds nor deletes (403, nothing changed).
    reader = api(viewer)
    assert reader.get(f"{URL}/{mine.id}/documents").get_json()["total"] == 1
    file = reader.get(f"{URL}/{mine.id}/documents/{own['id']}")
    assert file.status_code == 200
    file.close()
    before = _without_tokens(snapshot())
    refused = [
        _upload(reader, mine.id, _unique_pdf(), "entente.pdf"),
        reader.post(f"{URL}/{mine.id}/documents", json={}),
        reader.delete(f"{URL}/{mine.id}/documents/{own['id']}"),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert all(r.mimetype == "application/problem+json" for r in refused)
    assert _without_tokens(snapshot()) == before

    # Another member's private agreement does not exist for us, nor its documents.
    client = api(staff)
    for response in [
        client.get(f"{URL}/{hidden.id}/documents"),
        client.get(f"{URL}/{hidden.id}/documents/{private['id']}"),
        _upload(client, hidden.id, _unique_pdf(), "entente.pdf"),
        client.delete(f"{URL}/{hidden.id}/documents/{private['id']}"),
        # Nor is a document asked for under another agreement's address.
        client.get(f"{URL}/{shared.id}/documents/{private['id']}"),
        client.delete(f"{URL}/{shared.id}/documents/{private['id']}"),
    ]:
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"
    assert _without_tokens(snapshot()) == before

    # Staff of another institution may edit a shared agreement, so add and delete its files.
    assert _upload(client, shared.id, _unique_pdf(), "annexe.pdf").status_code == 201
    assert client.delete(f"{URL}/{shared.id}/documents/{common['id']}").status_code == 204
    assert api(None).get(f"{URL}/{shared.id}/documents").status_code == 401
