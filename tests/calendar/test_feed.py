"""The private feed: exactly the user's visible, current items, in their language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from icalendar import Calendar

from crm.calendar import tokens
from crm.extensions import db
from tests import factories
from tests.agreements.factories import agreement
from tests.conftest import close, serve
from tests.missions.factories import mission

BASE_URL = "https://crm.example.org"
HOST = "crm.example.org"


@pytest.fixture
def web(app, test_env):
    served = serve(test_env, env={"CRM_BASE_URL": BASE_URL})
    yield served
    close(served)


def _feed_url(user) -> str:
    _feed, secret = tokens.create_feed(user)
    db.session.commit()
    return f"/calendar/{secret}.ics"


def _events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.get_data())
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_holds_exactly_what_the_user_sees(client, institution, other_institution):
    staff = factories.user(institution=institution)
    colleague = factories.user(institution=institution)
    stranger = factories.user(institution=other_institution)
    mine = factories.follow_up(staff, title="Relancer Managem", due_in_days=3)
    shared = factories.follow_up(staff, institution=other_institution, visibility="consortium")
    factories.follow_up(staff, institution=other_institution, visibility="member")
    factories.follow_up(staff, status="done")
    factories.follow_up(staff, status="cancelled")
    factories.follow_up(colleague)
    visit = mission(
        institution,
        name="Mission au Maroc",
        cities="Casablanca, Rabat",
        starts_on=date(2026, 3, 21),
        ends_on=date(2026, 3, 27),
        delegates=[staff],
    )
    mission(institution, delegates=[colleague])
    mission(institution, delegates=[staff], status="cancelled")
    mission(other_institution, delegates=[staff, stranger], visibility="member")
    expiry = date(2027, 6, 30)
    owned = agreement(institution, status="active", expires_on=expiry)
    as_party = agreement(
        other_institution, parties=[institution], status="signed", expires_on=expiry
    )
    agreement(institution, status="draft", expires_on=expiry)
    agreement(institution, status="active")
    agreement(other_institution, status="active", expires_on=expiry)
    hidden = agreement(other_institution, parties=[institution], visibility="member")
    hidden.status, hidden.expires_on = "active", expiry
    db.session.commit()

    events = _events(client.get(_feed_url(staff)))

    assert set(events) == {
        f"follow-up-{mine.id}@{HOST}",
        f"follow-up-{shared.id}@{HOST}",
        f"mission-{visit.id}@{HOST}",
        f"agreement-expiry-{owned.id}@{HOST}",
        f"agreement-expiry-{as_party.id}@{HOST}",
    }
    follow_up = events[f"follow-up-{mine.id}@{HOST}"]
    assert follow_up["summary"] == "Suivi : Relancer Managem"
    assert follow_up.decoded("dtstart") == date.today() + timedelta(days=3)
    assert follow_up.decoded("dtend") == date.today() + timedelta(days=4)
    assert follow_up["url"] == f"{BASE_URL}/follow-ups/{mine.id}"
    assert "dtstamp" in follow_up
    trip = events[f"mission-{visit.id}@{HOST}"]
    assert trip["summary"] == "Mission : Mission au Maroc"
    assert trip["location"] == "Casablanca, Rabat, Maroc"
    assert (trip.decoded("dtstart"), trip.decoded("dtend")) == (
        date(2026, 3, 21),
        date(2026, 3, 28),
    )
    assert trip["url"] == f"{BASE_URL}/missions/{visit.id}"
    end = events[f"agreement-expiry-{owned.id}@{HOST}"]
    assert end["summary"] == f"Échéance de l’entente : {owned.title}"
    assert end.decoded("dtstart") == expiry


def test_summaries_follow_the_users_language(client, institution):
    staff = factories.user(institution=institution, locale="en")
    factories.follow_up(staff, title="Call Managem back")
    mission(institution, name="Morocco trip", country="MA", delegates=[staff])
    agreement(institution, title="Exchange agreement", status="active", expires_on=date(2027, 1, 1))

    events = _events(client.get(_feed_url(staff)))

    summaries = sorted(str(event["summary"]) for event in events.values())
    assert summaries == [
        "Agreement expires: Exchange agreement",
        "Follow-up: Call Managem back",
        "Mission: Morocco trip",
    ]
    (trip,) = [e for e in events.values() if str(e["uid"]).startswith("mission-")]
    assert trip["location"] == "Morocco"


def test_the_uids_stay_the_same_from_one_fetch_to_the_next(client, staff):
    factories.follow_up(staff)
    url = _feed_url(staff)
    response = client.get(url)
    assert set(_events(response)) == set(_events(client.get(url)))
    assert b"X-PUBLISHED-TTL:PT1H" in response.get_data()  # how often apps fetch it again


def test_an_unknown_replaced_or_revoked_token_is_404(client, staff):
    old = _feed_url(staff)
    new = _feed_url(staff)  # replaces the old one
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get("/calendar/cal_nothing.ics").status_code == 404
    assert client.get("/calendar/" + "x" * 5000 + ".ics").status_code == 404
    tokens.revoke_feed(staff)
    db.session.commit()
    assert client.get(new).status_code == 404


def test_the_feed_of_an_inactive_user_is_404(client, staff):
    url = _feed_url(staff)
    staff.is_active = False
    db.session.commit()
    assert client.get(url).status_code == 404


def test_only_the_hash_of_the_token_is_kept(staff):
    feed, secret = tokens.create_feed(staff)
    db.session.commit()
    assert secret.startswith("cal_") and len(secret) > 40
    assert feed.token_hash != secret and secret not in feed.token_hash
    assert tokens.user_for_feed(secret) == staff
