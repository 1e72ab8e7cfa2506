"""The private feed (public URL, secret token) and the .ics download of one record."""

from __future__ import annotations

from flask import Blueprint, Response, abort
from flask_babel import get_locale
from icalendar import Calendar

from crm.calendar import feeds, tokens
from crm.core.permissions import get_visible_or_404
from crm.followups.models import FollowUp
from crm.missions.models import Mission

bp = Blueprint("calendar", __name__)

MIMETYPE = "text/calendar; charset=utf-8"


@bp.route("/calendar/<token>.ics")
def feed(token: str):
    """Calendar apps cannot sign in: the token is the key. Unknown, revoked, or the
    owner's account closed: no such feed (404)."""
    user = tokens.user_for_feed(token)
    if user is None:
        abort(404)
    response = _ics(feeds.user_calendar(user))
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.route("/missions/<id:mission_id>/calendar.ics")
def mission(mission_id: int):
    record = get_visible_or_404(Mission, mission_id)
    calendar = feeds.mission_calendar(record, str(get_locale()))
    return _ics(calendar, f"mission-{record.id}.ics")


@bp.route("/follow-ups/<id:follow_up_id>/calendar.ics")
def follow_up(follow_up_id: int):
    record = get_visible_or_404(FollowUp, follow_up_id)
    calendar = feeds.follow_up_calendar(record, str(get_locale()))
    return _ics(calendar, f"follow-up-{record.id}.ics")


def _ics(calendar: Calendar, filename: str | None = None) -> Response:
    response = Response(calendar.to_ical(), headers={"Content-Type": MIMETYPE})
    response.headers["Cache-Control"] = "private, no-cache"
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
