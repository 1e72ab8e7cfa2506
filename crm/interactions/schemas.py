"""Interactions in the API."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from marshmallow import fields, validate

from crm.api.fields import Day, Enum, Id, IdList, Moment, QueryId, Text
from crm.api.schemas import ListArgs, RecordSchema, page_of
from crm.core.permissions import can_view
from crm.interactions.models import InteractionKind
from crm.interactions.queries import SORTS


class InteractionSchema(RecordSchema):
    kind = Enum(InteractionKind, load_default=InteractionKind.MEETING)
    occurred_at = Moment(
        required=True,
        metadata={
            "description": "ISO 8601; without an offset, in the colleges' time zone. "
            "Answered in UTC."
        },
    )
    subject = Text(300, required=True)
    location = Text(200)
    summary = Text(20000)
    contact_ids = IdList(
        metadata={"description": "The contacts involved (those you may see)."},
    )
    staff_ids = IdList(metadata={"description": "The users involved."})
    mission_id = Id(allow_none=True)
    agreement_id = Id(allow_none=True)

    @ma.post_dump(pass_original=True)
    def _hide_what_the_caller_cannot_see(self, data: dict, interaction, **_kwargs) -> dict:
        data["contact_ids"] = sorted(
            contact.id for contact in interaction.contacts if can_view(current_user, contact)
        )
        for name in ("mission", "agreement"):
            record = getattr(interaction, name)
            if record is not None and not can_view(current_user, record):
                data[f"{name}_id"] = None
        return data


class InteractionArgs(ListArgs):
    q = Text(200, metadata={"description": "In its contacts' names or their organization's."})
    kind = Enum(InteractionKind)
    date_from = Day(metadata={"description": "On or after this day (colleges' time zone)."})
    date_to = Day(metadata={"description": "On or before this day (colleges' time zone)."})
    institution = Text(20, metadata={"description": "Code of the owning member institution."})
    mission_id = QueryId(attribute="mission")
    archived = fields.String(validate=validate.OneOf(["only", "all"]))
    sort = fields.String(validate=validate.OneOf([*SORTS, *(f"-{key}" for key in SORTS)]))


InteractionPage = page_of(InteractionSchema)
