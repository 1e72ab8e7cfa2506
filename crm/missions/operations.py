"""Creating and changing missions, the meetings typed during them and the follow-ups they
call for. Operations flush; views commit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.contacts.models import ConsentSource, Contact
from crm.core.countries import fold
from crm.core.editing import apply_changes
from crm.core.errors import ValidationError
from crm.core.records import Visibility
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from crm.institutions.models import MemberInstitution
from crm.interactions.models import Interaction, InteractionKind
from crm.missions.models import Mission
from crm.missions.queries import meetings_of
from crm.organizations.models import Organization, OrganizationKind
from crm.users.models import User

FIELDS = (
    "name",
    "country",
    "cities",
    "starts_on",
    "ends_on",
    "purpose",
    "outcomes",
    "status",
    "visibility",
)


def _clean(values: dict) -> dict:
    cleaned = {name: values[name] for name in FIELDS}
    for name in ("cities", "purpose", "outcomes"):
        cleaned[name] = (cleaned[name] or "").strip() or None
    return cleaned | {"name": values["name"].strip()}


def _same_or(current: list, chosen: list) -> list:
    """``chosen``, or the current list itself when it holds the same records (in any order),
    so that an unchanged delegation is no change."""
    return current if {r.id for r in current} == {r.id for r in chosen} else chosen


def _delegation(values: dict) -> dict:
    user_ids = set(values.get("delegates") or [])
    institution_ids = set(values.get("delegation_institutions") or [])
    users = db.session.scalars(sa.select(User).where(User.id.in_(user_ids))).all()
    institutions = db.session.scalars(
        sa.select(MemberInstitution).where(MemberInstitution.id.in_(institution_ids))
    ).all()
    return {
        "delegates": sorted(users, key=lambda u: u.name),
        "delegation_institutions": sorted(institutions, key=lambda i: i.code),
    }


def create_mission(values: dict, user: User) -> Mission:
    mission = Mission(**_clean(values), **_delegation(values), institution_id=user.institution_id)
    db.session.add(mission)
    db.session.flush()
    return mission


def update_mission(mission: Mission, expected_version, values: dict) -> list[str]:
    delegation = _delegation(values)
    changes = _clean(values) | {
        "delegates": _same_or(mission.delegates, delegation["delegates"]),
        "delegation_institutions": _same_or(
            mission.delegation_institutions, delegation["delegation_institutions"]
        ),
    }
    return apply_changes(mission, expected_version, changes)


def _restricted(*records) -> Visibility:
    """Member-only as soon as one of the records it tells about is member-only."""
    if any(r.visibility == Visibility.MEMBER for r in records):
        return Visibility.MEMBER
    return Visibility.CONSORTIUM


def organization_named(name: str, country: str, user: User) -> Organization:
    """The visible organization of that name (accents and case aside), else a new one in
    the mission's country."""
    found = db.session.scalars(
        sa.select(Organization)
        .where(
            Organization.sort_key == fold(name),
            Organization.visible_to(user),
            Organization.archived_at.is_(None),
        )
        .order_by(Organization.id)
        .limit(1)
    ).first()
    if found is not None:
        return found
    organization = Organization(
        name=name, country=country, kind=OrganizationKind.OTHER, institution_id=user.institution_id
    )
    db.session.add(organization)
    return organization


def _chosen_contacts(ids: list[int], user: User) -> list[Contact]:
    ids = set(ids or [])
    contacts = db.session.scalars(
        sa.select(Contact)
        .where(Contact.id.in_(ids), Contact.visible_to(user), Contact.archived_at.is_(None))
        .order_by(Contact.sort_key)
    ).all()
    if len(contacts) != len(ids):
        raise ValidationError("contact_ids", _l("Some of these people cannot be found."))
    return list(contacts)


