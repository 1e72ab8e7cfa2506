"""An agreement's documents in the API, as on the agreement's page: listed and downloaded by
whoever sees the agreement, added (multipart/form-data) and deleted by whoever may edit it."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, json, url_for
from flask_login import current_user

from crm.agreements.api import ITEM, bp
from crm.agreements.documents import (
    EXTENSIONS,
    add_document,
    remove_document,
    remove_unused,
    send_document,
)
from crm.agreements.models import Agreement, AgreementDocument
from crm.agreements.schemas import DocumentPage, DocumentSchema, DocumentUploadSchema
from crm.api import idempotency, responses
from crm.api.schemas import ListArgs
from crm.api.views import editable
from crm.core.permissions import get_visible_or_404
from crm.extensions import db

DOCUMENT = f"{ITEM}/documents/<id:document_id>"
schema = DocumentSchema()

_TEXT = {"schema": {"type": "string"}, "required": True}
CREATED = {"Location": {"description": "The new document's download.", **_TEXT}}
FILE = {
    "description": "The file itself, as an attachment (the page's download).",
    "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in EXTENSIONS},
    "headers": {
        "Content-Disposition": {"description": "attachment; filename=…", **_TEXT},
        "X-Content-Type-Options": {
            "schema": {"type": "string", "enum": ["nosniff"]},
            "required": True,
        },
    },
}


def _document_or_404(agreement: Agreement, document_id: int) -> AgreementDocument:
    """The agreement's document; one of another agreement does not exist here."""
    document = db.session.get(AgreementDocument, document_id)
    if document is None or document.agreement_id != agreement.id:
        abort(404)
    return document


@bp.get(f"{ITEM}/documents")
@bp.arguments(ListArgs, location="query", as_kwargs=False)
@bp.response(200, DocumentPage)
def documents(args: dict, agreement_id: int):
    """The agreement's documents."""
    agreement = get_visible_or_404(Agreement, agreement_id)
    query = (
        sa.select(AgreementDocument)
        .where(AgreementDocument.agreement_id == agreement.id)
        .order_by(AgreementDocument.uploaded_at, AgreementDocument.id)
    )
    return responses.page(query, args)


@bp.post(f"{ITEM}/documents")
@editable(Agreement, "agreement_id")
@bp.arguments(DocumentUploadSchema, location="files")
@bp.response(201, DocumentSchema, headers=CREATED)
@bp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
def upload_document(files: dict, agreement_id: int):
    """Attach a file, checked by its content as in the page (422 when it is refused)."""
    agreement = get_visible_or_404(Agreement, agreement_id)
    upload = files["file"]
    document, stored = add_document(agreement, upload.filename, upload.read(), current_user)
    response = Response(json.dumps(schema.dump(document)), 201, mimetype="application/json")
    response.headers["Location"] = url_for(
        ".document", agreement_id=agreement.id, document_id=document.id
    )
    try:
        answer = idempotency.commit(response)
    except Exception:
        db.session.rollback()
        stored.discard()
        raise
    if answer is not response:
        # Replayed: another request with the key committed first and this row was rolled
        # back; its file stays if that request stored the same content.
        remove_unused([document.sha256])
    return answer


@bp.get(DOCUMENT)
@bp.doc(responses={"200": FILE})
def document(agreement_id: int, document_id: int):
    """Download one of the agreement's documents."""
    agreement = get_visible_or_404(Agreement, agreement_id)
    return send_document(_document_or_404(agreement, document_id))


@bp.delete(DOCUMENT)
@editable(Agreement, "agreement_id")
@bp.response(204)
def delete_document(agreement_id: int, document_id: int):
    """Delete one of the agreement's documents."""
    agreement = get_visible_or_404(Agreement, agreement_id)
    checksum = remove_document(_document_or_404(agreement, document_id))
    response = responses.no_content()
    remove_unused([checksum])
    return response
