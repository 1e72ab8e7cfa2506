"""Organizations in the API."""

from __future__ import annotations

from marshmallow import fields, validate

from crm.api.fields import Country, Enum, Text
from crm.api.schemas import ListArgs, RecordSchema, page_of
from crm.organizations.models import OrganizationKind
from crm.organizations.queries import SORTS


class OrganizationSchema(RecordSchema):
    name = Text(300, required=True)
    acronym = Text(30)
    kind = Enum(OrganizationKind, load_default=OrganizationKind.OTHER)
    country = Country(required=True)
    city = Text(120)
    website = Text(500, validate=validate.URL(require_tld=False))
    notes = Text(20000)
    tags = fields.List(
        Text(60, required=True),
        attribute="tag_names",
        validate=validate.Length(max=50),
        metadata={"description": "Tag names, in lower case."},
    )


class OrganizationArgs(ListArgs):
    q = Text(200, metadata={"description": "In the name or acronym, any case or accents."})
    country = Country()
    kind = Enum(OrganizationKind)
    institution = Text(20, metadata={"description": "Code of the owning member institution."})
    tag = Text(60)
    archived = fields.String(validate=validate.OneOf(["only", "all"]))
    sort = fields.String(validate=validate.OneOf([*SORTS, *(f"-{key}" for key in SORTS)]))


OrganizationPage = page_of(OrganizationSchema)
