"""What tests/test_routes_permissions.py needs to drive the follow-ups' routes (their
record, ``follow_up_id``, is made by that test itself)."""

from crm.users.models import User
from tests import factories
from tests.exchanges.routes import IdOf

RECORDS = {}
FORM = {}
_FOLLOW_UP = {"title": "Relance modifiée", "due_on": "2026-06-15", "visibility": "consortium"}
ENDPOINT_FORMS = {"followups.create": _FOLLOW_UP, "followups.edit": _FOLLOW_UP}
_ASSIGNEE = "responsable-des-routes@example.org"
# Valid JSON bodies for tests of the API's routes (ids as IdOf: send them through int).
API_BODIES = {
    "followups_api.create": {
        "title": "Relance de l’API",
        "due_date": "2026-06-15",
        "assignee_id": IdOf(User.email, _ASSIGNEE),
    },
    "followups_api.update": {"title": "Relance modifiée", "status": "done"},
}


def make_records(institution, staff) -> dict[str, int]:
    factories.user(role="staff", institution=institution, email=_ASSIGNEE)
    return {}
