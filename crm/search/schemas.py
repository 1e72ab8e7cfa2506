"""The search in the API."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from crm.api.fields import Text
from crm.search.documents import KINDS


class SearchArgs(ma.Schema):
    q = Text(200, required=True, metadata={"description": "Words; any case, any accents."})
    type = fields.String(validate=validate.OneOf(list(KINDS)))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class HitSchema(ma.Schema):
    type = fields.String(required=True, validate=validate.OneOf(list(KINDS)))
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    archived = fields.Boolean(required=True)
    url = fields.String(required=True, metadata={"description": "The record's page."})
    api_url = fields.String(required=True, metadata={"description": "The record in the API."})


class HitsSchema(ma.Schema):
    items = fields.List(fields.Nested(HitSchema), required=True)
