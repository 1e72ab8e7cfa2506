"""Bad input gets a problem document (RFC 9457) and changes nothing; never a 500."""

from __future__ import annotations

import pytest

from tests import factories
from tests.conftest import snapshot

URL = "/api/v1/organizations"


def _unchanged(before: dict) -> bool:
    after = snapshot()
    return all(after[name] == rows for name, rows in before.items() if name != "api_tokens")


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"]
    return body


@pytest.mark.parametrize(
    "data",
    [
        b'{"name": "INMQ", "country": ',
        b"\xff\xfe{}",
        b'{"name": "\xe9cole", "country": "CA"}',  # Latin-1, not UTF-8
        b"[1, 2",
    ],
)
def test_malformed_bodies_are_400(api, staff, data):
    before = snapshot()
    response = api(staff).request(
        "POST", URL, data=data, headers={"Content-Type": "application/json"}
    )
    _problem(response, 400)
    assert _unchanged(before)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": 12, "country": "CA"}, "name"),
        ({"name": ["INMQ"], "country": "CA"}, "name"),
        ({"name": "INMQ", "country": "Canada"}, "country"),
        ({"name": "INMQ", "country": "ZZ"}, "country"),
        ({"name": "INMQ", "country": "CA", "colour": "red"}, "colour"),
        ({"name": "INMQ", "country": "CA", "kind": "castle"}, "kind"),
        ({"name": "x" * 100_000, "country": "CA"}, "name"),
        ({"name": "INMQ", "country": "CA", "notes": "y" * 100_000}, "notes"),
        ({"name": "IN\x00MQ", "country": "CA"}, "name"),
        ({"name": "\ud800", "country": "CA"}, "name"),
        ({"name": "INMQ", "country": "CA", "version": 10**40}, "version"),
        ({"name": "INMQ", "country": "CA", "archived": "maybe"}, "archived"),
        ({"name": "", "country": "CA"}, "name"),
        ({"name": None, "country": "CA"}, "name"),
    ],
)
def test_wrong_values_are_422_naming_the_field(api, staff, body, field):
    before = snapshot()
    problem = _problem(api(staff).post(URL, json=body), 422)
    assert field in problem["errors"], problem
    assert _unchanged(before)


def test_a_body_that_is_not_an_object_is_422(api, staff):
    for body in ([], "INMQ", 3, None):
        response = api(staff).request(
            "POST", URL, json=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code in (400, 422), body


@pytest.mark.parametrize(
    "query",
    ["per_page=0", "per_page=201", "page=0", "page=abc", "page=99999999999999999999", "sort=?"],
)
def test_bad_list_arguments_are_422(api, staff, query):
    _problem(api(staff).get(f"{URL}?{query}"), 422)


def test_unknown_and_huge_ids_are_404(api, staff):
    client = api(staff)
    for url in [f"{URL}/999999", f"{URL}/99999999999999999999999", f"{URL}/-1", f"{URL}/abc"]:
        _problem(client.get(url), 404)
        # an id beyond any integer column matches no route: werkzeug may say 405
        for response in (client.patch(url, json={"city": "x"}), client.delete(url)):
            assert response.status_code in (404, 405), url
            assert response.mimetype == "application/problem+json"


def test_unknown_paths_and_methods(api, staff, institution):
    client = api(staff)
    _problem(client.get("/api/v1/nothing-here"), 404)
    response = client.request("PUT", URL)
    _problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_an_unknown_id_of_another_member_is_not_told_apart(api, staff, other_institution):
    hidden = factories.organization(other_institution, name="Privé", visibility="member")
    problem = _problem(api(staff).get(f"{URL}/{hidden.id}"), 404)
    assert "Privé" not in str(problem)


def test_a_body_the_api_would_not_read_is_415(api, staff, institution):
    organization = factories.organization(institution, name="INMQ", country="CA")
    before = snapshot()
    response = api(staff).request(
        "PATCH",
        f"{URL}/{organization.id}",
        data="city=Québec",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    _problem(response, 415)
    assert _unchanged(before)


def test_true_is_not_an_id(api, staff):
    response = api(staff).post(
        "/api/v1/contacts", json={"given_name": "A", "family_name": "B", "organization_id": True}
    )
    assert "organization_id" in _problem(response, 422)["errors"]


def test_json_nested_thousands_deep_is_400(api, staff):
    body = '{"name": ' + "[" * 5000 + "]" * 5000 + ', "country": "CA"}'
    response = api(staff).request(
        "POST", URL, data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert response.mimetype == "application/problem+json"


def test_a_misspelt_filter_is_refused_not_ignored(api, staff):
    problem = _problem(api(staff).get(f"{URL}?countrry=MA"), 422)
    assert "countrry" in problem["errors"]
