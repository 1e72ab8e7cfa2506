"""Agreements through the API: their terms, the workflow's steps and history, documents."""

from __future__ import annotations

from datetime import date

import pytest

from crm.agreements.models import Agreement, AgreementDocument
from crm.extensions import db
from tests import factories
from tests.agreements import factories as agreements
from tests.conftest import snapshot
from tests.missions.factories import mission

URL = "/api/v1/agreements"


def _without_tokens(tables: dict) -> dict:
    return {name: rows for name, rows in tables.items() if name != "api_tokens"}


def _step(client, agreement_id: int, action: str, **body):
    return client.post(f"{URL}/{agreement_id}/transitions", json={"action": action} | body)


def test_create_answers_201_with_the_terms_and_its_location(api, staff, institution):
    partner = factories.organization(institution, name="Université Hassan II")
    signatory = factories.contact(institution, organization=partner)
    body = {
        "title": "Entente de mobilité",
        "kind": "student_exchange",
        "member_institution_ids": [institution.id],
        "organization_ids": [partner.id],
        "signatory_contact_ids": [signatory.id],
        "signatory_user_ids": [staff.id],
        "effective_on": "2026-08-01",
        "expires_on": "2031-07-31",
        "quotas": [{"academic_year": "2026-2027", "direction": "outgoing", "places": 4}],
    }
    response = api(staff).post(URL, json=body)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert {name: created[name] for name in body} == body
    assert created["status"] == "draft"
    assert created["visibility"] == "consortium"
    assert created["institution_id"] == staff.institution_id
    assert created["actions"] == ["submit"]
    assert created["documents"] == [] and created["approvals"] == []
    assert response.headers["Location"] == f"{URL}/{created['id']}"
    assert response.headers["ETag"] == f'"{created["version"]}"'
    assert api(staff).get(response.headers["Location"]).get_json() == created


def test_the_minimum_is_a_title_and_a_kind(api, staff):
    before = snapshot()
    response = api(staff).post(URL, json={"summary": "Sans titre"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert set(response.get_json()["errors"]) == {"title", "kind"}
    assert _without_tokens(snapshot()) == _without_tokens(before)
    created = api(staff).post(URL, json={"title": "Entente", "kind": "research"})
    assert created.status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "   "}, "title"),
        ({"status": "signed"}, "status"),
        ({"expires_on": "2026-01-01", "effective_on": "2026-06-01"}, "expires_on"),
        (
            {"quotas": [{"academic_year": "2026-2028", "direction": "incoming", "places": 1}]},
            "quotas.0.academic_year",
        ),
        (
            {"quotas": [{"academic_year": "2026-2027", "direction": "incoming", "places": 1}] * 2},
            "quotas",
        ),
        (
            {"quotas": [{"academic_year": "2026-2027", "direction": "up", "places": -1}]},
            "quotas.0.direction",
        ),
        ({"renewal_notice_days": 4000}, "renewal_notice_days"),
        ({"organization_ids": [2**31 - 1]}, "organization_ids"),
        ({"mission_id": 123456}, "mission_id"),
        ({"member_institution_ids": ["x"]}, "member_institution_ids.0"),
    ],
)
def test_invalid_terms_are_refused_naming_the_field(api, staff, body, field):
    before = snapshot()
    response = api(staff).post(URL, json={"title": "Entente", "kind": "research"} | body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]
    assert _without_tokens(snapshot()) == _without_tokens(before)


def test_links_to_what_the_caller_cannot_see_are_refused_like_unknown_ids(
    api, staff, institution, other_institution
):
    hidden = factories.organization(other_institution, name="Secret", visibility="member")
    shown = factories.organization(other_institution, name="Partagée")
    student = factories.contact(institution, organization=shown, is_student=True)
    client = api(staff)
    base = {"title": "Entente", "kind": "research"}
    response = client.post(URL, json=base | {"organization_ids": [hidden.id]})
    assert response.status_code == 422
    assert "organization_ids" in response.get_json()["errors"]
    # a student is no signatory, as in the form
    response = client.post(
        URL, json=base | {"organization_ids": [shown.id], "signatory_contact_ids": [student.id]}
    )
    assert response.status_code == 422
    assert "signatory_contact_ids" in response.get_json()["errors"]


