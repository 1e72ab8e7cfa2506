"""Users, member institutions and the search through the API."""

from __future__ import annotations

from crm.extensions import db
from crm.users.models import User
from tests import factories

NEW = {
    "email": "Nouvelle@CSI.example",
    "name": "Agente de mobilité",
    "role": "staff",
    "password": "un mot de passe assez long",
}


def test_everyone_reads_me_and_colleagues_names(api, viewer, staff, admin):
    client = api(viewer)
    me = client.get("/api/v1/users/me").get_json()
    assert me["email"] == viewer.email and me["role"] == "viewer"
    listed = client.get("/api/v1/users?role=staff").get_json()
    assert listed["items"] == [
        {
            "id": staff.id,
            "name": staff.name,
            "role": "staff",
            "institution_id": staff.institution_id,
            "is_active": True,
        }
    ]
    assert "email" not in client.get(f"/api/v1/users/{staff.id}").get_json()
    assert client.get(f"/api/v1/users?q={staff.email}").get_json()["total"] == 0
    assert client.get("/api/v1/users/99999").status_code == 404
    # an admin sees all, as on the users' admin page
    full = api(admin).get(f"/api/v1/users/{staff.id}").get_json()
    assert full["email"] == staff.email and full["locale"] == "fr"
    assert api(admin).get(f"/api/v1/users?q={staff.email}").get_json()["total"] == 1


def test_only_admins_create_and_change_users(api, admin, staff, web):
    body = NEW | {"institution_id": staff.institution_id}
    assert api(staff).post("/api/v1/users", json=body).status_code == 403
    assert api(staff).patch(f"/api/v1/users/{staff.id}", json={"role": "admin"}).status_code == 403
    created = api(admin).post("/api/v1/users", json=body)
    assert created.status_code == 201, created.get_json()
    user = created.get_json()
    assert user["email"] == "nouvelle@csi.example" and "password" not in user
    assert created.headers["Location"] == f"/api/v1/users/{user['id']}"
    again = api(admin).post("/api/v1/users", json=body)
    assert again.status_code == 422 and "email" in again.get_json()["errors"]
    changed = api(admin).patch(
        f"/api/v1/users/{user['id']}", json={"role": "director", "locale": "en"}
    )
    assert changed.get_json()["role"] == "director"


def test_user_input_is_checked(api, admin):
    client = api(admin)
    for body, field in [
        (NEW | {"institution_id": 9999}, "institution_id"),
        (NEW | {"institution_id": admin.institution_id, "password": "court"}, "password"),
        (NEW | {"institution_id": admin.institution_id, "role": "king"}, "role"),
        (NEW | {"institution_id": admin.institution_id, "email": "nope"}, "email"),
    ]:
        response = client.post("/api/v1/users", json=body)
        assert response.status_code == 422, body
        assert field in response.get_json()["errors"], response.get_json()


def test_the_last_admin_cannot_be_demoted_and_deactivation_locks_the_token(api, admin, staff):
    client = api(admin)
    response = client.patch(f"/api/v1/users/{admin.id}", json={"role": "staff"})
    assert response.status_code == 422
    staff_client = api(staff)
    assert client.patch(f"/api/v1/users/{staff.id}", json={"is_active": False}).status_code == 200
    assert staff_client.get("/api/v1/users/me").status_code == 401


def test_a_password_set_by_an_admin_works_for_signing_in(api, admin, staff, web):
    response = api(admin).patch(
        f"/api/v1/users/{staff.id}", json={"password": "nouveau mot de passe 2026"}
    )
    assert response.status_code == 200
    login = web.test_client().post(
        "/login", data={"email": staff.email, "password": "nouveau mot de passe 2026"}
    )
    assert login.status_code in (302, 400)  # 400: the test posts without a CSRF token
    db.session.rollback()
    assert db.session.get(User, staff.id).password_hash != factories.PASSWORD


def test_member_institutions_are_read_only(api, staff, institution, other_institution):
    client = api(staff)
    body = client.get("/api/v1/member-institutions").get_json()
    assert [item["code"] for item in body["items"]] == ["CSI", "CTH"]
    assert body["items"][0]["name_fr"] == "Cégep de Sept-Îles"
    one = client.get(f"/api/v1/member-institutions/{institution.id}")
    assert one.get_json()["code"] == "CSI" and one.headers["ETag"]
    assert client.post("/api/v1/member-institutions", json={"code": "X"}).status_code == 405


def test_search_finds_as_the_search_box_does(api, staff, institution, other_institution):
    found = factories.organization(institution, name="Cégep de Sept-Îles", country="CA")
    factories.organization(other_institution, name="Sept-Îles privé", visibility="member")
    client = api(staff)
    body = client.get("/api/v1/search?q=sept iles").get_json()
    assert body["items"] == [
        {
            "type": "organization",
            "id": found.id,
            "title": "Cégep de Sept-Îles",
            "archived": False,
            "url": f"/organizations/{found.id}",
            "api_url": f"/api/v1/organizations/{found.id}",
        }
    ]
    assert client.get("/api/v1/search?q=sept&type=contact").get_json()["items"] == []
    assert client.get("/api/v1/search").status_code == 422
    assert client.get("/api/v1/search?q=" + "x" * 201).status_code == 422
    assert client.get('/api/v1/search?q="NEAR(a b) OR * -x').status_code == 200


def test_the_api_speaks_english_whatever_the_users_language(api, staff, institution):
    organization = factories.organization(institution, name="INMQ", country="CA")
    client = api(staff)  # a French-speaking user
    assert staff.locale == "fr"
    refused = client.delete(
        f"/api/v1/organizations/{organization.id}", headers={"Accept-Language": "fr-CA"}
    )
    assert refused.status_code == 204
    factories.organization(institution, name="OCP", country="MA")
    missing = client.post("/api/v1/organizations", json={"country": "CA"})
    assert missing.get_json()["title"].startswith("Unprocessable")
    agreement_refusal = client.post(
        "/api/v1/agreements/999/transitions", json={"action": "submit"}
    ).get_json()
    assert agreement_refusal["title"] == "Not Found"
