"""Users in the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from crm.api.fields import Enum, Id, Text
from crm.api.schemas import ListArgs, page_of
from crm.users.models import Locale, Role
from crm.users.passwords import MIN_LENGTH


class UserSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    version = fields.Integer(dump_only=True)
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


class UserPatchSchema(UserSchema):
    """Every field optional; ``version`` (or If-Match) guards against a newer change."""

    version = fields.Integer(strict=True, validate=ma.validate.Range(1, 2**31 - 1))


class UserArgs(ListArgs):
    q = Text(200, metadata={"description": "In the name or email."})
    institution_id = Id()
    role = Enum(Role)
    is_active = fields.Boolean()


UserPage = page_of(UserSchema)