def test_list_filters_pages_and_hides_other_members_private_agreements(
    api, staff, institution, other_institution
):
    partner = factories.organization(institution, name="INMQ", country="CA")
    agreements.agreement(
        institution, title="Mines", organizations=[partner], expires_on=date(2027, 1, 1)
    )
    agreements.agreement(institution, title="Forêts", kind="research", status="active")
    agreements.agreement(other_institution, title="Secret", visibility="member")
    agreements.agreement(other_institution, title="Partagée")
    client = api(staff)

    def titles(query: str) -> list[str]:
        body = client.get(f"{URL}?{query}").get_json()
        assert "items" in body, body
        return [item["title"] for item in body["items"]]

    assert titles("sort=title") == ["Forêts", "Mines", "Partagée"]
    assert titles("status=active") == ["Forêts"]
    assert titles("kind=research") == ["Forêts"]
    assert titles("country=ca") == ["Mines"]
    assert titles(f"organization={partner.id}") == ["Mines"]
    assert titles("expires_from=2026-12-01&expires_to=2027-02-01") == ["Mines"]
    assert titles(f"institution={other_institution.code}") == ["Partagée"]
    assert titles("q=foret") == ["Forêts"]
    body = client.get(f"{URL}?sort=-title&per_page=2&page=2").get_json()
    assert [i["title"] for i in body["items"]] == ["Forêts"]
    assert (body["total"], body["page"], body["per_page"]) == (3, 2, 2)
    assert client.get(f"{URL}?status=unknown").status_code == 422
    assert client.get(f"{URL}?per_page=201").status_code == 422


