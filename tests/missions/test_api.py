"""Missions through the API: list, create, read, change, archive, delete, the meetings
recorded during them and the follow-ups they call for."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from crm.core.clock import today, zone
from crm.extensions import db
from crm.interactions.models import Interaction
from tests import factories
from tests.conftest import snapshot
from tests.missions.factories import meeting, mission

MISSION = {"name": "Mission au Maroc", "country": "ma", "starts_on": "2026-03-21",
           "ends_on": "2026-03-27"}  # fmt: skip


def _without_tokens(state: dict) -> dict:
    return {k: v for k, v in state.items() if k != "api_tokens"}


def test_create_answers_201_with_the_record_and_its_location(api, staff, institution):
    body = MISSION | {"delegate_ids": [staff.id], "delegation_institution_ids": [institution.id]}
    response = api(staff).post("/api/v1/missions", json=body)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["country"] == "MA"
    assert created["status"] == "planned"
    assert created["visibility"] == "consortium"
    assert created["delegate_ids"] == [staff.id]
    assert created["delegation_institution_ids"] == [institution.id]
    assert response.headers["Location"] == f"/api/v1/missions/{created['id']}"
    assert response.headers["ETag"] == f'"{created["version"]}"'
    assert api(staff).get(response.headers["Location"]).get_json() == created


def test_the_minimum_is_what_the_form_requires(api, staff):
    before = snapshot()
    response = api(staff).post("/api/v1/missions", json={"cities": "Rabat"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert set(response.get_json()["errors"]) == {"name", "country", "starts_on", "ends_on"}
    blank = api(staff).post("/api/v1/missions", json=MISSION | {"name": "  "})
    assert set(blank.get_json()["errors"]) == {"name"}
    assert _without_tokens(snapshot()) == _without_tokens(before)


def test_refuses_dates_out_of_order_and_unknown_delegation(api, staff, institution):
    client = api(staff)
    before = snapshot()
    wrong = client.post("/api/v1/missions", json=MISSION | {"ends_on": "2026-03-01"})
    assert wrong.status_code == 422
    assert set(wrong.get_json()["errors"]) == {"ends_on"}
    gone = factories.user(institution=institution)
    gone.is_active = False
    db.session.commit()
    for body, field in (
        ({"delegate_ids": [999_999]}, "delegate_ids"),
        ({"delegate_ids": [gone.id]}, "delegate_ids"),
        ({"delegation_institution_ids": [999_999]}, "delegation_institution_ids"),
        ({"delegate_ids": ["x"]}, "delegate_ids.0"),
    ):
        response = client.post("/api/v1/missions", json=MISSION | body)
        assert response.status_code == 422, body
        assert set(response.get_json()["errors"]) == {field}
    assert snapshot()["missions"] == before["missions"]
    # a PATCH is checked against the record's other values
    record = mission(institution, starts_on=date(2026, 3, 21))
    response = client.patch(f"/api/v1/missions/{record.id}", json={"ends_on": "2026-03-20"})
    assert response.status_code == 422


def test_list_filters_pages_and_hides_other_members_private_records(
    api, staff, institution, other_institution
):
    mission(institution, name="Maroc", country="MA", starts_on=date(2026, 3, 21),
            delegation_institutions=[institution])  # fmt: skip
    mission(institution, name="Sénégal", country="SN", starts_on=date(2026, 5, 2))
    mission(other_institution, name="Secret", country="MA", visibility="member")
    client = api(staff)
    body = client.get("/api/v1/missions?country=MA").get_json()
    assert [item["name"] for item in body["items"]] == ["Maroc"]
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 50
    assert client.get("/api/v1/missions?start_from=2026-04-01").get_json()["total"] == 1
    body = client.get(f"/api/v1/missions?institution={institution.code}").get_json()
    assert [item["name"] for item in body["items"]] == ["Maroc"]
    two = client.get("/api/v1/missions?per_page=1&page=2").get_json()  # latest first
    assert [item["name"] for item in two["items"]] == ["Maroc"]
    assert client.get("/api/v1/missions?sort=name").get_json()["items"][0]["name"] == "Maroc"
    assert client.get("/api/v1/missions?status=nope").status_code == 422


def test_patch_changes_only_what_is_sent_and_refuses_a_stale_if_match(
    api, staff, director, institution
):
    record = mission(institution, name="Maroc", cities="Rabat", delegates=[staff])
    client = api(staff)
    url = f"/api/v1/missions/{record.id}"
    etag = client.get(url).headers["ETag"]
    changed = client.patch(url, json={"cities": "Rabat, Fès"}, headers={"If-Match": etag})
    assert changed.status_code == 200
    assert changed.get_json()["cities"] == "Rabat, Fès"
    assert changed.get_json()["delegate_ids"] == [staff.id]
    before = snapshot()
    assert client.patch(url, json={"cities": "X"}, headers={"If-Match": etag}).status_code == 412
    assert client.patch(url, json={"cities": "X", "version": 1}).status_code == 412
    assert client.delete(url, headers={"If-Match": etag}).status_code == 412
    assert snapshot()["missions"] == before["missions"]
    both = client.patch(url, json={"delegate_ids": [staff.id, director.id]}).get_json()
    assert sorted(both["delegate_ids"]) == sorted([staff.id, director.id])
    assert both["version"] > changed.get_json()["version"]


def test_archive_restore_and_delete(api, staff, institution):
    record = mission(institution)
    client = api(staff)
    url = f"/api/v1/missions/{record.id}"
    assert client.patch(url, json={"archived": True}).get_json()["archived"] is True
    assert client.get("/api/v1/missions").get_json()["total"] == 0
    assert client.get("/api/v1/missions?archived=only").get_json()["total"] == 1
    assert client.patch(url, json={"archived": False}).get_json()["archived"] is False
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_roles_as_in_the_pages(api, viewer, staff, institution, other_institution):
    mine = mission(institution)
    hidden = mission(other_institution, visibility="member")
    reader = api(viewer)
    assert reader.get(f"/api/v1/missions/{mine.id}").status_code == 200
    assert reader.post("/api/v1/missions", json=MISSION).status_code == 403
    assert reader.patch(f"/api/v1/missions/{mine.id}", json={"cities": "X"}).status_code == 403
    assert reader.delete(f"/api/v1/missions/{mine.id}").status_code == 403
    assert reader.post(f"/api/v1/missions/{mine.id}/meetings", json={}).status_code == 403
    editor = api(staff)
    for url in (f"/api/v1/missions/{hidden.id}", f"/api/v1/missions/{hidden.id}/meetings"):
        assert editor.get(url).status_code == 404
    assert editor.patch(f"/api/v1/missions/{hidden.id}", json={}).status_code == 404
    assert editor.post(f"/api/v1/missions/{hidden.id}/meetings", json={}).status_code == 404
    assert editor.get("/api/v1/missions/99999/meetings").status_code == 404


def test_meetings_are_listed_as_the_caller_may_see_them(api, staff, institution, other_institution):
    record = mission(institution)
    omar = factories.contact(institution, given_name="Omar")
    meeting(record, [omar], [staff], subject="Rencontre")
    meeting(record, [omar], [staff], institution=other_institution, visibility="member")
    body = api(staff).get(f"/api/v1/missions/{record.id}/meetings").get_json()
    assert body["total"] == 1
    assert body["items"][0]["subject"] == "Rencontre"
    assert body["items"][0]["contact_ids"] == [omar.id]
    assert body["items"][0]["staff_ids"] == [staff.id]


def test_a_meeting_is_recorded_as_the_quick_entry_does(api, staff, institution):
    record = mission(institution, name="Maroc", country="MA")
    omar = factories.contact(institution, given_name="Omar", family_name="Alami")
    client = api(staff)
    url = f"/api/v1/missions/{record.id}/meetings"
    response = client.post(
        url,
        json={
            "contact_ids": [omar.id],
            "new_given_name": "Nadia",
            "new_family_name": "Chraibi",
            "new_organization": "OCP",
            "occurred_at": "2026-03-24T10:00:00",
            "notes": "Stages d'été",
        },
    )
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert response.headers["Location"] == f"/api/v1/interactions/{created['id']}"
    assert "Omar Alami" in created["subject"] and "Nadia Chraibi" in created["subject"]
    assert created["notes"] == "Stages d'été"
    assert created["staff_ids"] == [staff.id]
    saved = db.session.get(Interaction, created["id"])
    assert saved.mission_id == record.id
    assert {c.given_name for c in saved.contacts} == {"Omar", "Nadia"}
    assert next(c for c in saved.contacts if c.given_name == "Nadia").organization.name == "OCP"
    # the time without an offset is the colleges' local time
    listed = client.get(url).get_json()["items"][0]["occurred_at"]
    assert datetime.fromisoformat(listed) == datetime(2026, 3, 24, 10, tzinfo=zone())


def test_a_meeting_needs_someone_known_and_visible(api, staff, institution, other_institution):
    record = mission(institution)
    hidden = factories.contact(other_institution, visibility="member")
    client = api(staff)
    url = f"/api/v1/missions/{record.id}/meetings"
    before = snapshot()
    for body, field in (
        ({"occurred_at": "2026-03-24T10:00"}, "contact_ids"),
        ({"contact_ids": [hidden.id], "occurred_at": "2026-03-24T10:00"}, "contact_ids"),
        ({"contact_ids": [999_999], "occurred_at": "2026-03-24T10:00"}, "contact_ids"),
        ({"new_given_name": "Nadia", "occurred_at": "2026-03-24T10:00"}, "new_family_name"),
        ({"new_given_name": "Nadia", "new_family_name": "C"}, "occurred_at"),
    ):
        response = client.post(url, json=body)
        assert response.status_code == 422, body
        assert set(response.get_json()["errors"]) == {field}, body
    assert _without_tokens(snapshot()) == _without_tokens(before)


def test_missing_follow_ups_are_created_as_the_page_button_does(
    api, staff, director, institution, other_institution
):
    colleague = factories.user(role="staff", institution=other_institution)
    record = mission(institution, name="Maroc", delegates=[director, colleague])
    fatima = factories.contact(institution, "Fatima", "Idrissi")
    omar = factories.contact(institution, "Omar", "Tazi")
    youssef = factories.contact(institution, "Youssef", "Benali")
    meeting(record, [fatima], [director], at=datetime(2026, 3, 23, 14, tzinfo=zone()))
    meeting(record, [fatima, omar], [colleague], at=datetime(2026, 3, 24, 14, tzinfo=zone()))
    meeting(record, [youssef], [director])
    factories.follow_up(director, title="Déjà prévu", contact=youssef)
    client = api(staff)
    url = f"/api/v1/missions/{record.id}/follow-ups"

    response = client.post(url, json={"due_in_days": 14})
    assert response.status_code == 201, response.get_json()
    items = response.get_json()["items"]
    assert sorted((f["subject_id"], f["assignee_id"]) for f in items) == sorted(
        [(fatima.id, colleague.id), (omar.id, colleague.id)]  # who met them last
    )
    assert {f["subject_type"] for f in items} == {"contact"}
    assert {f["status"] for f in items} == {"open"}
    assert {f["due_date"] for f in items} == {(today() + timedelta(days=14)).isoformat()}
    assert any("Fatima Idrissi" in f["title"] and "Maroc" in f["title"] for f in items)
    for created in items:  # as the follow-ups' API shows them
        assert client.get(f"/api/v1/follow-ups/{created['id']}").get_json() == created

    before = _without_tokens(snapshot())
    again = client.post(url)
    assert again.status_code == 200
    assert again.get_json() == {"items": []}
    assert _without_tokens(snapshot()) == before


def test_follow_ups_are_due_in_a_week_unless_told(api, staff, institution):
    record = mission(institution, delegates=[staff])
    meeting(record, [factories.contact(institution, "Omar", "Tazi")], [staff])
    response = api(staff).post(f"/api/v1/missions/{record.id}/follow-ups")
    assert response.status_code == 201, response.get_json()
    [created] = response.get_json()["items"]
    assert created["due_date"] == (today() + timedelta(days=7)).isoformat()
    assert created["assignee_id"] == staff.id


def test_follow_ups_refuse_a_number_of_days_the_page_refuses(api, staff, institution):
    record = mission(institution, delegates=[staff])
    meeting(record, [factories.contact(institution)], [staff])
    client = api(staff)
    url = f"/api/v1/missions/{record.id}/follow-ups"
    before = _without_tokens(snapshot())
    for days in (-1, 366, "7", 7.5, None, 10**30):
        response = client.post(url, json={"due_in_days": days})
        assert response.status_code == 422, days
        assert set(response.get_json()["errors"]) == {"due_in_days"}, days
    assert client.post(url, json={"days": 3}).status_code == 422
    assert _without_tokens(snapshot()) == before
    assert client.post(url, json={"due_in_days": 0}).status_code == 201
    assert client.post(url, json={"due_in_days": 365}).status_code == 200  # none missing now


def test_follow_ups_need_the_page_permission(api, viewer, staff, institution, other_institution):
    record = mission(institution, delegates=[staff])
    meeting(record, [factories.contact(institution)], [staff])
    hidden = mission(other_institution, visibility="member")
    before = _without_tokens(snapshot())
    assert api(viewer).post(f"/api/v1/missions/{record.id}/follow-ups").status_code == 403
    editor = api(staff)
    assert editor.post(f"/api/v1/missions/{hidden.id}/follow-ups").status_code == 404
    assert editor.post("/api/v1/missions/99999/follow-ups").status_code == 404
    assert _without_tokens(snapshot()) == before


def test_follow_ups_retried_with_the_same_key_are_made_once(api, staff, institution):
    record = mission(institution, delegates=[staff])
    meeting(record, [factories.contact(institution)], [staff])
    client = api(staff)
    url = f"/api/v1/missions/{record.id}/follow-ups"
    first = client.post(url, json={"due_in_days": 3}, headers={"Idempotency-Key": "k1"})
    again = client.post(url, json={"due_in_days": 3}, headers={"Idempotency-Key": "k1"})
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json() and len(first.get_json()["items"]) == 1
    assert again.headers["Idempotent-Replayed"] == "true"
