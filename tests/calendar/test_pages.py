"""The .ics downloads of a mission and a follow-up, and the feed on the profile page."""

from __future__ import annotations

import re
from datetime import date

from icalendar import Calendar

from crm.calendar.models import CalendarFeed
from crm.extensions import db
from tests import factories
from tests.missions.factories import mission


def _only_event(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = Calendar.from_ical(response.get_data()).walk("VEVENT")
    return event


def test_a_missions_page_offers_its_ics(sign_in, staff, institution):
    visit = mission(institution, name="Mission à Dakar", country="SN", delegates=[staff])
    browser = sign_in(staff)
    page = browser.get(f"/missions/{visit.id}").get_data(as_text=True)
    assert f'href="/missions/{visit.id}/calendar.ics"' in page
    assert "Ajouter à mon agenda (.ics)" in page

    response = browser.get(f"/missions/{visit.id}/calendar.ics")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="mission-{visit.id}.ics"'
    )
    event = _only_event(response)
    assert event["uid"] == f"mission-{visit.id}@127.0.0.1"
    assert event["summary"] == "Mission : Mission à Dakar"
    assert event["location"] == "Sénégal"
    assert event.decoded("dtstart") == date(2026, 3, 21)


def test_a_follow_ups_page_offers_its_ics(sign_in, staff, institution):
    english = factories.user(institution=institution, locale="en")
    follow_up = factories.follow_up(staff, title="Envoyer l’entente")
    page = sign_in(staff).get(f"/follow-ups/{follow_up.id}").get_data(as_text=True)
    assert f'href="/follow-ups/{follow_up.id}/calendar.ics"' in page

    response = sign_in(english).get(f"/follow-ups/{follow_up.id}/calendar.ics")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    event = _only_event(response)
    assert event["summary"] == "Follow-up: Envoyer l’entente"
    assert event.decoded("dtstart") == follow_up.due_on


def test_downloads_follow_the_pages_visibility(sign_in, staff, other_institution):
    hidden_mission = mission(other_institution, visibility="member")
    stranger = factories.user(institution=other_institution)
    hidden_follow_up = factories.follow_up(stranger, visibility="member")
    browser = sign_in(staff)
    assert browser.get(f"/missions/{hidden_mission.id}/calendar.ics").status_code == 404
    assert browser.get(f"/follow-ups/{hidden_follow_up.id}/calendar.ics").status_code == 404


def test_downloads_need_a_signed_in_user(client, staff, institution):
    visit = mission(institution)
    response = client.get(f"/missions/{visit.id}/calendar.ics")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_profile_creates_shows_once_and_revokes_the_feed(sign_in, client, staff):
    browser = sign_in(staff)
    page = browser.get("/profile").get_data(as_text=True)
    assert "Agenda" in page and "Vous n’avez pas d’adresse d’agenda." in page

    page = browser.post("/profile/calendar").get_data(as_text=True)
    assert "Copiez-la maintenant dans votre application d’agenda" in page
    url = re.search(r'id="new-calendar-feed">([^<]+)<', page).group(1)
    assert url.startswith("http://127.0.0.1:5000/calendar/cal_") and url.endswith(".ics")
    path = url.removeprefix("http://127.0.0.1:5000")
    assert client.get(path).status_code == 200  # no sign-in: a calendar app's request
    db.session.rollback()
    (feed,) = db.session.scalars(db.select(CalendarFeed)).all()
    assert feed.user_id == staff.id and feed.token_hash not in url

    page = browser.get("/profile").get_data(as_text=True)
    assert path not in page  # shown once
    assert "Votre adresse d’agenda a été créée le" in page
    assert "Remplacer l’adresse d’agenda" in page

    response = browser.post("/profile/calendar/revoke", follow_redirects=True)
    assert "L’adresse d’agenda est révoquée : elle ne fonctionne plus." in response.get_data(
        as_text=True
    )
    assert client.get(path).status_code == 404


def test_the_profile_refuses_a_post_without_csrf(sign_in, staff):
    browser = sign_in(staff)
    assert browser.post("/profile/calendar", csrf=False).status_code == 400
    db.session.rollback()
    assert db.session.scalars(db.select(CalendarFeed)).all() == []
