"""Follow-ups through the API (on Monday 23 March 2026): list as the pages filter it,
create about a record, read, change, close and reopen, reassign, archive, delete."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from crm.extensions import db
from crm.followups.models import FollowUp
from crm.followups.queries import week_end
from tests import factories
from tests.conftest import snapshot
from tests.exchanges import factories as exchange_factories


def _without_tokens(rows: dict) -> dict:
    return {name: value for name, value in rows.items() if name != "api_tokens"}


def test_create_answers_201_with_the_record_and_its_location(api, staff, institution):
    person = factories.contact(institution, given_name="Fatima", family_name="Zahra")
    colleague = factories.user(role="staff", institution=institution)
    response = api(staff).post(
        "/api/v1/follow-ups",
        json={
            "title": "Envoyer le programme",
            "due_date": "2026-04-02",
            "assignee_id": colleague.id,
            "notes": "  Version révisée  ",
            "subject_type": "contact",
            "subject_id": person.id,
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["due_date"] == "2026-04-02"
    assert body["assignee_id"] == colleague.id
    assert body["status"] == "open" and body["completed_at"] is None
    assert body["notes"] == "Version révisée"
    assert (body["subject_type"], body["subject_id"]) == ("contact", person.id)
    assert body["visibility"] == "consortium"
    assert response.headers["Location"] == f"/api/v1/follow-ups/{body['id']}"
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert api(staff).get(response.headers["Location"]).get_json() == body


def test_the_minimum_is_a_title_a_due_date_and_an_assignee(api, staff):
    before = snapshot()
    response = api(staff).post("/api/v1/follow-ups", json={"title": "  ", "notes": "X"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert set(response.get_json()["errors"]) == {"title", "due_date", "assignee_id"}
    assert _without_tokens(snapshot()) == _without_tokens(before)


def test_a_follow_up_about_a_private_record_takes_its_visibility(api, staff, institution):
    student = exchange_factories.student_contact(institution)  # visible to us only
    exchange = exchange_factories.exchange(institution, student=student)
    client = api(staff)
    base = {"title": "Relancer", "due_date": "2026-04-02", "assignee_id": staff.id}
    subject = {"subject_type": "exchange", "subject_id": exchange.id}
    response = client.post("/api/v1/follow-ups", json=base | subject)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["visibility"] == "member"
    shared = client.post("/api/v1/follow-ups", json=base | subject | {"visibility": "consortium"})
    assert shared.status_code == 422
    assert list(shared.get_json()["errors"]) == ["visibility"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"subject_type": "contact"}, "subject_id"),
        ({"subject_id": 1}, "subject_type"),
        ({"subject_type": "contact", "subject_id": 999_999}, "subject_id"),
        ({"subject_type": "user", "subject_id": 1}, "subject_type"),
        ({"assignee_id": 999_999}, "assignee_id"),
        ({"assignee_id": 2**31}, "assignee_id"),
        ({"due_date": "2026-02-30"}, "due_date"),
        ({"status": "closed"}, "status"),
    ],
)
def test_unknown_records_and_broken_rules_are_422_naming_the_field(api, staff, change, field):
    body = {"title": "Relancer", "due_date": "2026-04-02", "assignee_id": staff.id}
    response = api(staff).post("/api/v1/follow-ups", json=body | change)
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["errors"]) == [field]


def test_who_may_be_assigned(api, staff, viewer, institution, other_institution):
    """An active user, staff or above, who may see the follow-up: else 422 on assignee_id."""
    theirs = factories.user(role="staff", institution=other_institution)
    gone = factories.user(role="staff", institution=institution)
    gone.is_active = False
    db.session.commit()
    hidden = factories.contact(other_institution, visibility="member")
    client = api(staff)
    base = {"title": "Relancer", "due_date": "2026-04-02"}
    for values in (
        {"assignee_id": viewer.id},
        {"assignee_id": gone.id},
        {"assignee_id": theirs.id, "visibility": "member"},
        {"assignee_id": staff.id, "subject_type": "contact", "subject_id": hidden.id},
    ):
        response = client.post("/api/v1/follow-ups", json=base | values)
        assert response.status_code == 422, values
        assert set(response.get_json()["errors"]) <= {"assignee_id", "subject_id"}
    shared = client.post("/api/v1/follow-ups", json=base | {"assignee_id": theirs.id})
    assert shared.status_code == 201
    url = shared.headers["Location"]
    assert client.patch(url, json={"assignee_id": viewer.id}).status_code == 422
    moved = client.patch(url, json={"visibility": "member"})
    assert moved.status_code == 422
    assert list(moved.get_json()["errors"]) == ["assignee_id"]
    reassigned = client.patch(url, json={"assignee_id": staff.id})
    assert reassigned.status_code == 200
    assert reassigned.get_json()["assignee_id"] == staff.id


def test_list_filters_as_the_pages_and_my_follow_ups(api, staff, institution, other_institution):
    colleague = factories.user(role="staff", institution=institution)
    late = factories.follow_up(staff, title="En retard", due_in_days=-3)
    today = factories.follow_up(staff, title="Aujourd’hui")
    later = factories.follow_up(colleague, title="Plus tard", due_in_days=20)
    done = factories.follow_up(staff, title="Fait", due_in_days=-1, status="done")
    theirs = factories.user(role="staff", institution=other_institution)
    factories.follow_up(theirs, title="Secret", visibility="member")
    client = api(staff)

    def titles(query: str = "") -> list[str]:
        response = client.get("/api/v1/follow-ups" + query)
        assert response.status_code == 200, response.get_json()
        return [item["title"] for item in response.get_json()["items"]]

    assert titles() == [late.title, done.title, today.title, later.title]
    assert titles("?status=open") == [late.title, today.title, later.title]
    assert titles("?status=all&sort=-due") == [later.title, today.title, done.title, late.title]
    assert titles("?assignee=me&status=open") == [late.title, today.title]
    assert titles(f"?assignee={colleague.id}") == [later.title]
    assert titles("?overdue=true") == [late.title]
    assert titles("?due_from=2026-03-23&due_to=2026-03-29") == [today.title]
    assert titles("?institution=CTH") == []
    page = client.get("/api/v1/follow-ups?per_page=1&page=2").get_json()
    assert [item["title"] for item in page["items"]] == [done.title]
    assert page["total"] == 4
    bad_ones = ("assignee=you", "assignee=²", f"assignee={2**31}", "status=late", "due_from=x")
    for bad in (*bad_ones, "due=tomorrow", "due=WEEK", "due="):
        assert client.get(f"/api/v1/follow-ups?{bad}").status_code == 422, bad


def test_patch_changes_only_what_is_sent_and_refuses_a_stale_if_match(api, staff):
    follow_up = factories.follow_up(staff, title="Relancer", notes="Par courriel")
    client = api(staff)
    url = f"/api/v1/follow-ups/{follow_up.id}"
    etag = client.get(url).headers["ETag"]
    changed = client.patch(url, json={"due_date": "2026-04-10"}, headers={"If-Match": etag})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["due_date"] == "2026-04-10"
    assert changed.get_json()["notes"] == "Par courriel"
    before = snapshot()
    assert client.patch(url, json={"title": "X"}, headers={"If-Match": etag}).status_code == 412
    assert client.patch(url, json={"status": "done", "version": 1}).status_code == 412
    assert client.delete(url, headers={"If-Match": etag}).status_code == 412
    assert snapshot()["follow_ups"] == before["follow_ups"]


def test_done_cancel_and_reopen_as_the_buttons(api, staff):
    follow_up = factories.follow_up(staff)
    client = api(staff)
    url = f"/api/v1/follow-ups/{follow_up.id}"
    done = client.patch(url, json={"status": "done"}).get_json()
    assert done["status"] == "done" and done["completed_at"] is not None
    assert client.patch(url, json={"status": "done"}).status_code == 200  # already so
    before = snapshot()
    refused = client.patch(url, json={"status": "cancelled", "title": "X"})
    assert refused.status_code == 409
    assert snapshot()["follow_ups"] == before["follow_ups"]
    reopened = client.patch(url, json={"status": "open"}).get_json()
    assert reopened["status"] == "open" and reopened["completed_at"] is None
    assert client.patch(url, json={"status": "cancelled"}).get_json()["status"] == "cancelled"
    created_done = client.post(
        "/api/v1/follow-ups",
        json={"title": "Noté", "due_date": "2026-03-20", "assignee_id": staff.id, "status": "done"},
    )
    assert created_done.get_json()["status"] == "done"


def test_the_subject_is_set_on_creation_only(api, staff, institution):
    person = factories.contact(institution)
    other = factories.contact(institution)
    follow_up = factories.follow_up(staff, contact=person)
    client = api(staff)
    url = f"/api/v1/follow-ups/{follow_up.id}"
    same = client.patch(url, json={"subject_type": "contact", "subject_id": person.id})
    assert same.status_code == 200
    moved = client.patch(url, json={"subject_id": other.id})
    assert moved.status_code == 422
    assert list(moved.get_json()["errors"]) == ["subject_id"]
    assert client.patch(url, json={"subject_type": None}).status_code == 422


def test_archive_restore_and_delete(api, staff):
    follow_up_id = factories.follow_up(staff).id
    client = api(staff)
    url = f"/api/v1/follow-ups/{follow_up_id}"
    assert client.patch(url, json={"archived": True}).get_json()["archived"] is True
    assert client.get("/api/v1/follow-ups").get_json()["total"] == 0
    assert client.get("/api/v1/follow-ups?archived=only").get_json()["total"] == 1
    assert client.patch(url, json={"archived": False}).get_json()["archived"] is False
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    db.session.rollback()
    assert db.session.get(FollowUp, follow_up_id) is None


def test_roles_as_in_the_pages(api, viewer, staff, other_institution):
    mine = factories.follow_up(staff)
    theirs = factories.follow_up(
        factories.user(role="staff", institution=other_institution), visibility="member"
    )
    reader = api(viewer)
    url = f"/api/v1/follow-ups/{mine.id}"
    before = snapshot()
    assert reader.get(url).status_code == 200
    body = {"title": "X", "due_date": "2026-04-02", "assignee_id": staff.id}
    assert reader.post("/api/v1/follow-ups", json=body).status_code == 403
    assert reader.patch(url, json={"status": "done"}).status_code == 403
    assert reader.delete(url).status_code == 403
    assert _without_tokens(snapshot()) == _without_tokens(before)
    editor = api(staff)
    for response in (
        editor.get(f"/api/v1/follow-ups/{theirs.id}"),
        editor.patch(f"/api/v1/follow-ups/{theirs.id}", json={"status": "done"}),
        editor.delete(f"/api/v1/follow-ups/{theirs.id}"),
    ):
        assert response.status_code == 404


def test_a_week_ends_on_sunday():
    assert week_end(date(2026, 3, 23)) == date(2026, 3, 29)  # Monday
    assert week_end(date(2026, 3, 28)) == date(2026, 3, 29)
    assert week_end(date(2026, 3, 29)) == date(2026, 3, 29)  # Sunday: the week ends today


# The page's sections, by their ids, and the API's names of the same groups.
GROUPS = {"overdue": "overdue", "today": "today", "this-week": "week", "later": "later"}


@pytest.mark.parametrize("day", [date(2026, 3, 23), date(2026, 3, 28), date(2026, 3, 29)])
def test_the_due_filter_gives_the_groups_of_my_follow_ups(api, sign_in, staff, institution, day):
    """On a Monday, a Saturday and a Sunday (when "This week" is empty)."""
    moment = datetime.combine(day, time(12), tzinfo=ZoneInfo("America/Toronto"))
    colleague = factories.user(institution=institution)
    for days in (-8, -1, 0, 1, 2, 5, 6, 7, 8, 30):
        factories.follow_up(staff, title=f"Dans {days} jours", due_in_days=days, today=day)
    factories.follow_up(staff, title="Fait", due_in_days=-1, today=day, status="done")
    factories.follow_up(colleague, title="À un collègue", today=day)
    with time_machine.travel(moment, tick=False):
        page = sign_in(staff).get("/follow-ups/mine").get_data(as_text=True)
        client = api(staff)
        sections = dict(
            re.findall(r'<h2 class="h5" id="([a-z-]+)-title">.*?</h2>(.*?)</section>', page, re.S)
        )
        shown = {
            GROUPS[key]: re.findall(r'href="/follow-ups/\d+">([^<]+)</a>', html)
            for key, html in sections.items()
        }
        listed = {
            due: [
                item["title"]
                for item in client.get(
                    f"/api/v1/follow-ups?assignee=me&status=open&due={due}"
                ).get_json()["items"]
            ]
            for due in GROUPS.values()
        }
    assert {due: titles for due, titles in listed.items() if titles} == shown
    assert sum(map(len, shown.values())) == 10
    assert len(shown) == (3 if day.weekday() == 6 else 4)  # on Sunday, no "this week"


def test_a_subject_made_private_by_another_member_is_null_and_kept(
    api, staff, institution, other_institution
):
    theirs = factories.user(institution=other_institution)
    subject = factories.organization(other_institution, name="Secret Mining")
    record = factories.follow_up(theirs, title="Relancer", organization=subject)
    subject.visibility = "member"
    db.session.commit()
    url = f"/api/v1/follow-ups/{record.id}"
    client = api(staff)
    shown = client.get(url).get_json()
    assert (shown["subject_type"], shown["subject_id"]) == (None, None)
    assert api(theirs).get(url).get_json()["subject_id"] == subject.id
    # the nulls sent back are no change of subject (the domain's own rule on a shared
    # follow-up about a private record still applies: see the operations)
    sent_back = {"title": "Relancer bientôt", "subject_type": None, "subject_id": None}
    changed = client.patch(url, json=sent_back)
    assert "subject_id" not in changed.get_json().get("errors", {})
    assert "subject_type" not in changed.get_json().get("errors", {})
    refused = client.patch(url, json={"subject_type": "organization", "subject_id": subject.id})
    assert refused.status_code == 422
    db.session.refresh(record)
    assert (record.title, record.organization_id) == ("Relancer", subject.id)
