"""The agreements list, the choices of the edit form, and the use of mobility quotas."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.agreements.models import (
    Agreement,
    AgreementApproval,
    AgreementStatus,
    MobilityDirection,
    agreement_member_parties,
    agreement_organization_parties,
)
from crm.contacts.models import Contact
from crm.exchanges.models import ExchangeStatus, StudentExchange
from crm.exchanges.queries import academic_year_start
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.missions.models import Mission
from crm.organizations.models import Organization
from crm.search.query import matching_ids
from crm.users.models import User

IN_FORCE = "in_force"  # the list's pseudo-status: signed or active
IN_FORCE_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)

SORTS = {
    "title": Agreement.title,
    "expires": Agreement.expires_on,
    "signed": Agreement.signed_on,
    "updated": Agreement.updated_at,
}


def visible_agreements(user: User) -> sa.Select:
    return sa.select(Agreement).where(Agreement.visible_to(user))


def _with_partners(condition, user: User) -> sa.ColumnElement[bool]:
    """Agreements that have a partner organization, visible to the user, matching."""
    return Agreement.id.in_(
        sa.select(agreement_organization_parties.c.agreement_id)
        .join(Organization, Organization.id == agreement_organization_parties.c.organization_id)
        .where(condition, Organization.visible_to(user))
    )


def filtered(user: User, filters: dict) -> sa.Select:
    query = visible_agreements(user).options(
        selectinload(Agreement.member_parties),
        selectinload(Agreement.organization_parties),
    )
    archived = filters.get("archived")
    if archived == "only":
        query = query.where(Agreement.archived_at.is_not(None))
    elif archived != "all":
        query = query.where(Agreement.archived_at.is_(None))
    if (ids := matching_ids("agreement", filters.get("q") or "")) is not None:
        query = query.where(Agreement.id.in_(ids))  # the search engine: no case, no accents
    if filters.get("status") == IN_FORCE:
        query = query.where(Agreement.status.in_(IN_FORCE_STATUSES))
    elif filters.get("status"):
        query = query.where(Agreement.status == filters["status"])
    if filters.get("awaiting") == "me":
        query = query.where(awaiting_approval_of(user.institution_id))
    if filters.get("kind"):
        query = query.where(Agreement.kind == filters["kind"])
    if code := filters.get("institution"):
        institution_id = sa.select(MemberInstitution.id).where(MemberInstitution.code == code)
        query = query.where(
            sa.or_(
                Agreement.institution_id.in_(institution_id),
                Agreement.id.in_(
                    sa.select(agreement_member_parties.c.agreement_id).where(
                        agreement_member_parties.c.institution_id.in_(institution_id)
                    )
                ),
            )
        )
    if filters.get("organization"):
        query = query.where(_with_partners(Organization.id == filters["organization"], user))
    if filters.get("country"):
        query = query.where(_with_partners(Organization.country == filters["country"], user))
    if filters.get("mission"):
        query = query.where(Agreement.mission_id == filters["mission"])
    if filters.get("expires_from"):
        query = query.where(Agreement.expires_on >= filters["expires_from"])
    if filters.get("expires_to"):
        query = query.where(Agreement.expires_on <= filters["expires_to"])
    if filters.get("signed_from"):
        query = query.where(Agreement.signed_on >= filters["signed_from"])
    if filters.get("signed_to"):
        query = query.where(Agreement.signed_on <= filters["signed_to"])
    return query


def awaiting_approval_of(institution_id: int) -> sa.ColumnElement[bool]:
    """Agreements under review whose approval by the institution is still missing: it is a
    member party, or the owner of an agreement with no member party."""
    parties = sa.select(agreement_member_parties.c.agreement_id)
    return sa.and_(
        Agreement.status == AgreementStatus.UNDER_REVIEW,
        sa.or_(
            Agreement.id.in_(
                parties.where(agreement_member_parties.c.institution_id == institution_id)
            ),
            sa.and_(Agreement.institution_id == institution_id, Agreement.id.not_in(parties)),
        ),
        Agreement.id.not_in(
            sa.select(AgreementApproval.agreement_id).where(
                AgreementApproval.institution_id == institution_id
            )
        ),
    )


def partner_organizations(user: User) -> list[Organization]:
    """The organizations the user sees that are party to an agreement, for the filter."""
    return db.session.scalars(
        sa.select(Organization)
        .where(
            Organization.visible_to(user),
            Organization.id.in_(sa.select(agreement_organization_parties.c.organization_id)),
        )
        .order_by(Organization.sort_key)
    ).all()


def institutions() -> list[MemberInstitution]:
    return db.session.scalars(sa.select(MemberInstitution).order_by(MemberInstitution.code)).all()


MAX_SIGNATORY_CHOICES = 500


def form_options(user: User, agreement: Agreement | None, chosen_parties=()) -> dict:
    """What the edit form offers: current records the user sees, plus those already linked
    to the agreement (an archived partner stays choosable)."""
    linked_organizations = [o.id for o in agreement.organization_parties] if agreement else []
    parties = linked_organizations + [int(i) for i in chosen_parties if str(i).isdecimal()]
    signatories = agreement.signatories if agreement else []
    linked_contacts = [s.contact_id for s in signatories if s.contact_id]
    linked_users = [s.user_id for s in signatories if s.user_id]
    linked_mission = agreement.mission_id if agreement else None
    organizations = db.session.scalars(
        sa.select(Organization)
        .where(
            Organization.visible_to(user),
            sa.or_(Organization.archived_at.is_(None), Organization.id.in_(linked_organizations)),
        )
        .order_by(Organization.sort_key)
    )
    # Signatories on the partners' side are people of the partner organizations chosen as
    # parties (not every contact: there may be 200,000), and those already chosen.
    contacts = db.session.scalars(
        sa.select(Contact)
        .options(selectinload(Contact.organization))
        .where(
            Contact.visible_to(user),
            Contact.is_student.is_(False),
            sa.or_(
                sa.and_(
                    Contact.organization_id.in_(parties),
                    Contact.archived_at.is_(None),
                ),
                Contact.id.in_(linked_contacts),
            ),
        )
        .order_by(Contact.sort_key)
        .limit(MAX_SIGNATORY_CHOICES)
    )
    users = db.session.scalars(
        sa.select(User)
        .options(selectinload(User.institution))
        .where(sa.or_(User.is_active.is_(True), User.id.in_(linked_users)))
        .order_by(User.name)
    )
    missions = db.session.scalars(
        sa.select(Mission)
        .where(
            Mission.visible_to(user),
            sa.or_(Mission.archived_at.is_(None), Mission.id == linked_mission),
        )
        .order_by(Mission.starts_on.desc())
    )
    return {
        "institutions": [(i.id, f"{i.code} — {i.name}") for i in institutions()],
        "organizations": [(o.id, o.name) for o in organizations],
        "contacts": [
            (c.id, f"{c.full_name} — {c.organization.name}" if c.organization else c.full_name)
            for c in contacts
        ],
        "users": [(u.id, f"{u.name} ({u.institution.code})") for u in users],
        "missions": [(m.id, m.name) for m in missions],
    }


def used_places(agreement_ids) -> dict[int, dict[tuple[str, MobilityDirection], int]]:
    """Non-cancelled exchanges per agreement, academic year and direction, counted in SQL:
    {agreement id: {("2026-2027", direction): count}} for the agreements ``agreement_ids``
    (ids, or a SELECT of them).

    Academic years start in August (as ``StudentExchange.academic_year`` says). Exchanges of
    every institution count: a count tells nothing about any student.
    """
    start = academic_year_start(StudentExchange.starts_on)
    rows = db.session.execute(
        sa.select(StudentExchange.agreement_id, start, StudentExchange.direction, sa.func.count())
        .where(
            StudentExchange.agreement_id.in_(agreement_ids),
            StudentExchange.status != ExchangeStatus.CANCELLED,
        )
        .group_by(StudentExchange.agreement_id, start, StudentExchange.direction)
    ).all()
    used: dict[int, dict[tuple[str, MobilityDirection], int]] = {}
    for agreement_id, year, direction, count in rows:
        key = (f"{int(year)}-{int(year) + 1}", MobilityDirection(direction))
        used.setdefault(agreement_id, {})[key] = count
    return used


def quota_rows(agreement: Agreement, counted: dict) -> list[dict]:
    """Places and use per academic year and direction; ``counted`` is the agreement's entry
    of ``used_places``."""
    places = {(q.academic_year, q.direction): q.places for q in agreement.quotas}
    return [
        {
            "academic_year": year,
            "direction": direction,
            "places": places.get((year, direction)),
            "used": counted.get((year, direction), 0),
        }
        for year, direction in sorted(places.keys() | counted.keys())
    ]


def quota_use(agreement: Agreement) -> list[dict]:
    """The agreement's places and non-cancelled exchanges per academic year and direction."""
    return quota_rows(agreement, used_places([agreement.id]).get(agreement.id, {}))
