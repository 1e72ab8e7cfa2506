"""How an agreement's dates read on its pages."""

from __future__ import annotations

from datetime import date

from flask_babel import format_decimal
from flask_babel import gettext as _


def countdown(expires_on: date | None, today: date) -> str | None:
    """« expire dans 42 jours », « expirée depuis 3 jours »… (None without an expiry date).

    One sentence per case instead of plural forms: "1 day" never has to be written.
    """
    if expires_on is None:
        return None
    days = (expires_on - today).days
    if days == 0:
        return _("expires today")
    if days == 1:
        return _("expires tomorrow")
    if days == -1:
        return _("expired yesterday")
    if days > 0:
        return _("expires in %(days)s days", days=format_decimal(days))
    return _("expired %(days)s days ago", days=format_decimal(-days))
