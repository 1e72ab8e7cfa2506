"""Organizations through the API: list, create, read, change, archive, delete."""

from __future__ import annotations

from tests import factories
from tests.conftest import snapshot


def test_create_answers_201_with_the_record_and_its_location(api, staff):
    response = api(staff).post(
        "/api/v1/organizations",
        json={"name": "Université Mohammed VI", "country": "ma", "tags": ["Mines", "mines"]},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["country"] == "MA"
    assert body["kind"] == "other"
    assert body["tags"] == ["mines"]
    assert body["institution_id"] == staff.institution_id
    assert response.headers["Location"] == f"/api/v1/organizations/{body['id']}"
    assert response.headers["ETag"] == f'"{body["version"]}"'
    again = api(staff).get(response.headers["Location"])
    assert again.get_json() == body


def test_the_minimum_is_a_name_and_a_country(api, staff):
    before = snapshot()
    response = api(staff).post("/api/v1/organizations", json={"acronym": "X"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    errors = response.get_json()["errors"]
    assert set(errors) == {"name", "country"}
    # the token's last use is the only change
    assert {k: v for k, v in snapshot().items() if k != "api_tokens"} == {
        k: v for k, v in before.items() if k != "api_tokens"
    }


def test_list_filters_pages_and_hides_other_members_private_records(
    api, staff, institution, other_institution
):
    factories.organization(institution, name="École des mines", country="MA")
    factories.organization(institution, name="Entreprise minière", country="CA")
    factories.organization(other_institution, name="Secret", country="MA", visibility="member")
    client = api(staff)
    body = client.get("/api/v1/organizations?country=MA").get_json()
    assert [item["name"] for item in body["items"]] == ["École des mines"]
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 50
    body = client.get("/api/v1/organizations?q=ecole&per_page=1").get_json()
    assert body["total"] == 1
    two = client.get("/api/v1/organizations?per_page=1&page=2&sort=-name").get_json()
    assert [item["name"] for item in two["items"]] == ["École des mines"]
    assert client.get("/api/v1/organizations?per_page=201").status_code == 422


def test_patch_changes_only_what_is_sent_and_refuses_a_stale_if_match(api, staff, institution):
    organization = factories.organization(institution, name="INMQ", country="CA", city="Thetford")
    client = api(staff)
    url = f"/api/v1/organizations/{organization.id}"
    etag = client.get(url).headers["ETag"]
    changed = client.patch(url, json={"city": "Thetford Mines"}, headers={"If-Match": etag})
    assert changed.status_code == 200
    assert changed.get_json()["city"] == "Thetford Mines"
    assert changed.get_json()["name"] == "INMQ"
    before = snapshot()
    stale = client.patch(url, json={"city": "Québec"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    stale = client.patch(url, json={"city": "Québec", "version": 1})
    assert stale.status_code == 412
    assert client.delete(url, headers={"If-Match": etag}).status_code == 412
    assert snapshot()["organizations"] == before["organizations"]


def test_archive_restore_and_delete(api, staff, institution):
    organization = factories.organization(institution, name="INMQ", country="CA")
    client = api(staff)
    url = f"/api/v1/organizations/{organization.id}"
    assert client.patch(url, json={"archived": True}).get_json()["archived"] is True
    assert client.get("/api/v1/organizations").get_json()["total"] == 0
    assert client.get("/api/v1/organizations?archived=only").get_json()["total"] == 1
    assert client.patch(url, json={"archived": False}).get_json()["archived"] is False
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_roles_as_in_the_pages(api, viewer, staff, institution, other_institution):
    mine = factories.organization(institution, name="Mine", country="CA")
    theirs = factories.organization(other_institution, name="Theirs", country="CA")
    reader = api(viewer)
    assert reader.get(f"/api/v1/organizations/{mine.id}").status_code == 200
    assert (
        reader.post("/api/v1/organizations", json={"name": "X", "country": "CA"}).status_code == 403
    )
    assert reader.patch(f"/api/v1/organizations/{mine.id}", json={"city": "X"}).status_code == 403
    assert reader.delete(f"/api/v1/organizations/{mine.id}").status_code == 403
    # a shared record of another member: editable, not deletable
    editor = api(staff)
    assert editor.patch(f"/api/v1/organizations/{theirs.id}", json={"city": "X"}).status_code == 200
    assert editor.delete(f"/api/v1/organizations/{theirs.id}").status_code == 403


def test_a_current_copy_is_not_sent_again(api, staff, institution):
    organization = factories.organization(institution, name="INMQ", country="CA")
    client = api(staff)
    url = f"/api/v1/organizations/{organization.id}"
    etag = client.get(url).headers["ETag"]
    cached = client.get(url, headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.headers["ETag"] == etag
    client.patch(url, json={"city": "Thetford Mines"})
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200
