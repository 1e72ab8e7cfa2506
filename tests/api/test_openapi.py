"""The OpenAPI description, its browsable page, and a property-based run of schemathesis
against the served description: no input makes the server fail (5xx), and every answer
matches what the description promises (status, content type, headers, body)."""

from __future__ import annotations

import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from crm.extensions import db
from crm.users.tokens import create_token
from tests import factories
from tests.test_routes_permissions import records  # noqa: F401

RESOURCES = [
    "organizations",
    "contacts",
    "interactions",
    "missions",
    "agreements",
    "projects",
    "exchanges",
    "follow-ups",
    "users",
    "member-institutions",
    "search",
    "dashboard",
]
# More examples a run: CRM_SCHEMATHESIS_EXAMPLES=500 sh scripts/test (the default keeps CI fast).
EXAMPLES = int(os.environ.get("CRM_SCHEMATHESIS_EXAMPLES", "25"))


def test_the_description_is_openapi_3_1_and_covers_every_resource(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    paths = set(spec["paths"])
    for resource in RESOURCES:
        assert f"/api/v1/{resource}" in paths, resource
    assert "/api/v1/users/me" in paths
    assert "/api/v1/agreements/{agreement_id}/transitions" in paths
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_the_docs_page_and_its_assets_are_served_here(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/v1/openapi.json" in html
    assert "http://" not in html and "https://" not in html  # nothing fetched from elsewhere
    for asset in ["swagger-ui-bundle.js", "swagger-ui.css"]:
        response = client.get(f"/api/v1/docs/assets/{asset}")
        assert response.status_code == 200, asset
        response.close()
    assert client.get("/api/v1/docs/assets/index.html").status_code == 404
    response = client.get("/static/js/api-docs.js")
    assert response.status_code == 200
    response.close()


@pytest.fixture
def served_schema(live_server, institution, records):  # noqa: F811
    """The description as the server serves it, called as an admin, with a real record
    of every kind (``records``: their ids by URL argument)."""
    admin = factories.user(role="admin", institution=institution)
    _record, token = create_token(admin, "schemathesis")
    db.session.commit()
    db.session.remove()
    schema = schemathesis.openapi.from_url(f"{live_server}/api/v1/openapi.json")
    schema.config.headers = {"Authorization": f"Bearer {token}"}
    return schema


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.mark.parametrize("resource", RESOURCES)
def test_no_input_breaks_the_api(served_schema, records, resource):  # noqa: F811
    """Valid and invalid requests to every operation of the resource, as an admin: once
    with any ids in the URL, once with the ids of real records."""
    prefix = f"/api/v1/{resource}"
    operations = [
        result.ok()
        for result in served_schema.get_all_operations()
        if result.ok().path == prefix or result.ok().path.startswith(prefix + "/")
    ]
    assert operations
    for operation, mode, ids in _runs(operations, records):

        @given(case=operation.as_strategy(generation_mode=mode, path_parameters=ids))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=os.environ.get("CI") == "true",
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case):
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except Unsatisfiable:
            assert mode == GenerationMode.NEGATIVE  # nothing to get wrong: no input


def _runs(operations, real_ids: dict):
    for operation in operations:
        names = re.findall(r"{(\w+)}", operation.path)
        variants = [None] + ([{name: real_ids[name] for name in names}] if names else [])
        for ids in variants:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                yield operation, mode, ids


def test_the_shared_headers_are_described(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    item = paths["/api/v1/organizations/{organization_id}"]
    names = {
        method: {p["name"] for p in op.get("parameters", [])}
        for method, op in item.items()
        if method in ("get", "patch", "delete")
    }
    assert "If-Match" in names["patch"] and "If-Match" in names["delete"]
    assert "If-None-Match" in names["get"]
    create = paths["/api/v1/organizations"]["post"]
    assert "Idempotency-Key" in {p["name"] for p in create["parameters"]}
    assert {"ETag", "Location"} <= set(create["responses"]["201"]["headers"])


def test_answers_are_private_to_their_token(api, staff):
    response = api(staff).get("/api/v1/users/me")
    assert "Authorization" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == "private, no-cache"
