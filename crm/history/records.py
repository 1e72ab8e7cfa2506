"""Which tables have a history, their models, and how a stored value is shown."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

import sqlalchemy as sa
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from crm.agreements.models import AgreementAction
from crm.core.countries import country_name
from crm.core.records import Audited
from crm.extensions import db
from crm.history.models import HistoryAction
from crm.labels import label


@cache
def models() -> dict[str, type]:
    """Every recorded model by its table name."""
    return {
        mapper.class_.__tablename__: mapper.class_
        for mapper in db.Model.registry.mappers
        if issubclass(mapper.class_, Audited)
    }


def model_of(record_type: str) -> type | None:
    return models().get(record_type)


def shown_value(record_type: str, field: str, value) -> str:
    """A stored before/after value as the user reads it: labels, dates in their locale."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict):  # a linked record private to its institution
        mine = current_user.is_authenticated and current_user.institution_id == value.get(
            "private_to"
        )
        return str(value.get("label")) if mine else _("(a private record)")
    if isinstance(value, list):
        return ", ".join(shown_value(record_type, field, item) for item in value)
    model = model_of(record_type)
    column = model.__table__.c.get(field) if model is not None else None
    kind = column.type if column is not None else None
    try:
        if isinstance(kind, sa.Enum) and kind.enum_class is not None:
            return label(kind.enum_class(value))
        if isinstance(kind, sa.Boolean):
            return _("Yes") if value else _("No")
        if isinstance(kind, sa.DateTime):
            return format_datetime(datetime.fromisoformat(value), "short")
        if isinstance(kind, sa.Date):
            return format_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        pass  # a value from before a change of type: shown as stored
    if field == "country" and isinstance(value, str):
        return country_name(value, str(get_locale() or "fr"))
    return str(value)


def shown_note(entry) -> str:
    """The entry's note; a workflow step's is the step's name in the user's language."""
    step = entry.action == HistoryAction.TRANSITION and entry.record_type == "agreements"
    if entry.note and step:
        try:
            return label(AgreementAction(entry.note))
        except ValueError:
            pass
    return entry.note or ""
