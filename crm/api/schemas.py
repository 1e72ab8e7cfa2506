"""Schemas every resource shares: a record's common fields, list arguments and pages,
and the problem document errors are described by."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from crm.api.fields import MAX_ID, Enum
from crm.core.listing import MAX_PER_PAGE, PER_PAGE
from crm.core.records import Visibility


class RecordSchema(ma.Schema):
    """What every owned record carries."""

    id = fields.Integer(dump_only=True)
    institution_id = fields.Integer(
        dump_only=True, metadata={"description": "The member institution that owns it."}
    )
    visibility = Enum(Visibility)
    archived = fields.Boolean(
        attribute="is_archived",
        metadata={"description": "Archived records leave the lists but are kept."},
    )
    version = fields.Integer(
        strict=True,
        validate=validate.Range(1, MAX_ID),
        metadata={
            "description": "Changes on every save; sent as the ETag. In a PATCH, the version "
            "the change was prepared from (like If-Match): a stale one changes nothing (412)."
        },
    )
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    created_by_id = fields.Integer(dump_only=True, allow_none=True)
    updated_by_id = fields.Integer(dump_only=True, allow_none=True)


class ListArgs(ma.Schema):
    """Paging and sorting, with the filters each list adds."""

    page = fields.Integer(load_default=1, validate=validate.Range(1, 1_000_000))
    per_page = fields.Integer(load_default=PER_PAGE, validate=validate.Range(1, MAX_PER_PAGE))


def page_of(schema: type[ma.Schema]) -> type[ma.Schema]:
    """The answer of a list: one page of ``schema`` items and the total."""
    name = schema.__name__.replace("Schema", "") + "Page"
    return type(
        name,
        (ma.Schema,),
        {
            "items": fields.List(fields.Nested(schema), required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
        },
    )


class ProblemSchema(ma.Schema):
    """An error, as RFC 9457 describes it."""

    type = fields.String()
    status = fields.Integer()
    title = fields.String()
    detail = fields.String()
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "For invalid input: each field's messages."},
    )
