"""Contacts through the API: list, create, read, change, archive, delete."""

from __future__ import annotations

import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.extensions import db
from tests import factories
from tests.conftest import snapshot


def _without_tokens(rows: dict) -> dict:
    """Every table but the tokens' (a call records the token's last use)."""
    return {name: value for name, value in rows.items() if name != "api_tokens"}


def test_create_answers_201_with_the_record_and_its_location(api, staff, institution):
    mines = factories.organization(institution, name="Société minière")
    response = api(staff).post(
        "/api/v1/contacts",
        json={
            "given_name": " Amina ",
            "family_name": "Alaoui",
            "organization_id": mines.id,
            "emails": ["Amina@Example.org", "amina@example.org", "a.alaoui@example.ma"],
            "phones": [" +212 5 22 00 00 00 ", "+212 5 22 00 00 00"],
            "preferred_language": "fr",
            "source": "event",
            "consent_on": "2026-03-21",
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["given_name"] == "Amina"
    assert body["organization_id"] == mines.id
    assert body["emails"] == ["amina@example.org", "a.alaoui@example.ma"]
    assert body["phones"] == ["+212 5 22 00 00 00"]
    assert body["is_student"] is False and body["visibility"] == "consortium"
    assert body["consent_on"] == "2026-03-21"
    assert body["institution_id"] == staff.institution_id
    assert response.headers["Location"] == f"/api/v1/contacts/{body['id']}"
    assert response.headers["ETag"] == f'"{body["version"]}"'
    again = api(staff).get(response.headers["Location"])
    assert again.get_json() == body


def test_a_new_students_record_stays_home_unless_a_visibility_is_given(api, staff):
    client = api(staff)
    student = {"given_name": "Yasmine", "family_name": "Idrissi", "is_student": True}
    assert client.post("/api/v1/contacts", json=student).get_json()["visibility"] == "member"
    shared = student | {"visibility": "consortium"}
    assert client.post("/api/v1/contacts", json=shared).get_json()["visibility"] == "consortium"


def test_the_minimum_is_a_given_and_a_family_name(api, staff):
    before = snapshot()
    client = api(staff)
    response = client.post("/api/v1/contacts", json={"job_title": "X"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert set(response.get_json()["errors"]) == {"given_name", "family_name"}
    blank = client.post("/api/v1/contacts", json={"given_name": "  ", "family_name": "A"})
    assert set(blank.get_json()["errors"]) == {"given_name"}
    bad = client.post(
        "/api/v1/contacts",
        json={"given_name": "A", "family_name": "B", "emails": ["nope"], "phones": ["1" * 41]},
    )
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]) == {"emails.0", "phones.0"}
    assert _without_tokens(snapshot()) == _without_tokens(before)


def test_an_organization_must_be_one_the_caller_sees_and_current(
    api, staff, institution, other_institution
):
    hidden = factories.organization(other_institution, visibility="member")
    closed = factories.organization(institution, archived_at=sa.func.now())
    client = api(staff)
    before = snapshot()
    for organization_id in (hidden.id, closed.id, 2**31 - 1):
        response = client.post(
            "/api/v1/contacts",
            json={"given_name": "A", "family_name": "B", "organization_id": organization_id},
        )
        assert response.status_code == 422
        assert set(response.get_json()["errors"]) == {"organization_id"}
    assert (
        client.post(
            "/api/v1/contacts",
            json={"given_name": "A", "family_name": "B", "organization_id": 2**31},
        ).status_code
        == 422
    )
    assert _without_tokens(snapshot()) == _without_tokens(before)
    # a contact keeps the archived organization it has
    contact = factories.contact(institution, organization=closed)
    response = client.patch(
        f"/api/v1/contacts/{contact.id}", json={"organization_id": closed.id, "job_title": "DG"}
    )
    assert response.status_code == 200


def test_a_hidden_organization_is_not_shown(api, staff, institution, other_institution):
    hidden = factories.organization(other_institution, visibility="member")
    contact = factories.contact(other_institution, organization=hidden)
    client = api(staff)
    body = client.get(f"/api/v1/contacts/{contact.id}").get_json()
    assert body["organization_id"] is None
    changed = client.patch(f"/api/v1/contacts/{contact.id}", json={"job_title": "DG"})
    assert changed.status_code == 200
    assert (
        db.session.get(Contact, contact.id).organization_id == hidden.id
    )  # not the caller's to remove
    listed = client.get(f"/api/v1/contacts?organization_id={hidden.id}")
    assert listed.status_code == 422


def test_list_filters_pages_and_hides_other_members_private_records(
    api, staff, institution, other_institution
):
    mines = factories.organization(institution, name="Société minière", acronym="SMS")
    cegep = factories.organization(other_institution, name="Cégep B", country="CA")
    factories.contact(institution, "Amina", "Alaoui", organization=mines)
    factories.contact(other_institution, "Jean", "Tremblay", organization=cegep)
    factories.contact(institution, "Yasmine", "Idrissi", is_student=True)
    factories.contact(institution, "Vieux", "Archivé", archived_at=sa.func.now())
    factories.contact(other_institution, "Secret", "Privé", visibility="member")
    client = api(staff)

    def names(query: str) -> list[str]:
        response = client.get("/api/v1/contacts?" + query)
        assert response.status_code == 200, response.get_json()
        return [item["family_name"] for item in response.get_json()["items"]]

    assert names("") == ["Alaoui", "Idrissi", "Tremblay"]
    assert names("q=alaou") == ["Alaoui"]
    assert names("organization=sms") == ["Alaoui"]
    assert names(f"organization_id={cegep.id}") == ["Tremblay"]
    assert names("country=ca") == ["Tremblay"]
    assert names("institution=CTH") == ["Tremblay"]
    assert names("student=yes") == ["Idrissi"]
    assert names("student=no") == ["Alaoui", "Tremblay"]
    assert names("archived=only") == ["Archivé"]
    assert names("sort=-name") == ["Tremblay", "Idrissi", "Alaoui"]
    by_organization = [name for name in names("sort=organization") if name != "Idrissi"]
    assert by_organization == ["Tremblay", "Alaoui"]
    body = client.get("/api/v1/contacts?per_page=2&page=2").get_json()
    assert [item["family_name"] for item in body["items"]] == ["Tremblay"]
    assert body["total"] == 3 and body["page"] == 2 and body["per_page"] == 2
    for query in ("per_page=201", "student=maybe", "sort=secret", "organization_id=0"):
        assert client.get("/api/v1/contacts?" + query).status_code == 422


def test_patch_changes_only_what_is_sent_and_refuses_a_stale_if_match(api, staff, institution):
    contact = factories.contact(
        institution, "Amina", "Alaoui", email="amina@example.org", job_title="DG"
    )
    client = api(staff)
    url = f"/api/v1/contacts/{contact.id}"
    etag = client.get(url).headers["ETag"]
    changed = client.patch(url, json={"phones": ["+1 418 555 0100"]}, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["phones"] == ["+1 418 555 0100"]
    assert body["emails"] == ["amina@example.org"] and body["job_title"] == "DG"
    assert changed.headers["ETag"] != etag
    before = snapshot()
    assert client.patch(url, json={"job_title": "X"}, headers={"If-Match": etag}).status_code == 412
    assert client.patch(url, json={"job_title": "X", "version": 1}).status_code == 412
    assert client.delete(url, headers={"If-Match": etag}).status_code == 412
    assert _without_tokens(snapshot()) == _without_tokens(before)
    cleared = client.patch(url, json={"emails": [], "job_title": None, "preferred_language": "en"})
    assert cleared.get_json()["emails"] == [] and cleared.get_json()["job_title"] is None
    assert cleared.get_json()["preferred_language"] == "en"
    for wrong in ({"given_name": None}, {"visibility": None}, {"is_student": None}, {"x": 1}):
        assert client.patch(url, json=wrong).status_code == 422


def test_archive_restore_and_delete(api, staff, institution):
    contact = factories.contact(institution, "Amina", "Alaoui")
    client = api(staff)
    url = f"/api/v1/contacts/{contact.id}"
    assert client.patch(url, json={"archived": True}).get_json()["archived"] is True
    assert client.get("/api/v1/contacts").get_json()["total"] == 0
    assert client.get("/api/v1/contacts?archived=only").get_json()["total"] == 1
    assert client.patch(url, json={"archived": False}).get_json()["archived"] is False
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_roles_as_in_the_pages(api, viewer, staff, institution, other_institution):
    mine = factories.contact(institution, "Amina", "Alaoui")
    theirs = factories.contact(other_institution, "Jean", "Tremblay")
    private = factories.contact(other_institution, "Secret", "Privé", visibility="member")
    reader = api(viewer)
    before = snapshot()
    assert reader.get(f"/api/v1/contacts/{mine.id}").status_code == 200
    body = {"given_name": "X", "family_name": "Y"}
    assert reader.post("/api/v1/contacts", json=body).status_code == 403
    assert reader.patch(f"/api/v1/contacts/{mine.id}", json={"job_title": "X"}).status_code == 403
    assert reader.delete(f"/api/v1/contacts/{mine.id}").status_code == 403
    assert _without_tokens(snapshot()) == _without_tokens(before)
    editor = api(staff)
    url = f"/api/v1/contacts/{private.id}"
    assert editor.get(url).status_code == 404
    assert editor.patch(url, json={"job_title": "X"}).status_code == 404
    assert editor.delete(url).status_code == 404
    # a shared record of another member: editable, not deletable
    url = f"/api/v1/contacts/{theirs.id}"
    assert editor.patch(url, json={"job_title": "X"}).status_code == 200
    assert editor.delete(url).status_code == 403
