"""What tests/test_routes_permissions.py needs to drive the follow-ups' routes (their
record, ``follow_up_id``, is made by that test itself)."""

RECORDS = {}
FORM = {}
_FOLLOW_UP = {"title": "Relance modifiée", "due_on": "2026-06-15", "visibility": "consortium"}
ENDPOINT_FORMS = {"followups.create": _FOLLOW_UP, "followups.edit": _FOLLOW_UP}


def make_records(institution, staff) -> dict[str, int]:
    return {}
