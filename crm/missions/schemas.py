"""Missions in the API, and the meetings held during them."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields, validate

from crm.api.fields import Country, Day, Enum, IdList, Moment, Text
from crm.api.schemas import ListArgs, RecordSchema, page_of
from crm.core.records import Visibility
from crm.followups.schemas import FollowUpSchema
from crm.missions.models import MissionStatus
from crm.missions.queries import SORTS


class MissionSchema(RecordSchema):
    name = Text(300, required=True)
    country = Country(required=True, metadata={"description": "The destination country."})
    cities = Text(300, metadata={"description": "Separated by commas, e.g. Rabat, Casablanca."})
    starts_on = Day(required=True)
    ends_on = Day(required=True, metadata={"description": "Not before `starts_on`."})
    purpose = Text(20000)
    outcomes = Text(20000)
    status = Enum(MissionStatus, load_default=MissionStatus.PLANNED)
    delegate_ids = IdList(
        load_default=list, metadata={"description": "The users who travel (delegation members)."}
    )
    delegation_institution_ids = IdList(
        load_default=list,
        metadata={"description": "The member institutions the delegation represents."},
    )


class MissionArgs(ListArgs):
    q = Text(200, metadata={"description": "In the name or the cities, any case or accents."})
    status = Enum(MissionStatus)
    country = Country()
    institution = Text(
        20, metadata={"description": "Code of a member institution of the delegation."}
    )
    start_from = Day(metadata={"description": "Starting on or after."})
    start_until = Day(metadata={"description": "Starting on or before."})
    archived = fields.String(validate=validate.OneOf(["only", "all"]))
    sort = fields.String(validate=validate.OneOf([*SORTS, *(f"-{key}" for key in SORTS)]))


class VisibleContactIds(fields.List):
    """The ids of a meeting's people that the caller may see."""

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return [c.id for c in obj.contacts if c.is_visible_to(current_user)]


class MeetingSchema(ma.Schema):
    """A meeting held during the mission (read-only: edit it as an interaction)."""

    id = fields.Integer()
    version = fields.Integer()
    institution_id = fields.Integer()
    visibility = Enum(Visibility)
    occurred_at = fields.DateTime()
    subject = fields.String()
    notes = fields.String(attribute="summary", allow_none=True)
    contact_ids = VisibleContactIds(fields.Integer())
    staff_ids = fields.Function(lambda meeting: [u.id for u in meeting.staff])


class NewMeetingSchema(ma.Schema):
    """What the quick entry of a meeting asks: who (known people, or a new one), when, notes."""

    contact_ids = IdList(load_default=list, metadata={"description": "People met."})
    new_given_name = Text(120, metadata={"description": "A person not in the CRM yet."})
    new_family_name = Text(120)
    new_organization = Text(300, metadata={"description": "The new person's organization."})
    occurred_at = Moment(required=True)
    notes = Text(20000)

    @ma.validates_schema
    def _both_names(self, data: dict, **kwargs) -> None:
        given = (data.get("new_given_name") or "").strip()
        family = (data.get("new_family_name") or "").strip()
        if bool(given) != bool(family):
            raise ma.ValidationError(
                str(_l("Give both the given name and the family name.")), "new_family_name"
            )


class NewFollowUpsSchema(ma.Schema):
    """What the follow-ups button of the mission's page asks."""

    due_in_days = fields.Integer(
        strict=True,
        load_default=7,
        validate=validate.Range(0, 365),
        metadata={"description": "Days from today until they are due, 0 to 365 (7 if not given)."},
    )


class CreatedFollowUps(ma.Schema):
    items = fields.List(fields.Nested(FollowUpSchema), required=True)


MissionPage = page_of(MissionSchema)
MeetingPage = page_of(MeetingSchema)
