"""What tests/test_routes_permissions.py needs to drive the organizations' routes."""

from crm.organizations.models import Organization
from tests import factories

RECORDS = {"organization_id": Organization}
FORM = {"country": "MA", "kind": "company", "visibility": "consortium"}
API_BODIES = {
    "organizations_api.create": {"name": "Managem", "country": "MA", "kind": "company"},
    "organizations_api.update": {"city": "Marrakech", "tags": ["mines"]},
}


def make_records(institution, staff) -> dict[str, int]:
    return {"organization_id": factories.organization(institution).id}