def test_patch_changes_only_what_is_sent_and_refuses_a_stale_if_match(api, staff, institution):
    agreement = agreements.agreement(
        institution, title="Entente", summary="Texte", quotas=[("2026-2027", "incoming", 2)]
    )
    client = api(staff)
    url = f"{URL}/{agreement.id}"
    etag = client.get(url).headers["ETag"]
    quotas = [{"academic_year": "2026-2027", "direction": "incoming", "places": 3}]
    changed = client.patch(
        url, json={"title": "Entente révisée", "quotas": quotas}, headers={"If-Match": etag}
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["title"] == "Entente révisée"
    assert changed.get_json()["summary"] == "Texte"
    assert changed.get_json()["quotas"] == quotas
    assert changed.headers["ETag"] != etag
    before = snapshot()
    assert client.patch(url, json={"title": "Non"}, headers={"If-Match": etag}).status_code == 412
    assert client.patch(url, json={"title": "Non", "version": 1}).status_code == 412
    assert client.delete(url, headers={"If-Match": etag}).status_code == 412
    assert _step(client, agreement.id, "submit", version=1).status_code == 412
    assert _without_tokens(snapshot()) == _without_tokens(before)


def test_terms_are_locked_during_review_but_it_can_be_archived(api, staff, institution):
    agreement = agreements.agreement(institution, status="under_review")
    client = api(staff)
    url = f"{URL}/{agreement.id}"
    before = snapshot()
    response = client.patch(url, json={"title": "Changée"})
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert client.patch(url, json={"status": "draft"}).status_code == 422
    assert _without_tokens(snapshot()) == _without_tokens(before)
    assert client.patch(url, json={"archived": True}).get_json()["archived"] is True
    assert client.get(URL).get_json()["total"] == 0
    assert client.get(f"{URL}?archived=only").get_json()["total"] == 1


def test_archive_restore_and_delete(api, staff, institution):
    agreement = agreements.agreement(institution)
    agreement.documents.append(
        AgreementDocument(
            filename="annexe.pdf", content_type="application/pdf", size=5, sha256="0" * 64
        )
    )
    db.session.commit()
    agreement_id = agreement.id
    client = api(staff)
    url = f"{URL}/{agreement_id}"
    [document] = client.get(url).get_json()["documents"]
    assert document["name"] == "annexe.pdf" and document["size"] == 5
    assert document["content_type"] == "application/pdf"
    assert document["url"] == f"/agreements/{agreement_id}/documents/{document['id']}"
    assert client.patch(url, json={"archived": True}).get_json()["archived"] is True
    assert client.patch(url, json={"archived": False}).get_json()["archived"] is False
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    db.session.rollback()
    assert db.session.get(Agreement, agreement_id) is None


def test_roles_as_in_the_pages(api, viewer, staff, institution, other_institution):
    mine = agreements.agreement(institution)
    theirs = agreements.agreement(other_institution, title="Partagée")
    private = agreements.agreement(other_institution, title="Secret", visibility="member")
    reader = api(viewer)
    before = snapshot()
    assert reader.get(f"{URL}/{mine.id}").status_code == 200
    assert reader.get(f"{URL}/{mine.id}").get_json()["actions"] == []
    assert reader.post(URL, json={"title": "X", "kind": "research"}).status_code == 403
    assert reader.patch(f"{URL}/{mine.id}", json={"title": "X"}).status_code == 403
    assert reader.delete(f"{URL}/{mine.id}").status_code == 403
    assert _step(reader, mine.id, "submit").status_code == 403
    assert reader.get(f"{URL}/{mine.id}/transitions").status_code == 200
    editor = api(staff)
    for path in ("", "/transitions"):
        assert editor.get(f"{URL}/{private.id}{path}").status_code == 404
    assert editor.patch(f"{URL}/{private.id}", json={"title": "X"}).status_code == 404
    assert _step(editor, private.id, "submit").status_code == 404
    assert _without_tokens(snapshot()) == _without_tokens(before)
    # a shared agreement of another member: editable, not deletable
    assert editor.patch(f"{URL}/{theirs.id}", json={"summary": "X"}).status_code == 200
    assert editor.delete(f"{URL}/{theirs.id}").status_code == 403


def test_every_member_partys_director_approves_before_it_is_approved(api, institution):
    members = [institution, factories.institution(code="CXA"), factories.institution(code="CXB")]
    directors = [factories.user(role="director", institution=i) for i in members]
    staff = factories.user(role="staff", institution=members[0])
    agreement = agreements.agreement(institution, title="Consortium", parties=members)
    response = _step(api(staff), agreement.id, "submit", comment="Prête")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "under_review"
    assert response.get_json()["pending_institution_ids"] == [m.id for m in members]
    assert _step(api(staff), agreement.id, "approve").status_code == 403
    for director in directors[:2]:
        response = _step(api(director), agreement.id, "approve", comment="D’accord")
        assert response.status_code == 200
        assert response.get_json()["status"] == "under_review"
    assert response.get_json()["pending_institution_ids"] == [members[2].id]
    again = _step(api(directors[0]), agreement.id, "approve")
    assert again.status_code == 409
    response = _step(api(directors[2]), agreement.id, "approve")
    assert response.get_json()["status"] == "approved"
    assert {a["institution_id"] for a in response.get_json()["approvals"]} == {
        m.id for m in members
    }
    history = api(staff).get(f"{URL}/{agreement.id}/transitions").get_json()
    assert [(h["action"], h["to_status"]) for h in history["items"]] == [
        ("submit", "under_review"),
        ("approve", "under_review"),
        ("approve", "under_review"),
        ("approve", "approved"),
    ]
    assert history["items"][0]["user_id"] == staff.id
    assert history["items"][0]["comment"] == "Prête"
    assert history["items"][1]["institution_id"] == members[0].id
    assert history["total"] == 4 and "at" in history["items"][0]


def test_steps_refused_by_status_or_missing_details(api, director, institution):
    agreement = agreements.agreement(institution, status="approved")
    client = api(director)
    before = snapshot()
    response = _step(client, agreement.id, "activate")
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    response = _step(client, agreement.id, "sign", signed_at="Rouyn-Noranda")
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"signed_on"}
    response = _step(client, agreement.id, "sign", signed_on="2026-09-01")
    assert set(response.get_json()["errors"]) == {"signed_at"}
    assert _step(client, agreement.id, "fly").status_code == 422
    assert _step(client, agreement.id, "sign", signed_on="x").status_code == 422
    assert _without_tokens(snapshot()) == _without_tokens(before)
    response = _step(
        client, agreement.id, "sign", signed_on="2026-09-01", signed_at="Rouyn-Noranda"
    )
    assert response.status_code == 200
    signed = response.get_json()
    assert (signed["status"], signed["signed_on"], signed["signed_at"]) == (
        "signed",
        "2026-09-01",
        "Rouyn-Noranda",
    )
    assert response.headers["ETag"] == f'"{signed["version"]}"'


def test_return_needs_a_comment(api, director, institution):
    agreement = agreements.agreement(institution, status="under_review")
    client = api(director)
    response = _step(client, agreement.id, "return")
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"comment"}
    response = _step(client, agreement.id, "return", comment="Revoir l’article 3")
    assert response.get_json()["status"] == "draft"


