"""What an exported column is: a translated header and a getter of a record's value.

Getters return plain values (text, numbers, dates, enumeration members, lists); the writers
turn them into cells. A linked record the user may not see is left out, as on the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from crm.core.countries import country_name
from crm.core.urls import record_url


@dataclass(frozen=True)
class Column:
    label: Any  # a lazy string: the header in the user's language
    value: Callable[[Any], Any]
    width: int = 18  # in characters, for spreadsheets


def country(code: str | None) -> str:
    """The country's name in the user's language."""
    return country_name(code, str(get_locale() or "fr"))


def the_user(user):
    """The user behind ``current_user``: a proxy costs on every one of a big list's rows."""
    return getattr(user, "_get_current_object", lambda: user)()


def shown(user, record):
    """``record`` when the user may see it, else None (a hidden link exports as blank).

    The request is signed in by an active user (or it would not have got here), so only
    the record's visibility is left to check, once a row: ``can_view`` without its cost.
    """
    return record if record is not None and record.is_visible_to(user) else None


def names(user, records: Iterable, name: Callable[[Any], str]) -> list[str]:
    """The names of the linked records the user may see."""
    return [name(record) for record in records if record.is_visible_to(user)]


def archived_column() -> Column:
    """When the record was archived (blank while it is current)."""
    return Column(_l("Archiving date"), lambda record: record.archived_at, 17)


def link_column() -> Column:
    """The record's page, always the last column."""
    return Column(_l("Link"), lambda record: record_url(record, _external=True), 45)
