"""The locale and time zone of each request: the user's choice, French by default."""

from __future__ import annotations

from flask import current_app, has_request_context, session
from flask_login import current_user

from crm.api.auth import is_api_request

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"


def select_locale() -> str:
    if not has_request_context():
        return DEFAULT_LOCALE
    if is_api_request():
        return "en"  # the API speaks to programs: one language, as its field names
    if current_user and current_user.is_authenticated:
        return str(current_user.locale)
    chosen = session.get("locale")
    return chosen if chosen in LOCALES else DEFAULT_LOCALE


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]
