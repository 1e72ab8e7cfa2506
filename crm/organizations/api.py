"""Organizations in the API: /api/v1/organizations."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from crm.api import responses
from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.api.views import changed_values, creating, delete, editable, new_values, set_archived
from crm.core.listing import sort
from crm.core.permissions import can_create, get_visible_or_404
from crm.organizations import queries
from crm.organizations.models import Organization
from crm.organizations.operations import FIELDS, create_organization, update_organization
from crm.organizations.schemas import OrganizationArgs, OrganizationPage, OrganizationSchema

bp = Blueprint(
    "organizations_api",
    __name__,
    url_prefix=f"{API_PREFIX}/organizations",
    description="Partner institutions, companies, ministries and associations.",
)
ITEM = "/<id:organization_id>"
schema = OrganizationSchema()
# What the list's items show, loaded for the whole page at once.
LIST_LOADS = (selectinload(Organization.tags),)


def _tags(values: dict, organization: Organization | None = None) -> str:
    names = values.get("tag_names")
    if names is None:
        names = organization.tag_names if organization else []
    return ",".join(names)


@bp.get("")
@bp.arguments(OrganizationArgs, location="query", as_kwargs=False)
@bp.response(200, OrganizationPage)
def index(args: dict):
    """List the organizations you may see, filtered, sorted and paged."""
    query, _key = sort(
        queries.filtered(current_user, args),
        args.get("sort"),
        queries.SORTS,
        "name",
        Organization.id,
    )
    return responses.page(query, args, *LIST_LOADS)


@bp.post("")
@creating(can_create)
@bp.arguments(OrganizationSchema)
@bp.response(201, OrganizationSchema)
def create(values: dict):
    """Create an organization."""
    organization = create_organization(
        new_values(values, FIELDS, Organization), _tags(values), current_user
    )
    set_archived(organization, values.get("is_archived"))
    location = url_for(".item", organization_id=organization.id)
    return responses.saved(organization, schema, 201, location)


@bp.get(ITEM)
@bp.response(200, OrganizationSchema)
def item(organization_id: int):
    """Get an organization."""
    return responses.item(get_visible_or_404(Organization, organization_id), schema)


@bp.patch(ITEM)
@editable(Organization, "organization_id")
@bp.arguments(OrganizationSchema(partial=True))
@bp.response(200, OrganizationSchema)
def update(values: dict, organization_id: int):
    """Change an organization: only the fields sent."""
    organization = get_visible_or_404(Organization, organization_id)
    version = responses.expected_version(organization, values.get("version"))
    update_organization(
        organization,
        version,
        changed_values(organization, values, FIELDS),
        _tags(values, organization),
    )
    set_archived(organization, values.get("is_archived"))
    return responses.saved(organization, schema)


@bp.delete(ITEM)
@bp.response(204)
def remove(organization_id: int):
    """Delete an organization (its institution, or an admin; 422 while others refer to it)."""
    return delete(Organization, organization_id)
