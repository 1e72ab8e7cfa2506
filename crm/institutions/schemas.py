"""Member institutions in the API (read only)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields

from crm.api.schemas import ListArgs, page_of


class MemberInstitutionSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    version = fields.Integer(dump_only=True)
    code = fields.String(dump_only=True)
    name = fields.String(dump_only=True, metadata={"description": "In the caller's language."})
    name_fr = fields.String(dump_only=True)
    name_en = fields.String(dump_only=True)


MemberInstitutionPage = page_of(MemberInstitutionSchema)
InstitutionArgs = ListArgs
