"""What happened with a contact, newest first: interactions they took part in, follow-ups
about them, agreements they sign and exchanges they go on as a student."""

from __future__ import annotations

import sqlalchemy as sa

from crm.agreements.models import Agreement, AgreementSignatory
from crm.contacts.models import Contact
from crm.core.timeline import LIMIT, Entry, newest_first
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.interactions.models import Interaction, interaction_contacts
from crm.users.models import User


def timeline_of(contact: Contact, user: User) -> list[Entry]:
    interactions = db.session.scalars(
        sa.select(Interaction)
        .where(
            Interaction.visible_to(user),
            Interaction.id.in_(
                sa.select(interaction_contacts.c.interaction_id).where(
                    interaction_contacts.c.contact_id == contact.id
                )
            ),
        )
        .order_by(Interaction.occurred_at.desc())
        .limit(LIMIT)
    )
    follow_ups = db.session.scalars(
        sa.select(FollowUp)
        .where(FollowUp.visible_to(user), FollowUp.contact_id == contact.id)
        .order_by(FollowUp.due_on.desc())
        .limit(LIMIT)
    )
    agreements = db.session.scalars(
        sa.select(Agreement)
        .where(
            Agreement.visible_to(user),
            Agreement.id.in_(
                sa.select(AgreementSignatory.agreement_id).where(
                    AgreementSignatory.contact_id == contact.id
                )
            ),
        )
        .order_by(Agreement.updated_at.desc())
        .limit(LIMIT)
    )
    exchanges = db.session.scalars(
        sa.select(StudentExchange)
        .where(StudentExchange.visible_to(user), StudentExchange.student_id == contact.id)
        .order_by(StudentExchange.starts_on.desc())
        .limit(LIMIT)
    )
    return newest_first(
        [Entry(i.occurred_at, "interaction", i) for i in interactions]
        + [Entry(f.due_on, "follow_up", f) for f in follow_ups]
        + [Entry(a.signed_on or a.created_at, "agreement", a) for a in agreements]
        + [Entry(e.starts_on, "exchange", e) for e in exchanges]
    )
