"""Who may import: whoever may create the records an import creates."""

from __future__ import annotations

from crm.core.permissions import can_create
from crm.users.models import User


def can_import(user: User) -> bool:
    return can_create(user)
