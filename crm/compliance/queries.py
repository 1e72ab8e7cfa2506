"""The registers' lists and their filters."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from crm.compliance.models import Communication, ConfidentialityIncident
from crm.core.clock import zone
from crm.extensions import db
from crm.users.models import User


def incidents() -> sa.Select:
    return (
        sa.select(ConfidentialityIncident)
        .options(joinedload(ConfidentialityIncident.institution))
        .order_by(ConfidentialityIncident.occurred_on.desc(), ConfidentialityIncident.id.desc())
    )


def _start_of(day) -> datetime:
    """Midnight where the colleges are, for a day chosen in a filter."""
    return datetime.combine(day, time.min, tzinfo=zone())


def communications(filters: dict) -> sa.Select:
    query = sa.select(Communication).options(
        joinedload(Communication.exported_by), joinedload(Communication.recipient_organization)
    )
    if filters.get("exported_from"):
        query = query.where(Communication.exported_at >= _start_of(filters["exported_from"]))
    if filters.get("exported_until"):
        end = _start_of(filters["exported_until"] + timedelta(days=1))
        query = query.where(Communication.exported_at < end)
    if filters.get("person"):
        query = query.where(Communication.exported_by_id == filters["person"])
    if filters.get("outside") in ("yes", "no"):
        query = query.where(Communication.is_outside_quebec == (filters["outside"] == "yes"))
    return query.order_by(Communication.exported_at.desc(), Communication.id.desc())


def exporters() -> list[User]:
    """The people who exported something, for the filter."""
    ids = sa.select(Communication.exported_by_id).distinct()
    return db.session.scalars(sa.select(User).where(User.id.in_(ids)).order_by(User.name)).all()
