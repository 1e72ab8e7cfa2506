"""Who keeps the Law 25 registers: admins (the person in charge of personal information
and those they delegate to)."""

from __future__ import annotations

from crm.core.permissions import can_manage_users


def can_manage_registers(user) -> bool:
    return can_manage_users(user)
