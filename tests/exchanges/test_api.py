"""Student exchanges through the API: list, create, read, change (status steps included),
archive, delete; and Law 25: another institution's member exchanges do not exist for it."""

from __future__ import annotations

from datetime import date

import pytest

from crm.exchanges.models import ExchangeStatus
from tests import factories
from tests.conftest import snapshot
from tests.exchanges import factories as exchange_factories


def _body(student, partner, **values) -> dict:
    return {
        "student_id": student.id,
        "partner_organization_id": partner.id,
        "direction": "outgoing",
        "starts_on": "2026-08-24",
        "ends_on": "2026-12-18",
    } | values


def _without_tokens(rows: dict) -> dict:
    return {name: value for name, value in rows.items() if name != "api_tokens"}


def test_create_answers_201_with_the_record_and_its_location(api, staff, institution):
    student = exchange_factories.student_contact(institution)
    partner = factories.organization(institution, name="École des mines", country="MA")
    agreement = exchange_factories.agreement(institution, parties=[partner])
    response = api(staff).post(
        "/api/v1/exchanges",
        json=_body(student, partner, agreement_id=agreement.id, programme=" Génie minier "),
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "nominated"
    assert body["visibility"] == "member"  # a student's exchange is private unless chosen
    assert body["programme"] == "Génie minier"
    assert body["agreement_id"] == agreement.id
    assert body["academic_year"] == "2026-2027"
    assert body["institution_id"] == staff.institution_id
    assert response.headers["Location"] == f"/api/v1/exchanges/{body['id']}"
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert api(staff).get(response.headers["Location"]).get_json() == body


def test_the_minimum_is_a_student_a_partner_a_direction_and_dates(api, staff):
    before = snapshot()
    response = api(staff).post("/api/v1/exchanges", json={"programme": "X"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert set(response.get_json()["errors"]) == {
        "student_id",
        "partner_organization_id",
        "direction",
        "starts_on",
        "ends_on",
    }
    assert _without_tokens(snapshot()) == _without_tokens(before)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"student_id": 999_999}, "student_id"),
        ({"partner_organization_id": 999_999}, "partner_organization_id"),
        ({"agreement_id": 999_999}, "agreement_id"),
        ({"student_id": 2**31}, "student_id"),
        ({"starts_on": "2026-12-19"}, "ends_on"),
        ({"status": "finished"}, "status"),
    ],
)
def test_unknown_records_and_broken_rules_are_422_naming_the_field(
    api, staff, institution, change, field
):
    student = exchange_factories.student_contact(institution)
    partner = factories.organization(institution)
    response = api(staff).post("/api/v1/exchanges", json=_body(student, partner) | change)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]


def test_records_the_caller_may_not_see_or_that_are_not_students_are_refused(
    api, staff, institution, other_institution
):
    their_student = exchange_factories.student_contact(other_institution)
    their_partner = factories.organization(other_institution, visibility="member")
    their_agreement = exchange_factories.agreement(other_institution, visibility="member")
    student = exchange_factories.student_contact(institution)
    not_a_student = factories.contact(institution)
    partner = factories.organization(institution)
    client = api(staff)
    for body, field in [
        (_body(their_student, partner), "student_id"),
        (_body(not_a_student, partner), "student_id"),
        (_body(student, their_partner), "partner_organization_id"),
        (_body(student, partner, agreement_id=their_agreement.id), "agreement_id"),
    ]:
        response = client.post("/api/v1/exchanges", json=body)
        assert response.status_code == 422, body
        assert list(response.get_json()["errors"]) == [field]


def test_a_private_students_exchange_cannot_be_shared(api, staff, institution):
    student = exchange_factories.student_contact(institution)  # member by default
    partner = factories.organization(institution)
    response = api(staff).post(
        "/api/v1/exchanges", json=_body(student, partner, visibility="consortium")
    )
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["visibility"]


def test_list_filters_pages_and_hides_other_members_exchanges(
    api, staff, institution, other_institution
):
    ema = factories.organization(institution, name="École des mines", country="MA")
    lyon = factories.organization(institution, name="Lycée de Lyon", country="FR")
    agreement = exchange_factories.agreement(institution, parties=[ema])

    def exchange(given_name, **values):
        student = exchange_factories.student_contact(institution, given_name=given_name)
        return exchange_factories.exchange(institution, student=student, **values)

    amine = exchange(
        "Amine",
        partner=ema,
        agreement=agreement,
        starts_on=date(2026, 8, 20),
        ends_on=date(2026, 12, 20),
    )
    brigitte = exchange(
        "Brigitte",
        partner=lyon,
        direction="incoming",
        status=ExchangeStatus.ACCEPTED,
        starts_on=date(2027, 1, 10),
        ends_on=date(2027, 5, 1),
    )
    chloe = exchange("Chloé", partner=lyon, starts_on=date(2027, 9, 1), ends_on=date(2027, 12, 1))
    theirs = exchange_factories.student_contact(other_institution, given_name="Secrète")
    exchange_factories.exchange(other_institution, student=theirs, partner=ema)
    client = api(staff)

    def ids(query: str = "") -> list[int]:
        response = client.get("/api/v1/exchanges" + query)
        assert response.status_code == 200, response.get_json()
        return [item["id"] for item in response.get_json()["items"]]

    assert ids() == [chloe.id, brigitte.id, amine.id]  # newest start first, as the page
    assert ids("?sort=start") == [amine.id, brigitte.id, chloe.id]
    assert ids("?direction=incoming") == [brigitte.id]
    assert ids("?status=accepted") == [brigitte.id]
    assert ids(f"?partner={lyon.id}") == [chloe.id, brigitte.id]
    assert ids(f"?agreement={agreement.id}") == [amine.id]
    assert ids("?year=2026-2027") == [brigitte.id, amine.id]
    assert ids("?country=ma") == [amine.id]
    assert ids("?institution=CSI") == [chloe.id, brigitte.id, amine.id]
    page = client.get("/api/v1/exchanges?per_page=2&page=2").get_json()
    assert [item["id"] for item in page["items"]] == [amine.id]
    assert page["total"] == 3 and page["per_page"] == 2
    for bad in ("year=2026-2028", "year=99999-100000", "partner=0", "status=done", "page=0"):
        response = client.get(f"/api/v1/exchanges?{bad}")
        assert response.status_code == 422, bad


