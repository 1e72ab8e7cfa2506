"""A record's value as a cell: labels for enumerations, local times, lists joined."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import to_user_timezone

from crm.labels import label

SEPARATOR = "; "  # between the items of a list (names may hold commas)


def cell_value(value) -> str | int | float | Decimal | date | datetime | None:
    """Text, a number, a date or a naive local date and time (spreadsheets know no zones)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, enum.Enum):
        return label(value)
    if isinstance(value, datetime):
        return to_user_timezone(value).replace(tzinfo=None, microsecond=0)
    if isinstance(value, date | int | float | Decimal):
        return value
    if isinstance(value, list | tuple):
        return SEPARATOR.join(str(cell_value(item)) for item in value if item is not None)
    return str(value)


# Spreadsheets run a cell that starts with one of these as a formula: such a text is kept
# as text (a leading apostrophe in CSV, a string cell in XLSX). "+" and "-" followed by a
# number (a phone number, a negative amount) stay as they are.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_CHARACTERS = set("0123456789 ()./-+")


def looks_like_formula(text: str) -> bool:
    if not text.startswith(_FORMULA_STARTS):
        return False
    return not (text[0] in "+-" and len(text) > 1 and set(text[1:]) <= _NUMBER_CHARACTERS)
