"""Translated labels of the enumerations shown to users."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.users.models import Role

ROLE_LABELS = {
    Role.VIEWER: _l("Viewer"),
    Role.STAFF: _l("Staff"),
    Role.DIRECTOR: _l("Director"),
    Role.ADMIN: _l("Administrator"),
}


def role_label(role: Role) -> str:
    return str(ROLE_LABELS[Role(role)])
