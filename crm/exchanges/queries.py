"""The exchanges list and the choices of its forms: what a user may see."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from crm.agreements.models import Agreement, agreement_organization_parties
from crm.contacts.models import Contact
from crm.exchanges.models import ExchangeStatus, StudentExchange
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.missions import outcomes
from crm.organizations.models import Organization
from crm.users.models import User

NOT_CANCELLED = "not_cancelled"  # the list's pseudo-status

SORTS = {"start": StudentExchange.starts_on, "updated": StudentExchange.updated_at}


def year_bounds(academic_year: str) -> tuple[date, date]:
    """ "2026-2027" → (1 August 2026, 1 August 2027): Quebec academic years start in August."""
    start = int(academic_year[:4])
    return date(start, 8, 1), date(start + 1, 8, 1)


def academic_year_start(starts_on) -> sa.ColumnElement[int]:
    """The first calendar year of a date's academic year (August on), computed by the
    database: 2027-03-01 → 2026."""
    return sa.cast(sa.extract("year", starts_on), sa.Integer) - sa.case(
        (sa.extract("month", starts_on) < 8, 1), else_=0
    )


def academic_years(user: User) -> list[str]:
    """Every academic year from the first visible exchange's to the last one's, newest first."""
    first, last = db.session.execute(
        sa.select(
            sa.func.min(StudentExchange.starts_on), sa.func.max(StudentExchange.starts_on)
        ).where(StudentExchange.visible_to(user))
    ).one()
    if first is None:
        return []
    begin = first.year if first.month >= 8 else first.year - 1
    end = last.year if last.month >= 8 else last.year - 1
    return [f"{year}-{year + 1}" for year in range(end, begin - 1, -1)]


def _visible_exchanges(user: User) -> sa.Select:
    return sa.select(StudentExchange).where(StudentExchange.visible_to(user))


def filter_options(user: User) -> dict:
    """The choices of the list's filters: only what the user's exchanges refer to."""
    exchanges = _visible_exchanges(user).subquery()
    organizations = db.session.scalars(
        sa.select(Organization)
        .where(
            Organization.visible_to(user),
            Organization.id.in_(sa.select(exchanges.c.partner_organization_id)),
        )
        .order_by(Organization.sort_key)
    )
    agreements = db.session.scalars(
        sa.select(Agreement)
        .where(Agreement.visible_to(user), Agreement.id.in_(sa.select(exchanges.c.agreement_id)))
        .order_by(Agreement.title)
    )
    return {
        "institutions": db.session.scalars(
            sa.select(MemberInstitution).order_by(MemberInstitution.code)
        ).all(),
        "organizations": [(o.id, o.name) for o in organizations],
        "agreements": [(a.id, a.title) for a in agreements],
        "years": academic_years(user),
    }


def filtered(user: User, filters: dict) -> sa.Select:
    query = _visible_exchanges(user).options(
        joinedload(StudentExchange.student),
        joinedload(StudentExchange.partner_organization),
        joinedload(StudentExchange.institution),
    )
    archived = filters.get("archived")
    if archived == "only":
        query = query.where(StudentExchange.archived_at.is_not(None))
    elif archived != "all":
        query = query.where(StudentExchange.archived_at.is_(None))
    for name, column in [
        ("direction", StudentExchange.direction),
        ("partner", StudentExchange.partner_organization_id),
        ("agreement", StudentExchange.agreement_id),
    ]:
        if filters.get(name):
            query = query.where(column == filters[name])
    if filters.get("institution"):
        query = query.where(
            StudentExchange.institution_id
            == sa.select(MemberInstitution.id)
            .where(MemberInstitution.code == filters["institution"])
            .scalar_subquery()
        )
    if filters.get("status") == NOT_CANCELLED:
        query = query.where(StudentExchange.status != ExchangeStatus.CANCELLED)
    elif filters.get("status"):
        query = query.where(StudentExchange.status == filters["status"])
    if filters.get("starts_from"):
        query = query.where(StudentExchange.starts_on >= filters["starts_from"])
    if filters.get("starts_to"):
        query = query.where(StudentExchange.starts_on <= filters["starts_to"])
    if filters.get("mission"):
        query = query.where(
            StudentExchange.id.in_(
                outcomes.of_mission(outcomes.exchanges, filters["mission"], user)
            )
        )
    if filters.get("year"):
        start, end = year_bounds(filters["year"])
        query = query.where(StudentExchange.starts_on >= start, StudentExchange.starts_on < end)
    if filters.get("country"):
        query = query.where(
            StudentExchange.partner_organization_id.in_(
                sa.select(Organization.id).where(
                    Organization.country == filters["country"], Organization.visible_to(user)
                )
            )
        )
    return query


def _current_or_kept(model, user: User, keep: int | None) -> sa.ColumnElement[bool]:
    return sa.and_(
        model.visible_to(user),
        sa.or_(model.archived_at.is_(None), model.id == keep),
    )


def form_options(user: User, exchange: StudentExchange | None, partner_id: int | None) -> dict:
    """The students, partner organizations and agreements the edit form offers: visible and
    current (or already chosen); agreements with the partner as a party when it is known."""
    students = db.session.scalars(
        sa.select(Contact)
        .where(
            Contact.is_student.is_(True),
            _current_or_kept(Contact, user, exchange.student_id if exchange else None),
        )
        .order_by(Contact.sort_key)
    )
    organizations = db.session.scalars(
        sa.select(Organization)
        .where(
            _current_or_kept(
                Organization, user, exchange.partner_organization_id if exchange else None
            )
        )
        .order_by(Organization.sort_key)
    )
    kept_agreement = exchange.agreement_id if exchange else None
    agreements = sa.select(Agreement).where(_current_or_kept(Agreement, user, kept_agreement))
    if partner_id:
        agreements = agreements.where(
            sa.or_(
                Agreement.id.in_(
                    sa.select(agreement_organization_parties.c.agreement_id).where(
                        agreement_organization_parties.c.organization_id == partner_id
                    )
                ),
                Agreement.id == kept_agreement,
            )
        )
    return {
        "students": [(c.id, c.full_name) for c in students],
        "organizations": [(o.id, f"{o.name} ({o.country})") for o in organizations],
        "agreements": [
            (a.id, a.title) for a in db.session.scalars(agreements.order_by(Agreement.title))
        ],
    }
