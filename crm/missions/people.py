"""The people offered in the quick entry of a meeting: those met during the mission so far,
those a search found, and those already ticked."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from crm.contacts.models import Contact
from crm.core.countries import fold
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.organizations.models import Organization
from crm.users.models import User

SEARCH_LIMIT = 20


def candidates(
    meetings: list[Interaction], search: str, ticked: list[int], user: User
) -> list[Contact]:
    met = {c.id for m in meetings for c in m.contacts}
    conditions = [Contact.id.in_(met | set(ticked))]
    if key := fold(search.strip()):
        found = sa.select(Contact.id).where(
            Contact.sort_key.contains(key, autoescape=True),
            Contact.visible_to(user),
            Contact.archived_at.is_(None),
        )
        conditions.append(Contact.id.in_(found.order_by(Contact.sort_key).limit(SEARCH_LIMIT)))
    return list(
        db.session.scalars(
            sa.select(Contact)
            .where(sa.or_(*conditions), Contact.visible_to(user), Contact.archived_at.is_(None))
            .order_by(Contact.sort_key)
            .options(selectinload(Contact.organization))
        )
    )


def organization_suggestions(country: str, user: User, limit: int = 200) -> list[str]:
    """Names offered while typing a new person's organization: those of the country."""
    return list(
        db.session.scalars(
            sa.select(Organization.name)
            .where(
                Organization.country == country,
                Organization.visible_to(user),
                Organization.archived_at.is_(None),
            )
            .order_by(Organization.sort_key)
            .limit(limit)
        )
    )
