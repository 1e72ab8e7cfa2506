"""What tests/test_routes_permissions.py needs to drive the privacy routes."""

RECORDS = {}
FORM = {}
ENDPOINT_FORMS = {
    "privacy.anonymize_contact": {"reason": "Demande de la personne", "confirm": "y"},
    # The register of communications' form, answered (its token filled in by the client).
    "privacy.export": {
        "communication-csrf_token": None,
        "communication-recipient": "La personne",
        "communication-purpose": "Demande d’accès",
    },
}


def make_records(institution, staff) -> dict[str, int]:
    return {}
