"""Today's date where the colleges are (CRM_TIMEZONE), not on the server's clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_location
from flask import current_app
from flask_babel import get_locale


def zone() -> ZoneInfo:
    """The colleges' time zone: dates and times are entered and shown in it."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def today() -> date:
    return datetime.now(zone()).date()


def zone_label() -> str:
    """The time zone as people name it, in their language: "Heure : Canada (Toronto)"."""
    label = get_timezone_location(zone().key, locale=get_locale() or "fr")
    return label[:1].upper() + label[1:]
