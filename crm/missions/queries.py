"""The missions list, and what a mission's page shows: its meetings, agreements, projects."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.agreements.models import Agreement
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.interactions.models import Interaction
from crm.missions.models import Mission, mission_institutions
from crm.projects.models import Project, project_missions
from crm.search.query import matching_ids
from crm.users.models import User

SORTS = {"start": Mission.starts_on, "name": Mission.name}


def filtered(user: User, filters: dict) -> sa.Select:
    query = sa.select(Mission).where(Mission.visible_to(user))
    archived = filters.get("archived")
    if archived == "only":
        query = query.where(Mission.archived_at.is_not(None))
    elif archived != "all":
        query = query.where(Mission.archived_at.is_(None))
    if (ids := matching_ids("mission", filters.get("q") or "")) is not None:
        query = query.where(Mission.id.in_(ids))  # the search engine: no case, no accents
    if filters.get("status"):
        query = query.where(Mission.status == filters["status"])
    if filters.get("country"):
        query = query.where(Mission.country == filters["country"])
    if filters.get("institution"):
        query = query.where(
            Mission.id.in_(
                sa.select(mission_institutions.c.mission_id)
                .join(MemberInstitution)
                .where(MemberInstitution.code == filters["institution"])
            )
        )
    if filters.get("start_from"):
        query = query.where(Mission.starts_on >= filters["start_from"])
    if filters.get("start_until"):
        query = query.where(Mission.starts_on <= filters["start_until"])
    return query.options(selectinload(Mission.delegation_institutions))


def meeting_counts(user: User, missions: list[Mission]) -> dict[int, int]:
    """How many meetings the user may see for each mission, counted in one query."""
    ids = [m.id for m in missions]
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Interaction.mission_id, sa.func.count(Interaction.id))
        .where(Interaction.mission_id.in_(ids), Interaction.visible_to(user))
        .group_by(Interaction.mission_id)
    )
    return dict(rows.all())


def meetings_of(mission: Mission, user: User) -> list[Interaction]:
    """The meetings held during the mission that the user may see, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Interaction)
            .where(Interaction.mission_id == mission.id, Interaction.visible_to(user))
            .order_by(Interaction.occurred_at, Interaction.id)
            .options(selectinload(Interaction.contacts), selectinload(Interaction.staff))
        )
    )


def agreements_of(mission: Mission, user: User) -> list[Agreement]:
    return list(
        db.session.scalars(
            sa.select(Agreement)
            .where(Agreement.mission_id == mission.id, Agreement.visible_to(user))
            .order_by(Agreement.title)
        )
    )


def projects_of(mission: Mission, user: User) -> list[Project]:
    return list(
        db.session.scalars(
            sa.select(Project)
            .where(
                Project.visible_to(user),
                Project.id.in_(
                    sa.select(project_missions.c.project_id).where(
                        project_missions.c.mission_id == mission.id
                    )
                ),
            )
            .order_by(Project.name)
        )
    )