def test_patch_changes_only_what_is_sent_and_refuses_a_stale_if_match(api, staff, institution):
    exchange = exchange_factories.exchange(institution, programme="Génie minier")
    client = api(staff)
    url = f"/api/v1/exchanges/{exchange.id}"
    etag = client.get(url).headers["ETag"]
    changed = client.patch(url, json={"ends_on": "2027-01-15"}, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["ends_on"] == "2027-01-15"
    assert changed.get_json()["programme"] == "Génie minier"
    before = snapshot()
    assert client.patch(url, json={"programme": "X"}, headers={"If-Match": etag}).status_code == 412
    assert client.patch(url, json={"programme": "X", "version": 1}).status_code == 412
    assert client.delete(url, headers={"If-Match": etag}).status_code == 412
    assert snapshot()["student_exchanges"] == before["student_exchanges"]
    assert client.patch(url, json={"ends_on": "2026-01-01"}).status_code == 422
    assert client.patch(url, json={"starts_on": None}).status_code == 422


def test_status_moves_one_step_at_a_time(api, staff, institution):
    exchange = exchange_factories.exchange(institution)
    client = api(staff)
    url = f"/api/v1/exchanges/{exchange.id}"
    before = snapshot()
    skipped = client.patch(url, json={"status": "completed", "programme": "X"})
    assert skipped.status_code == 409
    assert skipped.mimetype == "application/problem+json"
    assert snapshot()["student_exchanges"] == before["student_exchanges"]
    for status in ("accepted", "accepted", "in_progress", "completed"):
        response = client.patch(url, json={"status": status})
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == status
    assert client.patch(url, json={"status": "cancelled"}).status_code == 409


def test_archive_restore_and_delete(api, staff, institution):
    exchange = exchange_factories.exchange(institution)
    client = api(staff)
    url = f"/api/v1/exchanges/{exchange.id}"
    assert client.patch(url, json={"archived": True}).get_json()["archived"] is True
    assert client.get("/api/v1/exchanges").get_json()["total"] == 0
    assert client.get("/api/v1/exchanges?archived=only").get_json()["total"] == 1
    assert client.patch(url, json={"archived": False}).get_json()["archived"] is False
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_roles_as_in_the_pages(api, viewer, staff, institution, other_institution):
    mine = exchange_factories.exchange(institution)
    student = exchange_factories.student_contact(institution)
    partner = factories.organization(institution)
    theirs = exchange_factories.exchange(other_institution)  # member: does not exist for us
    reader = api(viewer)
    url = f"/api/v1/exchanges/{mine.id}"
    before = snapshot()
    assert reader.get(url).status_code == 200
    assert reader.post("/api/v1/exchanges", json=_body(student, partner)).status_code == 403
    assert reader.patch(url, json={"status": "accepted"}).status_code == 403
    assert reader.delete(url).status_code == 403
    assert _without_tokens(snapshot()) == _without_tokens(before)
    editor = api(staff)
    for response in (
        editor.get(f"/api/v1/exchanges/{theirs.id}"),
        editor.patch(f"/api/v1/exchanges/{theirs.id}", json={"programme": "X"}),
        editor.delete(f"/api/v1/exchanges/{theirs.id}"),
    ):
        assert response.status_code == 404
    assert editor.get("/api/v1/exchanges").get_json()["total"] == 1


def test_a_student_partner_or_agreement_made_private_is_null(
    api, staff, institution, other_institution
):
    from crm.extensions import db

    student = exchange_factories.student_contact(other_institution, visibility="consortium")
    partner = factories.organization(other_institution, name="Lycée Ibn Sina")
    agreement = exchange_factories.agreement(other_institution)
    record = exchange_factories.exchange(
        other_institution,
        student=student,
        partner=partner,
        agreement=agreement,
        visibility="consortium",
    )
    url = f"/api/v1/exchanges/{record.id}"
    client = api(staff)
    shown = client.get(url).get_json()
    assert (shown["student_id"], shown["partner_organization_id"], shown["agreement_id"]) == (
        student.id,
        partner.id,
        agreement.id,
    )
    for linked in (student, partner, agreement):
        linked.visibility = "member"
    db.session.commit()
    shown = client.get(url).get_json()
    assert (shown["student_id"], shown["partner_organization_id"], shown["agreement_id"]) == (
        None,
        None,
        None,
    )
    listed = client.get("/api/v1/exchanges").get_json()["items"]
    assert [item["student_id"] for item in listed] == [None]
    theirs = api(factories.user(institution=other_institution)).get(url).get_json()
    assert theirs["student_id"] == student.id
