"""Users in the API. Admins see and change everything; other users see their colleagues'
names, roles and institutions (what the pages show them when assigning a follow-up), and
their own record in full at ``/users/me``."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from crm.api.fields import MAX_ID, Enum, Id, QueryId, Text, not_blank
from crm.api.schemas import ListArgs, page_of
from crm.users.models import Locale, Role
from crm.users.passwords import MIN_LENGTH

# What a user who is not an admin sees of the others.
COLLEAGUE_FIELDS = ("id", "name", "role", "institution_id", "is_active")


class UserSchema(ma.Schema):
    """A user as answered, and the fields a PATCH may send (each optional, none null)."""

    id = fields.Integer(dump_only=True)
    version = fields.Integer(
        strict=True,
        validate=ma.validate.Range(1, MAX_ID),
        metadata={"description": "In a PATCH, like If-Match: a stale one changes nothing."},
    )
    email = fields.Email(validate=ma.validate.Length(max=254))
    name = Text(200, allow_none=False, validate=not_blank)
    role = Enum(Role)
    institution_id = Id()
    locale = Enum(Locale)
    is_active = fields.Boolean()
    password = Text(
        1024,
        allow_none=False,
        load_only=True,
        validate=ma.validate.Length(min=MIN_LENGTH),
        metadata={"description": f"At least {MIN_LENGTH} characters; never sent back."},
    )


class NewUserSchema(UserSchema):
    email = fields.Email(required=True, validate=ma.validate.Length(max=254))
    name = Text(200, required=True)
    role = Enum(Role, required=True)
    institution_id = Id(required=True)
    locale = Enum(Locale, load_default=Locale.FR)
    is_active = fields.Boolean(load_default=True)
    password = Text(
        1024,
        required=True,
        load_only=True,
        validate=ma.validate.Length(min=MIN_LENGTH),
        metadata={"description": f"At least {MIN_LENGTH} characters; never sent back."},
    )


class UserArgs(ListArgs):
    q = Text(200, metadata={"description": "In the name (admins: also the email)."})
    institution_id = QueryId()
    role = Enum(Role)
    is_active = fields.Boolean()


UserPage = page_of(UserSchema)
