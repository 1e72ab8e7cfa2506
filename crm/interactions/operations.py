"""Logging and changing interactions. Operations flush; views commit."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.core.clock import zone
from crm.core.editing import apply_changes
from crm.extensions import db
from crm.interactions.models import Interaction
from crm.users.models import User

FIELDS = (
    "kind",
    "occurred_at",
    "subject",
    "location",
    "summary",
    "mission_id",
    "agreement_id",
    "visibility",
)


def utc_from_local(moment: datetime) -> datetime:
    """A date and time as entered, in the colleges' time zone, stored in UTC."""
    return moment.replace(tzinfo=zone()).astimezone(UTC)


def local_from_utc(moment: datetime) -> datetime:
    """A stored moment as the form shows it: the colleges' wall-clock time, to the minute."""
    return moment.astimezone(zone()).replace(tzinfo=None, second=0, microsecond=0)


def _clean(values: dict) -> dict:
    cleaned = {
        name: (value.strip() or None) if isinstance(value, str) else value
        for name, value in values.items()
    }
    cleaned["subject"] = values["subject"].strip()
    cleaned["occurred_at"] = utc_from_local(values["occurred_at"])
    for name in ("mission_id", "agreement_id"):
        cleaned[name] = int(cleaned[name] or 0) or None
    return cleaned


def _contacts(ids: list[int], user: User) -> list[Contact]:
    """The chosen contacts the user may see (any other id is ignored)."""
    if not ids:
        return []
    return list(
        db.session.scalars(
            sa.select(Contact)
            .where(Contact.id.in_(ids), Contact.visible_to(user))
            .order_by(Contact.sort_key)
        )
    )


def _users(ids: list[int]) -> list[User]:
    if not ids:
        return []
    return list(db.session.scalars(sa.select(User).where(User.id.in_(ids)).order_by(User.name)))


def create_interaction(
    values: dict, contact_ids: list[int], staff_ids: list[int], user: User
) -> Interaction:
    interaction = Interaction(
        **_clean({k: values[k] for k in FIELDS}), institution_id=user.institution_id
    )
    interaction.contacts = _contacts(contact_ids, user)
    interaction.staff = _users(staff_ids)
    db.session.add(interaction)
    db.session.flush()
    return interaction


def update_interaction(
    interaction: Interaction,
    expected_version,
    values: dict,
    contact_ids: list[int],
    staff_ids: list[int],
    user: User,
) -> list[str]:
    changes = _clean({k: values[k] for k in FIELDS})
    # Contacts this user cannot see stay linked: they are not theirs to remove.
    hidden = [c for c in interaction.contacts if not c.is_visible_to(user)]
    contacts = hidden + _contacts(contact_ids, user)
    if {c.id for c in contacts} != {c.id for c in interaction.contacts}:
        changes["contacts"] = contacts
    if set(staff_ids) != {u.id for u in interaction.staff}:
        changes["staff"] = _users(staff_ids)
    return apply_changes(interaction, expected_version, changes)
