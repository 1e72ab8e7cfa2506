"""Helpers every template can use: permissions, country names, dates in the user's locale."""

from __future__ import annotations

from babel.dates import format_date as babel_format_date
from babel.dates import format_time
from flask import Flask, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale, to_user_timezone
from flask_login import current_user

from crm.core import permissions
from crm.core.clock import zone_label
from crm.core.countries import country_name
from crm.core.labels import role_label
from crm.core.records import label_seen_by
from crm.core.urls import record_url
from crm.labels import label


def _country(code: str | None) -> str:
    return country_name(code, str(get_locale() or "fr"))


def _datetime(value, fmt: str | None = None) -> str:
    """A moment in the user's time zone: "23 mars 2026, 10:30" (no seconds) by default."""
    if not value:
        return ""
    if fmt:
        return format_datetime(value, fmt)
    locale = get_locale()
    local = to_user_timezone(value)
    glue = str(locale.datetime_formats["medium"])  # "{1}, {0}": date, then time
    return glue.format(
        format_time(local, "short", locale=locale),
        babel_format_date(local, "medium", locale=locale),
    )


def _label_of(record) -> str:
    """A linked record's name as the signed-in user may see it."""
    return label_seen_by(record, current_user)


def query_args(changes: dict | None = None) -> dict:
    """The query string's values for ``url_for``, with ``changes`` (None removes one). Names
    that ``url_for`` takes for itself (``endpoint``, ``_scheme``…) are left out: typed into
    the address bar, they would break the page's links."""
    args = {k: v for k, v in request.args.to_dict().items() if k != "endpoint" and k[:1] != "_"}
    return args | (changes or {})


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        # A global, not only the context's: macros imported without context use it too.
        current_user=current_user,
        can_view=permissions.can_view,
        can_create=permissions.can_create,
        can_edit=permissions.can_edit,
        can_delete=permissions.can_delete,
        can_manage_users=permissions.can_manage_users,
        current_locale=lambda: str(get_locale() or "fr"),
        role_label=role_label,
        record_url=record_url,
        zone_label=zone_label,
        has_page=lambda endpoint: endpoint in app.view_functions,
        label=label,
        label_of=_label_of,
        query_args=query_args,
    )
    app.jinja_env.filters.update(
        combine=lambda a, b: {**a, **b},
        number=format_decimal,
        country=_country,
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        datetime=_datetime,
    )
