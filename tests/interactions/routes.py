"""What tests/test_routes_permissions.py needs to drive the interactions' routes."""

from crm.interactions.models import Interaction
from tests.interactions.factories import interaction

RECORDS = {"interaction_id": Interaction}
FORM = {}
_INTERACTION = {
    "kind": "call",
    "occurred_at": "2026-03-23T10:30",
    "subject": "Appel de suivi",
    "mission_id": "",
    "agreement_id": "",
    "visibility": "consortium",
}
ENDPOINT_FORMS = {"interactions.create": _INTERACTION, "interactions.edit": _INTERACTION}
API_BODIES = {
    "interactions_api.create": {
        "kind": "call",
        "occurred_at": "2026-03-23T10:30",
        "subject": "Appel de suivi",
    },
    "interactions_api.update": {"subject": "Appel de suivi", "location": "Rabat"},
}


def make_records(institution, staff) -> dict[str, int]:
    return {"interaction_id": interaction(institution, subject="Rencontre à Rabat").id}