def test_renew_answers_201_with_the_new_draft(api, staff, institution):
    partner = factories.organization(institution)
    agreement = agreements.agreement(
        institution,
        status="active",
        organizations=[partner],
        quotas=[("2026-2027", "outgoing", 2)],
    )
    client = api(staff)
    response = _step(client, agreement.id, "renew")
    assert response.status_code == 201, response.get_json()
    renewal = response.get_json()
    assert response.headers["Location"] == f"{URL}/{renewal['id']}"
    assert renewal["status"] == "draft" and renewal["renews_id"] == agreement.id
    assert renewal["organization_ids"] == [partner.id]
    assert renewal["quotas"] == [
        {"academic_year": "2026-2027", "direction": "outgoing", "places": 2}
    ]
    old = client.get(f"{URL}/{agreement.id}").get_json()
    assert old["renewed_by_ids"] == [renewal["id"]] and old["status"] == "active"
    assert _step(client, agreement.id, "renew").status_code == 409


def test_terminate_is_for_a_director(api, staff, director, institution):
    agreement = agreements.agreement(institution, status="active")
    assert _step(api(staff), agreement.id, "terminate").status_code == 403
    response = _step(api(director), agreement.id, "terminate", comment="Fin")
    assert response.get_json()["status"] == "terminated"
    assert response.get_json()["actions"] == []


def test_a_renewal_retried_with_the_same_key_creates_one_draft(api, staff, institution):
    agreement = agreements.agreement(institution, status="active")
    client = api(staff)
    headers = {"Idempotency-Key": "renew-1"}
    first = client.post(
        f"{URL}/{agreement.id}/transitions", json={"action": "renew"}, headers=headers
    )
    again = client.post(
        f"{URL}/{agreement.id}/transitions", json={"action": "renew"}, headers=headers
    )
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    assert client.get(URL).get_json()["total"] == 2


def test_a_private_mission_or_renewal_of_another_member_is_null_and_kept(
    api, staff, institution, other_institution
):
    hidden = mission(other_institution, name="Mission confidentielle", visibility="member")
    record = agreements.agreement(other_institution, title="Entente commune", mission=hidden)
    renewal = agreements.agreement(other_institution, renews=record, visibility="member")
    url = f"{URL}/{record.id}"
    client = api(staff)
    shown = client.get(url).get_json()
    assert shown["mission_id"] is None
    assert shown["renewed_by_ids"] == []
    listed = client.get(f"{URL}?q=commune").get_json()["items"]
    assert [item["mission_id"] for item in listed] == [None]
    theirs = api(factories.user(institution=other_institution)).get(url).get_json()
    assert theirs["mission_id"] == hidden.id
    assert theirs["renewed_by_ids"] == [renewal.id]

    # a PATCH without mission_id, or sending back the null it was shown, keeps it
    changed = client.patch(url, json={"summary": "Révisée"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["mission_id"] is None
    version = changed.get_json()["version"]
    same = client.patch(url, json={"mission_id": None, "summary": "Révisée"})
    assert same.status_code == 200, same.get_json()
    assert same.get_json()["version"] == version  # nothing changed
    # naming the hidden mission is refused as an unknown id is
    refused = client.patch(url, json={"mission_id": hidden.id})
    assert refused.status_code == 422
    assert "mission_id" in refused.get_json()["errors"]
    db.session.refresh(record)
    assert record.mission_id == hidden.id
    assert record.summary == "Révisée"


def test_a_renewed_private_agreement_is_not_named_by_its_renewal(
    api, staff, institution, other_institution
):
    older = agreements.agreement(other_institution, visibility="member")
    renewal = agreements.agreement(other_institution, renews=older)
    assert api(staff).get(f"{URL}/{renewal.id}").get_json()["renews_id"] is None


def test_a_quota_in_a_patch_is_sent_whole(api, director, institution):
    from tests.agreements import factories as agreements

    record = agreements.agreement(institution, "Entente à quotas")
    client = api(director)
    etag = client.get(f"/api/v1/agreements/{record.id}").headers["ETag"]
    response = client.patch(
        f"/api/v1/agreements/{record.id}",
        json={"quotas": [{"academic_year": "2026-2027"}]},
        headers={"If-Match": etag},
    )
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"quotas.0.direction", "quotas.0.places"}
