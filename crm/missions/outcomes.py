"""What came out of a mission, as (mission id, record id) pairs the database can group.

One definition serves the directors' pipeline (counts per mission) and the lists a figure
links to (``?mission=ID``), so a figure and its list always agree:

- meetings: the interactions recorded on the mission;
- people met: the contacts of those meetings, but for the consortium's own staff (users
  of the CRM with a contact record too: the directors general at a signing);
- follow-ups: about the mission, one of its meetings, or someone met there (created since
  the mission began: an older follow-up with that person did not come out of it);
- agreements: those that name the mission as their origin;
- exchanges: those under one of those agreements.

Each goes only through meetings and agreements the user may see (and, for meetings, not
archived): another institution's private meeting must not tell whom it met.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm.agreements.models import Agreement
from crm.contacts.models import Contact
from crm.core.countries import fold
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.interactions.models import Interaction, interaction_contacts
from crm.missions.models import Mission
from crm.users.models import User


def _meetings_seen(missions, user: User) -> list:
    return [
        Interaction.mission_id.in_(missions),
        Interaction.visible_to(user),
        Interaction.archived_at.is_(None),
    ]


def meetings(missions, user: User) -> sa.Select:
    """``missions``: the missions' ids, as a list or a SELECT, applied in every branch so the
    database looks only at theirs."""
    return sa.select(
        Interaction.mission_id.label("mission_id"), Interaction.id.label("record_id")
    ).where(*_meetings_seen(missions, user))


def people_met(missions, user: User) -> sa.Select:
    return (
        sa.select(
            Interaction.mission_id.label("mission_id"),
            interaction_contacts.c.contact_id.label("record_id"),
        )
        .join(interaction_contacts, interaction_contacts.c.interaction_id == Interaction.id)
        .where(
            *_meetings_seen(missions, user),
            interaction_contacts.c.contact_id.not_in(_ourselves()),
        )
    )


def _ourselves() -> sa.Select:
    """The contacts named as a user of the CRM is ("Beaudin David" for David Beaudin, any
    way the name splits into given and family names), compared as the contacts list sorts."""
    keys = set()
    for name in db.session.scalars(sa.select(User.name)):
        words = name.split()
        keys |= {fold(" ".join(words[i:] + words[:i])) for i in range(1, len(words))}
    return sa.select(Contact.id).where(Contact.sort_key.in_(sorted(keys)))


def follow_ups(missions, user: User) -> sa.CompoundSelect:
    met = people_met(missions, user).subquery()
    return sa.union(
        sa.select(FollowUp.mission_id, FollowUp.id).where(FollowUp.mission_id.in_(missions)),
        sa.select(Interaction.mission_id, FollowUp.id)
        .join(Interaction, Interaction.id == FollowUp.interaction_id)
        .where(*_meetings_seen(missions, user)),
        sa.select(met.c.mission_id, FollowUp.id)
        .join(met, met.c.record_id == FollowUp.contact_id)
        .join(Mission, Mission.id == met.c.mission_id)
        # Since the day the mission began, in UTC (SQLite compares the text).
        .where(FollowUp.created_at >= Mission.starts_on),
    )


def agreements(missions, user: User) -> sa.Select:
    return sa.select(
        Agreement.mission_id.label("mission_id"), Agreement.id.label("record_id")
    ).where(Agreement.mission_id.in_(missions), Agreement.visible_to(user))


def exchanges(missions, user: User) -> sa.Select:
    return (
        sa.select(Agreement.mission_id.label("mission_id"), StudentExchange.id.label("record_id"))
        .join(Agreement, Agreement.id == StudentExchange.agreement_id)
        .where(Agreement.mission_id.in_(missions), Agreement.visible_to(user))
    )


def of_mission(pairs_of, mission_id: int, user: User) -> sa.Select:
    """The ids of the records that ``pairs_of`` gives for one mission (for a list's filter)."""
    found = pairs_of([mission_id], user).subquery()
    return sa.select(found.c[1])
