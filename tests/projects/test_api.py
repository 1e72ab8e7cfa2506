"""Projects through the API: list, create, read, change (partners and milestones as the
form edits them), archive, delete."""

from __future__ import annotations

from datetime import date

from crm.extensions import db
from crm.projects.models import ProjectPartner
from tests import factories
from tests.conftest import snapshot
from tests.missions.factories import mission
from tests.projects.factories import project


def _without_tokens(state: dict) -> dict:
    return {k: v for k, v in state.items() if k != "api_tokens"}


def test_create_answers_201_with_partners_and_milestones(api, staff, institution):
    ocp = factories.organization(institution, name="OCP")
    visit = mission(institution)
    body = {
        "name": "Formation en maintenance",
        "kind": "training_offer",
        "starts_on": "2026-09-01",
        "partners": [{"organization_id": ocp.id, "role": "Employeur"}],
        "milestones": [
            {"title": "Devis", "due_on": "2026-06-01", "owner_id": staff.id},
            {"title": "Lancement", "due_on": "2026-05-01"},
        ],
        "mission_ids": [visit.id],
    }
    response = api(staff).post("/api/v1/projects", json=body)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["status"] == "planned"
    assert created["institution_id"] == institution.id
    assert created["partners"] == [{"organization_id": ocp.id, "role": "Employeur"}]
    assert [m["title"] for m in created["milestones"]] == ["Lancement", "Devis"]
    assert created["milestones"][1]["owner_id"] == staff.id
    assert created["mission_ids"] == [visit.id] and created["agreement_ids"] == []
    assert response.headers["Location"] == f"/api/v1/projects/{created['id']}"
    assert response.headers["ETag"] == f'"{created["version"]}"'
    assert api(staff).get(response.headers["Location"]).get_json() == created


