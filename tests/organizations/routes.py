"""What tests/test_routes_permissions.py needs to drive the organizations' routes."""

from crm.organizations.models import Organization
from tests import factories

RECORDS = {"organization_id": Organization}
FORM = {"country": "MA", "kind": "company", "visibility": "consortium"}


def make_records(institution, staff) -> dict[str, int]:
    return {"organization_id": factories.organization(institution).id}
