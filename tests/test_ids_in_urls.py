"""Record ids in URLs, pages and API alike (``<id:…>``): an id no integer column can hold
names no record (404), never a database error (500) nor another route's methods (405)."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import AnyConverter

from crm.core.converters import IdConverter
from tests import factories

HUGE = ["2147483648", "99999999999999999999", "9" * 5000, "00000000000000000000000000000001"]
METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"]
# Routes that answer a missing record as they answer a found one.
NOT_404 = {"users.revoke_token": 302}  # a token already gone is revoked


def _id_rules(web):
    return sorted(
        (
            rule
            for rule in web.url_map.iter_rules()
            if any(a.endswith("_id") for a in rule.arguments)
        ),
        key=lambda rule: rule.rule,
    )


def _url(rule, value: str) -> str:
    """The rule's path with every id ``value``, and the first action it names."""
    path = re.sub(r"<id:\w+>", value, rule.rule)
    return re.sub(r"<any\(([\w]+)[^>]*>", r"\1", path)


def test_every_record_id_in_a_url_is_an_id(web):
    rules = _id_rules(web)
    assert len(rules) > 40
    for rule in rules:
        for name in rule.arguments:
            converter = rule._converters[name]
            if not isinstance(converter, AnyConverter):  # an action, a kind of record
                assert isinstance(converter, IdConverter), (rule.rule, name)


@pytest.mark.parametrize("value", HUGE[:3])
def test_ids_beyond_the_columns_are_404_on_every_route(web, api, sign_in, institution, value):
    admin = factories.user(role="admin", institution=institution)
    browser, client = sign_in(admin), api(admin)
    for rule in _id_rules(web):
        url = _url(rule, value)
        for method in sorted(rule.methods & set(METHODS)):
            if url.startswith("/api/"):
                response = client.request(method, url, json={} if method != "GET" else None)
            elif method == "POST":
                response = browser.post(url)
            else:
                response = browser.raw.open(url, method=method)
            expected = NOT_404.get(rule.endpoint, 404)
            assert response.status_code == expected, (method, url, response.status_code)


def test_a_huge_id_in_a_page_is_404(sign_in, staff):
    browser = sign_in(staff)
    for value in HUGE:
        assert browser.get(f"/organizations/{value}").status_code == 404
        assert browser.get(f"/organizations/{value}/edit").status_code == 404
        assert browser.post(f"/organizations/{value}/archive").status_code == 404


def test_a_huge_id_in_the_api_is_404_not_405(api, staff):
    client = api(staff)
    for value in HUGE:
        for url in [f"/api/v1/agreements/{value}", f"/api/v1/agreements/{value}/transitions"]:
            response = client.get(url)
            assert response.status_code == 404, (url, response.status_code)
            assert response.mimetype == "application/problem+json"


def test_digits_other_than_ascii_are_not_an_id(sign_in, staff, institution):
    organization = factories.organization(institution)
    browser = sign_in(staff)
    assert browser.get(f"/organizations/{organization.id}").status_code == 200
    arabic = str(organization.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert browser.get(f"/organizations/{arabic}").status_code == 404


def test_the_openapi_description_shows_path_ids_as_integers(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    seen = 0
    for path, operations in spec["paths"].items():
        for name in re.findall(r"{(\w+)}", path):
            parameters = [
                p
                for operation in [operations, *operations.values()]
                if isinstance(operation, dict)
                for p in operation.get("parameters", [])
                if p.get("in") == "path" and p["name"] == name
            ]
            assert parameters, (path, name)
            for parameter in parameters:
                assert parameter["schema"]["type"] == "integer", (path, parameter)
                seen += 1
    assert seen > 10
