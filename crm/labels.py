"""Every enumeration's translated labels, for templates: ``{{ label(value) }}``.

Each domain's ``labels.py`` lists its label tables in ``ALL``.
"""

from __future__ import annotations

import enum

from crm.agreements import labels as agreements
from crm.contacts import labels as contacts
from crm.core import labels as core
from crm.exchanges import labels as exchanges
from crm.followups import labels as followups
from crm.history import labels as history
from crm.interactions import labels as interactions
from crm.missions import labels as missions
from crm.organizations import labels as organizations
from crm.projects import labels as projects
from crm.reminders import labels as reminders

_TABLES = (
    core.ROLE_LABELS,
    core.VISIBILITY_LABELS,
    *organizations.ALL,
    *contacts.ALL,
    *interactions.ALL,
    *missions.ALL,
    *agreements.ALL,
    *projects.ALL,
    *exchanges.ALL,
    *followups.ALL,
    *reminders.ALL,
    *history.ALL,
)
_LABELS = {(type(member), member): text for table in _TABLES for member, text in table.items()}


def label(value: enum.Enum | None) -> str:
    """The translated label of an enumeration member (its value if it has none)."""
    if value is None:
        return ""
    return str(_LABELS.get((type(value), value), value))
