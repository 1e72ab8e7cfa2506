"""The API gives the same answers about permissions as the pages: every route that changes
something, found in the URL map, is refused to a viewer (403, nothing changes) and works
for an admin (the control). Each domain's tests/<domain>/routes.py gives API_BODIES."""

from __future__ import annotations

import pytest

from crm.extensions import db
from tests.conftest import snapshot
from tests.test_routes_permissions import _DOMAINS, RECORDS, records  # noqa: F401

API_BODIES: dict[str, dict] = {
    "users_api.create": {
        "email": "nouvelle@csi.example",
        "name": "Nouvelle",
        "role": "staff",
        "institution_id": None,  # the records' institution, filled in below
        "password": "un mot de passe assez long",
    },
    "users_api.update": {"name": "Nom changé"},
}
API_FILES: dict[str, dict] = {}
for _domain in _DOMAINS:
    API_BODIES |= getattr(_domain, "API_BODIES", {})
    API_FILES |= getattr(_domain, "API_FILES", {})
WRITES = ("POST", "PATCH", "DELETE")


def _api_rules(web):
    rules = [
        (rule, method)
        for rule in web.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in WRITES
        if method in rule.methods
    ]
    # Workflow steps (which lock an agreement's terms) and deleting come last, so that the
    # other routes still find their records as they were.
    return sorted(
        rules, key=lambda r: (r[1] == "DELETE", "transition" in r[0].endpoint, r[0].endpoint)
    )


def _request(web, rule, method, records):  # noqa: F811
    db.session.rollback()  # let go of SQLite before looking ids up
    missing = set(rule.arguments) - set(records)
    if missing:
        pytest.fail(f"{rule.endpoint}: give the URL arguments {sorted(missing)} a record")
    url = web.url_map.bind("localhost").build(
        rule.endpoint, {name: records[name] for name in rule.arguments}
    )
    if method == "DELETE":
        return url, {}
    if rule.endpoint in API_FILES:  # multipart/form-data, not JSON
        return url, {"data": dict(API_FILES[rule.endpoint]), "content_type": "multipart/form-data"}
    if rule.endpoint not in API_BODIES:
        pytest.fail(f"{rule.endpoint}: add a valid body to API_BODIES in tests/<domain>/routes.py")
    body = _resolved(API_BODIES[rule.endpoint])
    if "institution_id" in body and body["institution_id"] is None:
        body["institution_id"] = records["institution_id"]
    return url, {"json": body}


def _resolved(value):
    """The body with ids looked up now (a routes.py may name a record by an ``IdOf``)."""
    if isinstance(value, dict):
        return {key: _resolved(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return int(value)


def test_every_write_route_is_checked(web):
    endpoints = {rule.endpoint for rule, _method in _api_rules(web)}
    assert {"organizations_api.create", "organizations_api.update", "users_api.create"} <= (
        endpoints
    )


def test_viewer_gets_403_on_every_write_and_nothing_changes(api, web, viewer, records):  # noqa: F811
    client = api(viewer)
    for rule, method in _api_rules(web):
        url, body = _request(web, rule, method, records)
        before = snapshot()
        response = client.request(method, url, **body)
        assert response.status_code == 403, f"{method} {url}: {response.status_code}"
        assert response.mimetype == "application/problem+json"
        after = snapshot()
        assert {k: v for k, v in after.items() if k != "api_tokens"} == {
            k: v for k, v in before.items() if k != "api_tokens"
        }, f"{method} {url} changed something"


def test_the_same_writes_work_for_an_admin(api, web, admin, records):  # noqa: F811
    client = api(admin)
    for rule, method in _api_rules(web):
        url, body = _request(web, rule, method, records)
        before = snapshot()
        response = client.request(method, url, **body)
        assert response.status_code in (200, 201, 204), (
            f"{method} {url}: {response.status_code} {response.get_data(as_text=True)}"
        )
        assert snapshot() != before, f"{method} {url} changed nothing"
        db.session.rollback()
