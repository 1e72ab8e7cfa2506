"""Every enumeration's translated labels, for templates: ``{{ label(value) }}``."""

from __future__ import annotations

import enum

from crm.agreements import labels as agreements
from crm.core import labels as core
from crm.organizations import labels as organizations

_LABELS = {
    (type(member), member): text
    for mapping in (
        core.ROLE_LABELS,
        core.VISIBILITY_LABELS,
        organizations.KIND_LABELS,
        agreements.KIND_LABELS,
        agreements.STATUS_LABELS,
        agreements.ACTION_LABELS,
    )
    for member, text in mapping.items()
}


def label(value: enum.Enum | None) -> str:
    """The translated label of an enumeration member (its value if it has none)."""
    if value is None:
        return ""
    return str(_LABELS.get((type(value), value), value))
