"""What tests/test_routes_permissions.py needs to drive the contacts' routes."""

from crm.contacts.models import Contact
from tests import factories

RECORDS = {"contact_id": Contact}
FORM = {}
_CONTACT = {
    "given_name": "Intrus",
    "family_name": "Inconnu",
    "organization_id": "",
    "preferred_language": "",
    "source": "",
    "visibility": "consortium",
}
ENDPOINT_FORMS = {"contacts.create": _CONTACT, "contacts.edit": _CONTACT}
API_BODIES = {
    "contacts_api.create": {
        "given_name": "Intrus",
        "family_name": "Inconnu",
        "emails": ["intrus@example.org"],
        "phones": ["+1 418 555 0100"],
    },
    "contacts_api.update": {"job_title": "Directeur", "emails": ["intrus@example.org"]},
}


def make_records(institution, staff) -> dict[str, int]:
    return {"contact_id": factories.contact(institution, given_name="Amina").id}
