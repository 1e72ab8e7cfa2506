"""The contacts list: what a user may see, filtered and sorted."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.contacts.models import Contact
from crm.core.countries import fold
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.missions import outcomes
from crm.organizations.models import Organization
from crm.organizations.queries import named as organization_named
from crm.users.models import User

SORTS = {
    "name": Contact.sort_key,
    "organization": Organization.sort_key,
    "updated": Contact.updated_at,
}


def visible_contacts(user: User) -> sa.Select:
    return sa.select(Contact).where(Contact.visible_to(user))


def visible_organizations(user: User, current_id: int | None = None) -> list[Organization]:
    """The organizations a contact may belong to: the current ones the user sees, and the
    contact's own even when archived."""
    return db.session.scalars(
        sa.select(Organization)
        .where(
            Organization.visible_to(user),
            sa.or_(Organization.archived_at.is_(None), Organization.id == current_id),
        )
        .order_by(Organization.sort_key, Organization.id)
    ).all()


def filtered(user: User, filters: dict) -> sa.Select:
    query = visible_contacts(user).options(
        selectinload(Contact.organization),
        selectinload(Contact.institution),
        selectinload(Contact.emails),
    )
    if (
        filters.get("organization")
        or filters.get("country")
        or ((filters.get("sort") or "").lstrip("-") == "organization")
    ):
        # Joined only when needed (counting 200,000 contacts through a join costs), and only
        # when the user may see it: a hidden one neither filters nor sorts, as if the contact
        # had none.
        query = query.outerjoin(
            Organization,
            sa.and_(Organization.id == Contact.organization_id, Organization.visible_to(user)),
        )
    archived = filters.get("archived")
    if archived == "only":
        query = query.where(Contact.archived_at.is_not(None))
    elif archived != "all":
        query = query.where(Contact.archived_at.is_(None))
    if text := fold((filters.get("q") or "").strip()):
        query = query.where(Contact.sort_key.contains(text, autoescape=True))
    if text := (filters.get("organization") or "").strip():
        query = query.where(organization_named(text))
    if filters.get("organization_id"):
        query = query.where(Contact.organization_id == filters["organization_id"])
    if filters.get("country"):
        query = query.where(Organization.country == filters["country"])
    if filters.get("institution"):
        query = query.join(MemberInstitution, Contact.institution).where(
            MemberInstitution.code == filters["institution"]
        )
    if filters.get("mission"):
        query = query.where(
            Contact.id.in_(outcomes.of_mission(outcomes.people_met, filters["mission"], user))
        )
    if filters.get("student") in ("yes", "no"):
        query = query.where(Contact.is_student.is_(filters["student"] == "yes"))
    return query


def people_of(organization: Organization, user: User, limit: int = 20) -> tuple[list[Contact], int]:
    """An organization's current contacts the user sees: the first ``limit`` by name, and
    how many there are."""
    query = visible_contacts(user).where(
        Contact.organization_id == organization.id, Contact.archived_at.is_(None)
    )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    people = db.session.scalars(query.order_by(Contact.sort_key, Contact.id).limit(limit)).all()
    return list(people), total
