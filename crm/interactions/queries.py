"""The interactions list, and the records an interaction form offers to choose from."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.agreements.models import Agreement
from crm.contacts.models import Contact
from crm.core.clock import zone
from crm.core.countries import fold
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.interactions.models import Interaction, interaction_contacts
from crm.missions.models import Mission
from crm.organizations.models import Organization
from crm.users.models import User

SORTS = {"date": Interaction.occurred_at}


def start_of(day: date) -> datetime:
    """Midnight of ``day`` in the colleges' time zone, in UTC."""
    return datetime.combine(day, time.min, zone()).astimezone(UTC)


def filtered(user: User, filters: dict) -> sa.Select:
    query = (
        sa.select(Interaction)
        .where(Interaction.visible_to(user))
        .options(
            selectinload(Interaction.contacts).selectinload(Contact.organization),
            selectinload(Interaction.institution),
        )
    )
    archived = filters.get("archived")
    if archived == "only":
        query = query.where(Interaction.archived_at.is_not(None))
    elif archived != "all":
        query = query.where(Interaction.archived_at.is_(None))
    if filters.get("kind"):
        query = query.where(Interaction.kind == filters["kind"])
    if filters.get("date_from"):
        query = query.where(Interaction.occurred_at >= start_of(filters["date_from"]))
    if filters.get("date_to"):
        query = query.where(
            Interaction.occurred_at < start_of(filters["date_to"] + timedelta(days=1))
        )
    if filters.get("institution"):
        query = query.join(MemberInstitution, Interaction.institution).where(
            MemberInstitution.code == filters["institution"]
        )
    if filters.get("mission"):
        query = query.where(Interaction.mission_id == int(filters["mission"]))
    if text := (filters.get("q") or "").strip():
        pattern = f"%{text}%"
        people = (
            sa.select(Contact.id)
            .outerjoin(
                Organization,
                sa.and_(Organization.id == Contact.organization_id, Organization.visible_to(user)),
            )
            .where(
                Contact.visible_to(user),
                sa.or_(
                    Contact.sort_key.contains(fold(text), autoescape=True),
                    Organization.name.ilike(pattern),
                    Organization.acronym.ilike(pattern),
                ),
            )
        )
        query = query.where(
            Interaction.id.in_(
                sa.select(interaction_contacts.c.interaction_id).where(
                    interaction_contacts.c.contact_id.in_(people)
                )
            )
        )
    return query


# The most contacts the form lists at once; beyond, the user narrows them with a search.
CHOICES_LIMIT = 300


def contact_choices(
    user: User,
    organization_id: int | None = None,
    chosen: list[int] = (),
    search: str | None = None,
) -> tuple[list[tuple[int, str]], bool]:
    """The contacts the form offers, "Family, Given — Organization", by name: the ones
    already chosen, and the current ones the user sees (only an organization's when one is
    given; only those whose name or organization matches ``search`` when one is given), at
    most CHOICES_LIMIT of them. Also whether some were left out."""
    organization = sa.and_(
        Organization.id == Contact.organization_id, Organization.visible_to(user)
    )
    offered = (
        sa.select(Contact.id)
        .outerjoin(Organization, organization)
        .where(Contact.visible_to(user), Contact.archived_at.is_(None))
    )
    if organization_id:
        offered = offered.where(Contact.organization_id == organization_id)
    if text := (search or "").strip():
        offered = offered.where(
            sa.or_(
                Contact.sort_key.contains(fold(text), autoescape=True),
                Organization.name.ilike(f"%{text}%"),
                Organization.acronym.ilike(f"%{text}%"),
            )
        )
    ids = list(
        db.session.scalars(offered.order_by(Contact.sort_key, Contact.id).limit(CHOICES_LIMIT + 1))
    )
    truncated = len(ids) > CHOICES_LIMIT
    rows = db.session.execute(
        sa.select(Contact.id, Contact.family_name, Contact.given_name, Organization.name)
        .outerjoin(Organization, organization)
        .where(
            Contact.visible_to(user),
            Contact.id.in_(ids[:CHOICES_LIMIT] + [int(i) for i in chosen]),
        )
        .order_by(Contact.sort_key, Contact.id)
    )
    choices = [
        (id_, f"{family}, {given}" + (f" — {organization}" if organization else ""))
        for id_, family, given, organization in rows
    ]
    return choices, truncated


def staff_choices(chosen: list[int] = ()) -> list[tuple[int, str]]:
    rows = db.session.execute(
        sa.select(User.id, User.name, MemberInstitution.code)
        .outerjoin(MemberInstitution, User.institution)
        .where(sa.or_(User.is_active.is_(True), User.id.in_(list(chosen))))
        .order_by(User.name, User.id)
    )
    return [(id_, f"{name} ({code})" if code else name) for id_, name, code in rows]


def mission_choices(user: User) -> list[tuple[str, str]]:
    rows = db.session.execute(
        sa.select(Mission.id, Mission.name, Mission.starts_on)
        .where(Mission.visible_to(user))
        .order_by(Mission.starts_on.desc(), Mission.id)
    )
    return [(str(id_), f"{name} ({starts_on:%Y-%m})") for id_, name, starts_on in rows]


def agreement_choices(user: User) -> list[tuple[str, str]]:
    rows = db.session.execute(
        sa.select(Agreement.id, Agreement.title)
        .where(Agreement.visible_to(user))
        .order_by(Agreement.title, Agreement.id)
    )
    return [(str(id_), title) for id_, title in rows]
