"""The calendars: a user's private feed, and one event for a mission or a follow-up.

Every event is a whole-day one (follow-ups are due on a day, missions run from one day to
another, agreements expire on a day), so no time zone is needed for them; the calendar
names CRM_TIMEZONE for the apps that show it. Each event's UID is stable per record, so a
calendar app that refreshes the feed updates its events instead of duplicating them.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event, vDuration

from crm.agreements.models import Agreement
from crm.calendar import queries
from crm.core.countries import country_name
from crm.core.db import utcnow
from crm.followups.models import FollowUp, FollowUpStatus
from crm.missions.models import Mission, MissionStatus
from crm.users.models import User

# How often calendar apps that honour it should fetch the feed again.
REFRESH_INTERVAL = timedelta(hours=1)


def user_calendar(user: User) -> Calendar:
    """The user's follow-ups, missions and agreement expiries that they may see."""
    calendar = _calendar(f"Passerelle – {user.name}")
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))  # Outlook reads this one
    with force_locale(str(user.locale)):
        for follow_up in queries.follow_ups(user):
            calendar.add_component(_follow_up_event(follow_up))
        for mission in queries.missions(user):
            calendar.add_component(_mission_event(mission, str(user.locale)))
        for agreement in queries.expiring_agreements(user):
            calendar.add_component(_expiry_event(agreement))
    return calendar


def mission_calendar(mission: Mission, locale: str) -> Calendar:
    calendar = _calendar(mission.name)
    with force_locale(locale):
        calendar.add_component(_mission_event(mission, locale))
    return calendar


def follow_up_calendar(follow_up: FollowUp, locale: str) -> Calendar:
    calendar = _calendar(follow_up.title)
    with force_locale(locale):
        calendar.add_component(_follow_up_event(follow_up))
    return calendar


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Passerelle//CRM//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return calendar


def _follow_up_event(follow_up: FollowUp) -> Event:
    event = _event(follow_up, "follow-up", follow_up.due_on, follow_up.due_on)
    event.add("summary", _("Follow-up: %(title)s", title=follow_up.title))
    event.add("transp", "TRANSPARENT")  # a reminder, not time taken
    if follow_up.status == FollowUpStatus.CANCELLED:
        event.add("status", "CANCELLED")
    if follow_up.notes:
        event.add("description", follow_up.notes)
    event.add("url", absolute_url("followups.detail", follow_up_id=follow_up.id))
    return event


def _mission_event(mission: Mission, locale: str) -> Event:
    event = _event(mission, "mission", mission.starts_on, mission.ends_on)
    event.add("summary", _("Mission: %(name)s", name=mission.name))
    place = country_name(mission.country, locale)
    event.add("location", f"{mission.cities}, {place}" if mission.cities else place)
    event.add("status", "CANCELLED" if mission.status == MissionStatus.CANCELLED else "CONFIRMED")
    if mission.purpose:
        event.add("description", mission.purpose)
    event.add("url", absolute_url("missions.detail", mission_id=mission.id))
    return event


def _expiry_event(agreement: Agreement) -> Event:
    event = _event(agreement, "agreement-expiry", agreement.expires_on, agreement.expires_on)
    event.add("summary", _("Agreement expires: %(title)s", title=agreement.title))
    event.add("transp", "TRANSPARENT")
    event.add("url", absolute_url("agreements.detail", agreement_id=agreement.id))
    return event


def _event(record, kind: str, first_day: date, last_day: date) -> Event:
    """A whole-day event from ``first_day`` to ``last_day`` (DTEND is the day after)."""
    event = Event()
    event.add("uid", f"{kind}-{record.id}@{_host()}")
    event.add("dtstamp", utcnow())
    event.add("last-modified", record.updated_at)
    event.add("dtstart", first_day)
    event.add("dtend", last_day + timedelta(days=1))
    return event


def _settings():
    return current_app.config["CRM_SETTINGS"]


def _host() -> str:
    return urlsplit(_settings().base_url).hostname


def absolute_url(endpoint: str, **values) -> str:
    """The record's page under CRM_BASE_URL (what calendar apps open), whatever the request."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return _settings().base_url + path
