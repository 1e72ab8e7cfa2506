"""The projects list: what a user may see, filtered and sorted; what a project links to."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.organizations.models import Organization
from crm.projects.models import Project, ProjectPartner
from crm.users.models import User

SORTS = {"name": Project.name, "start": Project.starts_on}


def filtered(user: User, filters: dict) -> sa.Select:
    query = sa.select(Project).where(Project.visible_to(user))
    archived = filters.get("archived")
    if archived == "only":
        query = query.where(Project.archived_at.is_not(None))
    elif archived != "all":
        query = query.where(Project.archived_at.is_(None))
    if text := (filters.get("q") or "").strip():
        pattern = f"%{text}%"
        query = query.where(sa.or_(Project.name.ilike(pattern), Project.description.ilike(pattern)))
    if filters.get("kind"):
        query = query.where(Project.kind == filters["kind"])
    if filters.get("status"):
        query = query.where(Project.status == filters["status"])
    if filters.get("institution"):
        query = query.where(
            Project.institution_id.in_(
                sa.select(MemberInstitution.id).where(
                    MemberInstitution.code == filters["institution"]
                )
            )
        )
    if filters.get("partner"):  # only an organization the user can see: no oracle
        query = query.where(
            Project.id.in_(
                sa.select(ProjectPartner.project_id)
                .join(Organization, Organization.id == ProjectPartner.organization_id)
                .where(Organization.id == int(filters["partner"]), Organization.visible_to(user))
            )
        )
    return query.options(
        selectinload(Project.institution),
        selectinload(Project.partners).selectinload(ProjectPartner.organization),
    )


def visible_partners(project: Project, user: User) -> list[ProjectPartner]:
    """The partners the user may see: the only ones pages and the API show or edit (an
    edit keeps the others as they are)."""
    return [p for p in project.partners if p.organization.is_visible_to(user)]


def visible_links(project: Project, user: User) -> dict:
    """The project's agreements and missions that the user may see."""
    return {
        "agreements": sorted(
            (a for a in project.agreements if a.is_visible_to(user)), key=lambda a: a.title
        ),
        "missions": sorted(
            (m for m in project.missions if m.is_visible_to(user)),
            key=lambda m: m.starts_on,
            reverse=True,
        ),
    }


def organization_names(user: User, limit: int = 500) -> list[str]:
    """Names offered while typing a partner: the visible current organizations, A to Z."""
    return list(
        db.session.scalars(
            sa.select(Organization.name)
            .where(Organization.visible_to(user), Organization.archived_at.is_(None))
            .order_by(Organization.sort_key)
            .limit(limit)
        )
    )
