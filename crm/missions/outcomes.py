"""What came out of a mission, as (mission id, record id) pairs the database can group.

One definition serves the directors' pipeline (counts per mission) and the lists a figure
links to (``?mission=ID``), so a figure and its list always agree:

- meetings: the interactions recorded on the mission;
- people met: the contacts of those meetings;
- follow-ups: about the mission, one of its meetings, or someone met there (created since
  the mission began: an older follow-up with that person did not come out of it);
- agreements: those that name the mission as their origin;
- exchanges: those under one of those agreements.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm.agreements.models import Agreement
from crm.exchanges.models import StudentExchange
from crm.followups.models import FollowUp
from crm.interactions.models import Interaction, interaction_contacts
from crm.missions.models import Mission


def meetings(missions) -> sa.Select:
    """``missions``: the missions' ids, as a list or a SELECT, applied in every branch so the
    database looks only at theirs."""
    return sa.select(
        Interaction.mission_id.label("mission_id"), Interaction.id.label("record_id")
    ).where(Interaction.mission_id.in_(missions))


def people_met(missions) -> sa.Select:
    return (
        sa.select(
            Interaction.mission_id.label("mission_id"),
            interaction_contacts.c.contact_id.label("record_id"),
        )
        .join(interaction_contacts, interaction_contacts.c.interaction_id == Interaction.id)
        .where(Interaction.mission_id.in_(missions))
    )


def follow_ups(missions) -> sa.CompoundSelect:
    met = people_met(missions).subquery()
    return sa.union(
        sa.select(FollowUp.mission_id, FollowUp.id).where(FollowUp.mission_id.in_(missions)),
        sa.select(Interaction.mission_id, FollowUp.id)
        .join(Interaction, Interaction.id == FollowUp.interaction_id)
        .where(Interaction.mission_id.in_(missions)),
        sa.select(met.c.mission_id, FollowUp.id)
        .join(met, met.c.record_id == FollowUp.contact_id)
        .join(Mission, Mission.id == met.c.mission_id)
        .where(FollowUp.created_at >= Mission.starts_on),  # SQLite compares the text
    )


def agreements(missions) -> sa.Select:
    return sa.select(
        Agreement.mission_id.label("mission_id"), Agreement.id.label("record_id")
    ).where(Agreement.mission_id.in_(missions))


def exchanges(missions) -> sa.Select:
    return (
        sa.select(Agreement.mission_id.label("mission_id"), StudentExchange.id.label("record_id"))
        .join(Agreement, Agreement.id == StudentExchange.agreement_id)
        .where(Agreement.mission_id.in_(missions))
    )


def of_mission(pairs_of, mission_id: int) -> sa.Select:
    """The ids of the records that ``pairs_of`` gives for one mission (for a list's filter)."""
    found = pairs_of([mission_id]).subquery()
    return sa.select(found.c[1])