def _new_contact(values: dict, mission: Mission, user: User) -> Contact | None:
    given = (values.get("new_given_name") or "").strip()
    family = (values.get("new_family_name") or "").strip()
    if not (given and family):
        return None
    organization_name = (values.get("new_organization") or "").strip()
    contact = Contact(
        given_name=given,
        family_name=family,
        organization=organization_named(organization_name, mission.country, user)
        if organization_name
        else None,
        institution_id=user.institution_id,
        source=ConsentSource.EVENT,
        source_details=_("Met during the mission “%(mission)s”", mission=mission.name)[:500],
    )
    db.session.add(contact)
    return contact


def local_now() -> datetime:
    """Now in the colleges' time zone, to the minute, without the zone (a form's value)."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.now(zone).replace(second=0, microsecond=0, tzinfo=None)


def record_meeting(mission: Mission, values: dict, user: User) -> Interaction:
    """A meeting held during the mission, with the user as the staff member who was there;
    a person not in the CRM yet is created on the way."""
    contacts = _chosen_contacts(values.get("contact_ids"), user)
    if (new := _new_contact(values, mission, user)) is not None:
        contacts.append(new)
    if not contacts:
        raise ValidationError(
            "contact_ids", _l("Choose at least one person, or type the name of a new person.")
        )
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    names = ", ".join(c.full_name for c in contacts)
    meeting = Interaction(
        kind=InteractionKind.MEETING,
        occurred_at=values["occurred_at"].replace(tzinfo=zone),
        subject=_("Meeting with %(names)s", names=names)[:300],
        summary=(values.get("notes") or "").strip() or None,
        mission_id=mission.id,
        contacts=contacts,
        staff=[user],
        institution_id=user.institution_id,
        visibility=_restricted(mission, *contacts),
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _who_met(mission: Mission, user: User) -> dict[Contact, User | None]:
    """Each visible person met during the mission, with the delegation member who met them
    last (None when no member of the delegation was there)."""
    delegates = {u.id for u in mission.delegates if u.is_active}
    # The delegation's own members may have contact records too (the directors general
    # at a signing): they are not people to follow up with.
    ourselves = {fold(u.name) for u in mission.delegates}
    met: dict[Contact, User | None] = {}
    for meeting in meetings_of(mission, user):
        delegate = next((u for u in meeting.staff if u.id in delegates), None)
        for contact in meeting.contacts:
            if fold(contact.full_name) in ourselves:
                continue
            if contact.is_visible_to(user) and contact.archived_at is None:
                met[contact] = delegate or met.get(contact)
    return met


def met_without_follow_up(mission: Mission, user: User) -> dict[Contact, User | None]:
    """The people met during the mission, as ``user`` sees them, who have no open
    follow-up yet, with the delegation member who met them."""
    met = _who_met(mission, user)
    followed = set(
        db.session.scalars(
            sa.select(FollowUp.contact_id).where(
                FollowUp.contact_id.in_([c.id for c in met]),
                FollowUp.status == FollowUpStatus.OPEN,
                FollowUp.archived_at.is_(None),
                FollowUp.visible_to(user),
            )
        )
    )
    return {contact: who for contact, who in met.items() if contact.id not in followed}


def create_missing_follow_ups(
    mission: Mission, user: User, today: date, due_in_days: int = 7
) -> list[FollowUp]:
    """A follow-up for every person met during the mission who has no open one yet,
    assigned to the delegation member who met them (else to the user)."""
    created = []
    for contact, delegate in met_without_follow_up(mission, user).items():
        assignee = delegate
        if assignee is None or not (
            contact.is_visible_to(assignee) and mission.is_visible_to(assignee)
        ):
            assignee = user
        title = _(
            "Follow up with %(name)s (%(mission)s)",
            name=contact.full_name,
            mission=mission.name,
        )
        follow_up = FollowUp(
            title=title[:300],
            due_on=today + timedelta(days=due_in_days),
            assignee=assignee,
            contact=contact,
            institution_id=assignee.institution_id,
            visibility=_restricted(mission, contact),
        )
        db.session.add(follow_up)
        created.append(follow_up)
    db.session.flush()
    return created
