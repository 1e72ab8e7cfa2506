"""Member institutions in the API: /api/v1/member-institutions (read only; admins add
and rename them in the pages or with ``crm institutions``)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from crm.api import responses
from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.institutions.schemas import (
    InstitutionArgs,
    MemberInstitutionPage,
    MemberInstitutionSchema,
)

bp = Blueprint(
    "institutions_api",
    __name__,
    url_prefix=f"{API_PREFIX}/member-institutions",
    description="The consortium's member institutions, which own users and records.",
)
schema = MemberInstitutionSchema()


@bp.get("")
@bp.arguments(InstitutionArgs, location="query", as_kwargs=False)
@bp.response(200, MemberInstitutionPage)
def index(args: dict):
    """List the member institutions you may see, filtered, sorted and paged."""
    query = sa.select(MemberInstitution).order_by(MemberInstitution.code)
    return responses.page(query, args)


@bp.get("/<id:institution_id>")
@bp.response(200, MemberInstitutionSchema)
def item(institution_id: int):
    """Get a member institution."""
    institution = db.session.get(MemberInstitution, institution_id) or abort(404)
    return responses.item(institution, schema)
