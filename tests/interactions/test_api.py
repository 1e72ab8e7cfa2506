"""Interactions through the API: list, log, read, change, archive, delete."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from crm.extensions import db
from crm.interactions.models import Interaction
from tests import factories
from tests.agreements.factories import agreement
from tests.conftest import snapshot
from tests.interactions.factories import interaction
from tests.missions.factories import mission


def _without_tokens(rows: dict) -> dict:
    """Every table but the tokens' (a call records the token's last use)."""
    return {name: value for name, value in rows.items() if name != "api_tokens"}


def _stored(interaction_id: int) -> Interaction:
    db.session.rollback()
    return db.session.get(Interaction, interaction_id)


def test_create_answers_201_with_the_record_and_its_location(api, staff, institution):
    amina = factories.contact(institution, "Amina", "Alaoui")
    trip = mission(institution)
    deal = agreement(institution)
    response = api(staff).post(
        "/api/v1/interactions",
        json={
            "kind": "call",
            "occurred_at": "2026-03-23T10:30",
            "subject": " Appel de suivi ",
            "contact_ids": [amina.id, amina.id],
            "staff_ids": [staff.id],
            "mission_id": trip.id,
            "agreement_id": deal.id,
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["subject"] == "Appel de suivi" and body["kind"] == "call"
    # without an offset, the colleges' wall-clock time (Toronto: UTC-4 in March)
    assert body["occurred_at"] == "2026-03-23T14:30:00+00:00"
    assert body["contact_ids"] == [amina.id] and body["staff_ids"] == [staff.id]
    assert body["mission_id"] == trip.id and body["agreement_id"] == deal.id
    assert body["visibility"] == "consortium"
    assert response.headers["Location"] == f"/api/v1/interactions/{body['id']}"
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert api(staff).get(response.headers["Location"]).get_json() == body


def test_a_moment_with_an_offset_is_that_moment(api, staff):
    response = api(staff).post(
        "/api/v1/interactions",
        json={"occurred_at": "2026-11-01T01:30:00-05:00", "subject": "Après le changement"},
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["occurred_at"] == "2026-11-01T06:30:00+00:00"
    assert response.get_json()["kind"] == "meeting"


def test_the_minimum_is_a_date_and_a_subject(api, staff):
    before = snapshot()
    client = api(staff)
    response = client.post("/api/v1/interactions", json={"location": "Rabat"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert set(response.get_json()["errors"]) == {"occurred_at", "subject"}
    wrong = client.post(
        "/api/v1/interactions",
        json={"occurred_at": "3026-01-01T00:00", "subject": " ", "kind": "dinner"},
    )
    assert set(wrong.get_json()["errors"]) == {"occurred_at", "subject", "kind"}
    assert _without_tokens(snapshot()) == _without_tokens(before)


def test_links_must_be_records_the_caller_sees(api, staff, institution, other_institution):
    hidden_contact = factories.contact(other_institution, visibility="member")
    gone_contact = factories.contact(institution, archived_at=sa.func.now())
    gone_user = factories.user(institution=institution)
    gone_user.is_active = False
    db.session.commit()
    hidden_mission = mission(other_institution, visibility="member")
    hidden_agreement = agreement(other_institution, visibility="member")
    client = api(staff)
    before = snapshot()
    base = {"occurred_at": "2026-03-23T10:30", "subject": "Appel"}
    for field, value in (
        ("contact_ids", [hidden_contact.id]),
        ("contact_ids", [gone_contact.id]),
        ("contact_ids", [2**31 - 1]),
        ("staff_ids", [gone_user.id]),
        ("staff_ids", [2**31 - 1]),
        ("mission_id", hidden_mission.id),
        ("agreement_id", hidden_agreement.id),
        ("agreement_id", 2**31),
        ("contact_ids", ["1"]),
    ):
        response = client.post("/api/v1/interactions", json=base | {field: value})
        assert response.status_code == 422, (field, value)
        assert set(response.get_json()["errors"]) <= {field, f"{field}.0"}, response.get_json()
    assert _without_tokens(snapshot()) == _without_tokens(before)


def test_what_the_caller_cannot_see_stays_linked_and_unshown(
    api, staff, institution, other_institution
):
    amina = factories.contact(institution, "Amina", "Alaoui")
    hidden = factories.contact(other_institution, "Secret", "Privé", visibility="member")
    gone = factories.contact(institution, "Vieux", "Archivé")
    trip = mission(other_institution, visibility="member")
    record = interaction(other_institution, contacts=[amina, hidden, gone], mission=trip)
    gone.archived_at = datetime.now(UTC)
    db.session.commit()
    client = api(staff)
    url = f"/api/v1/interactions/{record.id}"
    body = client.get(url).get_json()
    assert body["contact_ids"] == sorted([amina.id, gone.id]) and body["mission_id"] is None
    changed = client.patch(url, json={"contact_ids": [gone.id], "location": "Rabat"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["contact_ids"] == [gone.id]
    stored = _stored(record.id)
    assert {c.id for c in stored.contacts} == {hidden.id, gone.id}
    assert stored.mission_id == trip.id


def test_list_filters_pages_and_hides_other_members_private_records(
    api, staff, institution, other_institution
):
    amina = factories.contact(
        institution, "Amina", "Alaoui", organization=factories.organization(institution, "OCP")
    )
    trip = mission(institution)
    interaction(institution, [amina], datetime(2026, 3, 23, 14, tzinfo=UTC), "Rabat", mission=trip)
    interaction(other_institution, [], datetime(2026, 3, 24, 3, tzinfo=UTC), "Appel", kind="call")
    interaction(
        institution, [], datetime(2026, 3, 25, 14, tzinfo=UTC), "Vieux", archived_at=sa.func.now()
    )
    interaction(
        other_institution, [], datetime(2026, 3, 25, 14, tzinfo=UTC), "Secret", visibility="member"
    )
    client = api(staff)

    def subjects(query: str) -> list[str]:
        response = client.get("/api/v1/interactions?" + query)
        assert response.status_code == 200, response.get_json()
        return [item["subject"] for item in response.get_json()["items"]]

    assert subjects("") == ["Appel", "Rabat"]
    assert subjects("sort=date") == ["Rabat", "Appel"]
    assert subjects("kind=call") == ["Appel"]
    assert subjects("q=alaoui") == subjects("q=ocp") == ["Rabat"]
    # 03:00 UTC on the 24th is still the 23rd in Toronto
    assert subjects("date_from=2026-03-23&date_to=2026-03-23") == ["Appel", "Rabat"]
    assert subjects("date_from=2026-03-24") == []
    assert subjects("institution=CTH") == ["Appel"]
    assert subjects(f"mission_id={trip.id}") == ["Rabat"]
    assert subjects("archived=only") == ["Vieux"]
    body = client.get("/api/v1/interactions?per_page=1&page=2").get_json()
    assert [item["subject"] for item in body["items"]] == ["Rabat"]
    assert body["total"] == 2 and body["per_page"] == 1
    for query in ("per_page=0", "kind=dinner", "date_from=2026-02-30", "mission_id=99999"):
        assert client.get("/api/v1/interactions?" + query).status_code == 422, query


def test_patch_changes_only_what_is_sent_and_refuses_a_stale_if_match(api, staff, institution):
    amina = factories.contact(institution, "Amina", "Alaoui")
    record = interaction(
        institution,
        [amina],
        datetime(2026, 3, 23, 14, 30, 15, tzinfo=UTC),
        "Rabat",
        location="Rabat",
    )
    client = api(staff)
    url = f"/api/v1/interactions/{record.id}"
    etag = client.get(url).headers["ETag"]
    changed = client.patch(url, json={"summary": "Bonne rencontre."}, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.get_json()
    body = changed.get_json()
    assert body["summary"] == "Bonne rencontre." and body["location"] == "Rabat"
    assert body["occurred_at"] == "2026-03-23T14:30:15+00:00"  # not rounded to the minute
    assert body["contact_ids"] == [amina.id]
    before = snapshot()
    assert client.patch(url, json={"subject": "X"}, headers={"If-Match": etag}).status_code == 412
    assert client.patch(url, json={"subject": "X", "version": 1}).status_code == 412
    assert client.delete(url, headers={"If-Match": etag}).status_code == 412
    assert _without_tokens(snapshot()) == _without_tokens(before)
    moved = client.patch(url, json={"occurred_at": "2026-07-01T09:00", "staff_ids": [staff.id]})
    assert moved.get_json()["occurred_at"] == "2026-07-01T13:00:00+00:00"
    assert moved.get_json()["staff_ids"] == [staff.id]
    for wrong in ({"subject": None}, {"occurred_at": None}, {"contact_ids": None}, {"kind": None}):
        assert client.patch(url, json=wrong).status_code == 422, wrong


def test_archive_restore_and_delete(api, staff, institution):
    record = interaction(institution, subject="Rabat")
    client = api(staff)
    url = f"/api/v1/interactions/{record.id}"
    assert client.patch(url, json={"archived": True}).get_json()["archived"] is True
    assert client.get("/api/v1/interactions").get_json()["total"] == 0
    assert client.get("/api/v1/interactions?archived=all").get_json()["total"] == 1
    assert client.patch(url, json={"archived": False}).get_json()["archived"] is False
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_roles_as_in_the_pages(api, viewer, staff, institution, other_institution):
    mine = interaction(institution, subject="Rabat")
    theirs = interaction(other_institution, subject="Casablanca")
    private = interaction(other_institution, subject="Secret", visibility="member")
    reader = api(viewer)
    before = snapshot()
    assert reader.get(f"/api/v1/interactions/{mine.id}").status_code == 200
    body = {"occurred_at": "2026-03-23T10:30", "subject": "Appel"}
    assert reader.post("/api/v1/interactions", json=body).status_code == 403
    assert reader.patch(f"/api/v1/interactions/{mine.id}", json={"subject": "X"}).status_code == 403
    assert reader.delete(f"/api/v1/interactions/{mine.id}").status_code == 403
    assert _without_tokens(snapshot()) == _without_tokens(before)
    editor = api(staff)
    url = f"/api/v1/interactions/{private.id}"
    assert editor.get(url).status_code == 404
    assert editor.patch(url, json={"subject": "X"}).status_code == 404
    assert editor.delete(url).status_code == 404
    url = f"/api/v1/interactions/{theirs.id}"
    assert editor.patch(url, json={"subject": "X"}).status_code == 200
    assert editor.delete(url).status_code == 403
