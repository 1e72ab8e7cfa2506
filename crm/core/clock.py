"""Today's date where the colleges are (CRM_TIMEZONE), not on the server's clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def zone() -> ZoneInfo:
    """The colleges' time zone: dates and times are entered and shown in it."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def today() -> date:
    return datetime.now(zone()).date()
