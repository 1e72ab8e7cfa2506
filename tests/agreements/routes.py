"""What tests/test_routes_permissions.py needs to drive the agreements' routes."""

from pathlib import Path

from crm.agreements.models import Agreement, AgreementDocument
from crm.extensions import db
from tests.agreements import factories

RECORDS = {"agreement_id": Agreement, "document_id": AgreementDocument}
FORM = {}
_TERMS = {"title": "Entente changée", "kind": "partnership", "visibility": "consortium"}
ENDPOINT_FORMS = {
    "agreements.create": _TERMS,
    "agreements.edit": _TERMS,
    "agreements.transition": {"action": "submit"},
    # A real PDF, which the test client opens afresh for every request.
    "agreements.upload": {
        "file": (str(Path(__file__).parent / "files" / "entente.pdf"), "entente.pdf")
    },
}


def make_records(institution, staff) -> dict[str, int]:
    agreement = factories.agreement(institution, title="Entente à vérifier")
    document = AgreementDocument(
        filename="annexe.pdf", content_type="application/pdf", size=5, sha256="0" * 64
    )
    agreement.documents.append(document)
    db.session.commit()
    return {"agreement_id": agreement.id, "document_id": document.id}


# A valid body for each of the API's POST and PATCH endpoints, on the records above.
API_BODIES = {
    "agreements_api.create": {"title": "Entente par l’API", "kind": "research"},
    "agreements_api.update": {"title": "Entente changée", "summary": "Par l’API"},
    "agreements_api.transition": {"action": "submit", "comment": "Prête"},
}
# The API's multipart/form-data POSTs: their files, sent as a form (not as JSON).
API_FILES = {
    "agreements_api.upload_document": {
        "file": (str(Path(__file__).parent / "files" / "entente.pdf"), "entente.pdf")
    },
}
