"""What tests/test_routes_permissions.py needs to drive the duplicates' routes: a pair of
contacts and a pair of organizations (fresh records are at version 1)."""

from crm.contacts.models import Contact
from crm.organizations.models import Organization
from tests import factories

RECORDS = {
    "kept_contact_id": Contact,
    "other_contact_id": Contact,
    "kept_organization_id": Organization,
    "other_organization_id": Organization,
}
FORM = {}
ENDPOINT_FORMS = {
    "duplicates.merge_contacts": {"other_version": "1"},
    "duplicates.merge_organizations": {"other_version": "1"},
}


def make_records(institution, staff) -> dict[str, int]:
    return {
        "kept_contact_id": factories.contact(institution, "Nadia", "Double").id,
        "other_contact_id": factories.contact(institution, "Nadia", "Double").id,
        "kept_organization_id": factories.organization(institution, "Mines du Nord").id,
        "other_organization_id": factories.organization(institution, "Mines du nord").id,
    }
