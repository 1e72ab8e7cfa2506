"""What tests/test_routes_permissions.py needs to drive the projects' routes."""

from datetime import date

from crm.projects.models import Project, ProjectMilestone
from tests.projects.factories import project

RECORDS = {"project_id": Project, "milestone_id": ProjectMilestone}
FORM = {}
_PROJECT = {
    "kind": "applied_research",
    "status": "planned",
    "visibility": "consortium",
    "partners-0-organization": "",
    "milestones-0-title": "",
}
ENDPOINT_FORMS = {"projects.create": _PROJECT, "projects.edit": _PROJECT}

# A valid body for each of the API's POST and PATCH endpoints, on the records below.
API_BODIES = {
    "projects_api.create": {
        "name": "Projet par l’API",
        "kind": "business_services",
        "milestones": [{"title": "Devis", "due_on": "2026-06-01"}],
    },
    "projects_api.update": {"description": "Par l’API", "status": "active"},
}


def make_records(institution, staff) -> dict[str, int]:
    record = project(
        institution, milestones=[{"title": "Devis soumis", "due_on": date(2026, 6, 1)}]
    )
    return {"project_id": record.id, "milestone_id": record.milestones[0].id}