def test_the_minimum_is_a_name_and_a_kind(api, staff):
    before = snapshot()
    response = api(staff).post("/api/v1/projects", json={"description": "x"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert set(response.get_json()["errors"]) == {"name", "kind"}
    response = api(staff).post("/api/v1/projects", json={"name": "P", "kind": "x"})
    assert set(response.get_json()["errors"]) == {"kind"}
    assert _without_tokens(snapshot()) == _without_tokens(before)


def test_refuses_what_the_form_refuses(api, staff, institution, other_institution):
    ocp = factories.organization(institution, name="OCP")
    hidden = factories.organization(other_institution, name="Privée", visibility="member")
    hidden_mission = mission(other_institution, visibility="member")
    gone = factories.user(institution=institution)
    gone.is_active = False
    db.session.commit()
    client = api(staff)
    base = {"name": "P", "kind": "other"}
    before = snapshot()
    for body, field in (
        ({"starts_on": "2026-09-01", "ends_on": "2026-01-01"}, "ends_on"),
        ({"partners": [{"organization_id": 999_999}]}, "partners.0.organization_id"),
        ({"partners": [{"organization_id": hidden.id}]}, "partners.0.organization_id"),
        (
            {"partners": [{"organization_id": ocp.id}, {"organization_id": ocp.id}]},
            "partners.1.organization_id",
        ),
        ({"partners": [{"role": "x"}]}, "partners.0.organization_id"),
        ({"milestones": [{"title": "Devis"}]}, "milestones.0.due_on"),
        ({"milestones": [{"title": "D", "due_on": "2026-01-01", "id": 5}]}, "milestones.0.id"),
        (
            {"milestones": [{"title": "D", "due_on": "2026-01-01", "owner_id": gone.id}]},
            "milestones.0.owner_id",
        ),
        ({"mission_ids": [hidden_mission.id]}, "mission_ids"),
        ({"agreement_ids": [999_999]}, "agreement_ids"),
    ):
        response = client.post("/api/v1/projects", json=base | body)
        assert response.status_code == 422, body
        assert set(response.get_json()["errors"]) == {field}, response.get_json()
    assert _without_tokens(snapshot()) == _without_tokens(before)


def test_a_partner_is_never_swapped_for_another_of_the_same_name(api, staff, institution):
    first = factories.organization(institution, name="OCP", country="MA")
    second = factories.organization(institution, name="ocp", country="SN")
    client = api(staff)
    response = client.post(
        "/api/v1/projects",
        json={"name": "P", "kind": "other", "partners": [{"organization_id": second.id}]},
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["partners"] == [{"organization_id": second.id, "role": None}]
    url = response.headers["Location"]
    changed = client.patch(url, json={"description": "Autre chose"}).get_json()
    assert changed["partners"] == [{"organization_id": second.id, "role": None}]
    both = [{"organization_id": first.id, "role": "Maroc"}, {"organization_id": second.id}]
    changed = client.patch(url, json={"partners": both}).get_json()
    assert sorted(changed["partners"], key=lambda p: p["organization_id"]) == [
        {"organization_id": first.id, "role": "Maroc"},
        {"organization_id": second.id, "role": None},
    ]


def test_list_filters_pages_and_hides_other_members_private_records(
    api, staff, institution, other_institution
):
    ocp = factories.organization(institution, name="OCP")
    record = project(institution, name="Maintenance", kind="training_offer")
    project(institution, name="Recherche", kind="applied_research")
    project(other_institution, name="Secret", visibility="member")
    client = api(staff)
    client.patch(f"/api/v1/projects/{record.id}", json={"partners": [{"organization_id": ocp.id}]})
    body = client.get("/api/v1/projects?kind=training_offer").get_json()
    assert [item["name"] for item in body["items"]] == ["Maintenance"]
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 50
    assert client.get(f"/api/v1/projects?partner={ocp.id}").get_json()["total"] == 1
    assert client.get("/api/v1/projects?q=recher").get_json()["total"] == 1
    two = client.get("/api/v1/projects?per_page=1&page=2&sort=-name").get_json()
    assert [item["name"] for item in two["items"]] == ["Maintenance"]
    assert client.get("/api/v1/projects").get_json()["total"] == 2
    assert client.get("/api/v1/projects?partner=0").status_code == 422


def test_patch_changes_only_what_is_sent_and_refuses_a_stale_if_match(api, staff, institution):
    ocp = factories.organization(institution, name="OCP")
    record = project(
        institution, name="P", milestones=[{"title": "Devis", "due_on": date(2026, 6, 1)}]
    )
    client = api(staff)
    url = f"/api/v1/projects/{record.id}"
    first = client.get(url)
    milestone = first.get_json()["milestones"][0]
    changed = client.patch(
        url,
        json={"partners": [{"organization_id": ocp.id, "role": "Client"}]},
        headers={"If-Match": first.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["partners"] == [{"organization_id": ocp.id, "role": "Client"}]
    assert changed.get_json()["milestones"] == [milestone]
    assert changed.get_json()["version"] > first.get_json()["version"]
    done = client.patch(url, json={"milestones": [milestone | {"done_on": "2026-05-30"}]})
    assert done.get_json()["milestones"][0]["id"] == milestone["id"]
    assert done.get_json()["milestones"][0]["done_on"] == "2026-05-30"
    assert (
        client.patch(url, json={"description": "x"}).get_json()["partners"][0]["role"] == "Client"
    )
    before = snapshot()
    etag = first.headers["ETag"]
    assert client.patch(url, json={"name": "X"}, headers={"If-Match": etag}).status_code == 412
    assert client.patch(url, json={"name": "X", "version": 1}).status_code == 412
    assert client.delete(url, headers={"If-Match": etag}).status_code == 412
    assert _without_tokens(snapshot()) == _without_tokens(before)
    assert client.patch(url, json={"milestones": []}).get_json()["milestones"] == []


def test_archive_restore_and_delete(api, staff, institution):
    record = project(institution)
    client = api(staff)
    url = f"/api/v1/projects/{record.id}"
    assert client.patch(url, json={"archived": True}).get_json()["archived"] is True
    assert client.get("/api/v1/projects").get_json()["total"] == 0
    assert client.get("/api/v1/projects?archived=only").get_json()["total"] == 1
    assert client.patch(url, json={"archived": False}).get_json()["archived"] is False
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_roles_as_in_the_pages(api, viewer, staff, institution, other_institution):
    mine = project(institution)
    theirs = project(other_institution)
    hidden = project(other_institution, visibility="member")
    reader = api(viewer)
    assert reader.get(f"/api/v1/projects/{mine.id}").status_code == 200
    assert reader.post("/api/v1/projects", json={"name": "P", "kind": "other"}).status_code == 403
    assert reader.patch(f"/api/v1/projects/{mine.id}", json={"name": "X"}).status_code == 403
    assert reader.delete(f"/api/v1/projects/{mine.id}").status_code == 403
    editor = api(staff)
    assert editor.get(f"/api/v1/projects/{hidden.id}").status_code == 404
    assert editor.patch(f"/api/v1/projects/{hidden.id}", json={}).status_code == 404
    assert editor.patch(f"/api/v1/projects/{theirs.id}", json={"name": "X"}).status_code == 200
    assert editor.delete(f"/api/v1/projects/{theirs.id}").status_code == 403


def test_links_the_caller_cannot_see_are_neither_shown_nor_lost(
    api, staff, institution, other_institution
):
    hidden = mission(other_institution, visibility="member")
    record = project(institution, missions=[hidden])
    client = api(staff)
    url = f"/api/v1/projects/{record.id}"
    assert client.get(url).get_json()["mission_ids"] == []
    visit = mission(institution)
    assert client.patch(url, json={"mission_ids": [visit.id]}).get_json()["mission_ids"] == [
        visit.id
    ]
    db.session.refresh(record)
    assert {m.id for m in record.missions} == {hidden.id, visit.id}


def test_a_partner_made_private_by_another_member_is_neither_shown_nor_lost(
    api, staff, institution, other_institution
):
    theirs = factories.organization(other_institution, name="OCP", country="MA")
    ours = factories.organization(institution, name="INMQ")
    record = project(institution)
    client = api(staff)
    url = f"/api/v1/projects/{record.id}"
    both = [{"organization_id": theirs.id, "role": "x"}, {"organization_id": ours.id}]
    added = client.patch(url, json={"partners": both})
    assert added.status_code == 200, added.get_json()
    theirs.visibility = "member"
    db.session.commit()
    shown = [{"organization_id": ours.id, "role": None}]
    assert client.get(url).get_json()["partners"] == shown
    listed = client.get("/api/v1/projects").get_json()["items"]
    assert [item["partners"] for item in listed] == [shown]

    changed = client.patch(url, json={"description": "Programme révisé"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["partners"] == shown
    again = client.patch(url, json={"partners": [{"organization_id": ours.id, "role": "Hôte"}]})
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["partners"] == [{"organization_id": ours.id, "role": "Hôte"}]
    emptied = client.patch(url, json={"partners": []})
    assert emptied.get_json()["partners"] == []
    db.session.refresh(record)
    assert {(p.organization_id, p.role) for p in record.partners} == {(theirs.id, "x")}

    # naming the hidden organization is refused as a wrong id is, nothing changed
    before = snapshot()
    for unknown in (theirs.id, 999_999):
        refused = client.patch(url, json={"partners": [{"organization_id": unknown}]})
        assert refused.status_code == 422
        assert set(refused.get_json()["errors"]) == {"partners.0.organization_id"}
    assert _without_tokens(snapshot()) == _without_tokens(before)


def test_the_partner_filter_knows_no_hidden_organization(
    api, staff, institution, other_institution
):
    hidden = factories.organization(other_institution, name="Secret", visibility="member")
    shared = factories.organization(other_institution, name="OCP")
    project(
        other_institution,
        name="Commun",
        partners=[ProjectPartner(organization=hidden), ProjectPartner(organization=shared)],
    )
    client = api(staff)
    assert client.get(f"/api/v1/projects?partner={hidden.id}").get_json()["total"] == 0
    assert client.get(f"/api/v1/projects?partner={shared.id}").get_json()["total"] == 1
    theirs = api(factories.user(institution=other_institution))
    assert theirs.get(f"/api/v1/projects?partner={hidden.id}").get_json()["total"] == 1
