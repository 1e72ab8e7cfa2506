"""What tests/test_routes_permissions.py needs to drive the registers' routes."""

from crm.compliance.models import ConfidentialityIncident
from tests.compliance import factories

RECORDS = {"incident_id": ConfidentialityIncident}
FORM = {}
_INCIDENT = {
    "information_concerned": "Dossiers d’étudiants",
    "circumstances": "Ordinateur portable volé",
    "occurred_on": "2026-11-01",
    "discovered_on": "2026-11-02",
    "people_affected": "40",
    "risk_assessment": "Disque chiffré : risque faible",
}
ENDPOINT_FORMS = {
    "compliance.create_incident_page": _INCIDENT,
    "compliance.edit_incident": _INCIDENT,
}


def make_records(institution, staff) -> dict[str, int]:
    return {"incident_id": factories.incident(institution).id}
