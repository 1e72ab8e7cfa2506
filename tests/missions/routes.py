"""What tests/test_routes_permissions.py needs to drive the missions' routes."""

from crm.missions.models import Mission
from tests import factories
from tests.missions.factories import meeting, mission

RECORDS = {"mission_id": Mission}
FORM = {}
_MISSION = {
    "country": "MA",
    "starts_on": "2026-03-21",
    "ends_on": "2026-03-27",
    "status": "planned",
    "visibility": "consortium",
}
ENDPOINT_FORMS = {
    "missions.create": _MISSION,
    "missions.edit": _MISSION,
    "missions.add_meeting": {
        "new_given_name": "Nadia",
        "new_family_name": "Chraibi",
        "occurred_at": "2026-03-24T10:00",
    },
    "missions.create_follow_ups": {"due_in_days": "7"},
}

# A valid body for each of the API's POST and PATCH endpoints, on the records below.
API_BODIES = {
    "missions_api.create": {
        "name": "Mission par l’API",
        "country": "SN",
        "starts_on": "2026-05-02",
        "ends_on": "2026-05-09",
    },
    "missions_api.update": {"cities": "Dakar, Thiès", "outcomes": "Deux ententes"},
    "missions_api.add_meeting": {
        "new_given_name": "Nadia",
        "new_family_name": "Chraibi",
        "occurred_at": "2026-03-24T10:00:00",
    },
    "missions_api.create_follow_ups": {"due_in_days": 14},
}


def make_records(institution, staff) -> dict[str, int]:
    visit = mission(institution, name="Mission au Maroc", delegates=[staff])
    meeting(visit, [factories.contact(institution, given_name="Omar")], [staff])
    return {"mission_id": visit.id}
