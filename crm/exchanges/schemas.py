"""Student exchanges in the API."""

from __future__ import annotations

from types import SimpleNamespace

import marshmallow as ma
from flask_login import current_user
from marshmallow import fields, validate
from wtforms.validators import ValidationError as FormValidationError

from crm.agreements.forms import check_academic_year
from crm.agreements.models import MobilityDirection
from crm.api.fields import Country, Day, Enum, Id, QueryId, Text
from crm.api.schemas import ListArgs, RecordSchema, page_of
from crm.core.permissions import can_view
from crm.exchanges.models import ExchangeStatus
from crm.exchanges.queries import SORTS


def _academic_year(value: str) -> None:
    """The agreements' rule for an academic year: two consecutive years, "2026-2027"."""
    try:
        check_academic_year(None, SimpleNamespace(data=value))
    except FormValidationError as error:
        raise ma.ValidationError(str(error)) from None


class ExchangeSchema(RecordSchema):
    student_id = Id(required=True, metadata={"description": "A contact who is a student."})
    direction = Enum(MobilityDirection, required=True)
    partner_organization_id = Id(
        required=True, metadata={"description": "The other side: home or host organization."}
    )
    agreement_id = Id(allow_none=True, metadata={"description": "The agreement it counts under."})
    programme = Text(200)
    starts_on = Day(required=True)
    ends_on = Day(required=True)
    status = Enum(
        ExchangeStatus,
        load_default=ExchangeStatus.NOMINATED,
        metadata={
            "description": "Any status on creation; then one step at a time: nominated → "
            "accepted → in_progress → completed, or cancelled before completed (409 otherwise)."
        },
    )
    notes = Text(20000)
    academic_year = fields.String(dump_only=True, metadata={"description": 'e.g. "2026-2027"'})

    @ma.post_dump(pass_original=True)
    def _hide_what_the_caller_cannot_see(self, data: dict, exchange, **_kwargs) -> dict:
        """Null for a student, partner or agreement the caller may not see (made private
        after the exchange was shared), as the page leaves them out."""
        for name in ("student", "partner_organization", "agreement"):
            record = getattr(exchange, name)
            if f"{name}_id" in data and record is not None and not can_view(current_user, record):
                data[f"{name}_id"] = None
        return data


class ExchangeArgs(ListArgs):
    direction = Enum(MobilityDirection)
    status = Enum(ExchangeStatus)
    institution = Text(20, metadata={"description": "Code of the owning member institution."})
    partner = QueryId(metadata={"description": "The partner's id."})
    agreement = QueryId(metadata={"description": "The agreement's id."})
    year = Text(9, validate=_academic_year, metadata={"description": 'Starting in "2026-2027".'})
    country = Country(metadata={"description": "The partner organization's country."})
    archived = fields.String(validate=validate.OneOf(["only", "all"]))
    sort = fields.String(validate=validate.OneOf([*SORTS, *(f"-{key}" for key in SORTS)]))


ExchangePage = page_of(ExchangeSchema)
