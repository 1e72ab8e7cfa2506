"""What happened with an organization, newest first: interactions with its people,
follow-ups about it or them, agreements it is party to, exchanges it hosts or sends."""

from __future__ import annotations

import sqlalchemy as sa

from crm.agreements.models import Agreement, agreement_organization_parties
from crm.contacts.models import Contact
from crm.core.timeline import LIMIT, Entry, newest_first
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.interactions.models import Interaction, interaction_contacts
from crm.organizations.models import Organization
from crm.users.models import User


def timeline_of(organization: Organization, user: User) -> list[Entry]:
    people = sa.select(Contact.id).where(Contact.organization_id == organization.id)
    interactions = db.session.scalars(
        sa.select(Interaction)
        .where(
            Interaction.visible_to(user),
            Interaction.id.in_(
                sa.select(interaction_contacts.c.interaction_id).where(
                    interaction_contacts.c.contact_id.in_(people)
                )
            ),
        )
        .order_by(Interaction.occurred_at.desc())
        .limit(LIMIT)
    )
    # Two indexed look-ups rather than one OR, which would scan every follow-up.
    follow_ups = [
        follow_up
        for about in (FollowUp.organization_id == organization.id, FollowUp.contact_id.in_(people))
        for follow_up in db.session.scalars(
            sa.select(FollowUp)
            .where(FollowUp.visible_to(user), about)
            .order_by(FollowUp.due_on.desc())
            .limit(LIMIT)
        )
    ]
    agreements = db.session.scalars(
        sa.select(Agreement)
        .where(
            Agreement.visible_to(user),
            Agreement.id.in_(
                sa.select(agreement_organization_parties.c.agreement_id).where(  # indexed
                    agreement_organization_parties.c.organization_id == organization.id
                )
            ),
        )
        .order_by(Agreement.updated_at.desc())
        .limit(LIMIT)
    )
    exchanges = db.session.scalars(
        sa.select(StudentExchange)
        .where(
            StudentExchange.visible_to(user),
            StudentExchange.partner_organization_id == organization.id,
        )
        .order_by(StudentExchange.starts_on.desc())
        .limit(LIMIT)
    )
    return newest_first(
        [Entry(i.occurred_at, "interaction", i) for i in interactions]
        + [Entry(f.due_on, "follow_up", f) for f in follow_ups]
        + [Entry(a.signed_on or a.created_at, "agreement", a) for a in agreements]
        + [Entry(e.starts_on, "exchange", e) for e in exchanges]
    )
