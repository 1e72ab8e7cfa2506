"""The organizations list: what a user may see, filtered and sorted."""

from __future__ import annotations

import sqlalchemy as sa

from crm.core.countries import fold
from crm.institutions.models import MemberInstitution
from crm.organizations.models import Organization, Tag, organization_tags
from crm.users.models import User

SORTS = {
    "name": Organization.sort_key,
    "country": Organization.country,
    "city": Organization.city,
    "updated": Organization.updated_at,
}


def named(text: str) -> sa.ColumnElement[bool]:
    """Name or acronym holding ``text``, whatever its case and accents."""
    return sa.or_(
        Organization.sort_key.contains(fold(text), autoescape=True),
        Organization.acronym.ilike(f"%{text}%"),
    )


def visible_organizations(user: User) -> sa.Select:
    return sa.select(Organization).where(Organization.visible_to(user))


def filtered(user: User, filters: dict) -> sa.Select:
    query = visible_organizations(user)
    archived = filters.get("archived")
    if archived == "only":
        query = query.where(Organization.archived_at.is_not(None))
    elif archived != "all":
        query = query.where(Organization.archived_at.is_(None))
    if text := (filters.get("q") or "").strip():
        query = query.where(named(text))
    if filters.get("country"):
        query = query.where(Organization.country == filters["country"])
    if filters.get("kind"):
        query = query.where(Organization.kind == filters["kind"])
    if filters.get("institution"):
        query = query.join(MemberInstitution, Organization.institution).where(
            MemberInstitution.code == filters["institution"]
        )
    if tag := (filters.get("tag") or "").strip().lower():
        query = query.where(
            Organization.id.in_(
                sa.select(organization_tags.c.organization_id).join(Tag).where(Tag.name == tag)
            )
        )
    return query
