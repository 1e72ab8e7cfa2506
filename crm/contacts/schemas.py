"""Contacts in the API."""

from __future__ import annotations

import marshmallow as ma
from email_validator import EmailNotValidError, validate_email
from flask_login import current_user
from marshmallow import fields, validate

from crm.api.fields import Country, Day, Enum, Id, QueryId, Text
from crm.api.schemas import ListArgs, RecordSchema, page_of
from crm.contacts.models import ConsentSource
from crm.contacts.queries import SORTS
from crm.core.permissions import can_view
from crm.users.models import Locale


def _email_address(value: str) -> None:
    """The form's rule for each address: valid, deliverability not checked."""
    try:
        validate_email(value.strip().lower(), check_deliverability=False)
    except EmailNotValidError:
        raise ma.ValidationError("Not a valid email address.") from None


class ContactSchema(RecordSchema):
    given_name = Text(120, required=True)
    family_name = Text(120, required=True)
    job_title = Text(200)
    organization_id = Id(
        allow_none=True,
        metadata={"description": "Null when the contact has none, or one you may not see."},
    )
    emails = fields.List(
        Text(254, required=True, validate=_email_address),
        attribute="email_addresses",
        validate=validate.Length(max=50),
        metadata={"description": "Email addresses, the main one first (kept in lower case)."},
    )
    phones = fields.List(
        Text(40, required=True),
        attribute="phone_numbers",
        validate=validate.Length(max=50),
        metadata={"description": "Phone numbers, the main one first."},
    )
    preferred_language = Enum(Locale, allow_none=True)
    is_student = fields.Boolean(
        load_default=False,
        metadata={
            "description": "A new student's record is visible to its institution only, "
            "unless a visibility is given."
        },
    )
    notes = Text(20000)
    source = Enum(
        ConsentSource, allow_none=True, metadata={"description": "Where the information came from."}
    )
    source_details = Text(500)
    consent_on = Day(allow_none=True)

    @ma.post_dump(pass_original=True)
    def _hide_what_the_caller_cannot_see(self, data: dict, contact, **_kwargs) -> dict:
        if contact.organization is not None and not can_view(current_user, contact.organization):
            data["organization_id"] = None
        return data


class ContactArgs(ListArgs):
    q = Text(200, metadata={"description": "In the name, any case or accents."})
    organization = Text(200, metadata={"description": "In the organization's name or acronym."})
    organization_id = QueryId()
    country = Country(metadata={"description": "The organization's country (ISO alpha-2)."})
    institution = Text(20, metadata={"description": "Code of the owning member institution."})
    student = fields.String(validate=validate.OneOf(["yes", "no"]))
    archived = fields.String(validate=validate.OneOf(["only", "all"]))
    sort = fields.String(validate=validate.OneOf([*SORTS, *(f"-{key}" for key in SORTS)]))


ContactPage = page_of(ContactSchema)
