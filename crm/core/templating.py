"""Helpers every template can use: permissions, country names, dates in the user's locale."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from crm.core import permissions
from crm.core.countries import country_name
from crm.core.labels import role_label
from crm.core.urls import record_url
from crm.labels import label


def _country(code: str | None) -> str:
    return country_name(code, str(get_locale() or "fr"))


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        can_view=permissions.can_view,
        can_create=permissions.can_create,
        can_edit=permissions.can_edit,
        can_delete=permissions.can_delete,
        can_manage_users=permissions.can_manage_users,
        current_locale=lambda: str(get_locale() or "fr"),
        role_label=role_label,
        record_url=record_url,
        has_page=lambda endpoint: endpoint in app.view_functions,
        label=label,
    )
    app.jinja_env.filters.update(
        combine=lambda a, b: {**a, **b},
        number=format_decimal,
        country=_country,
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
    )
