"""Translated labels of the enumerations shown to users."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.core.records import Visibility
from crm.users.models import Role

ROLE_LABELS = {
    Role.VIEWER: _l("Viewer"),
    Role.STAFF: _l("Staff"),
    Role.DIRECTOR: _l("Director"),
    Role.ADMIN: _l("Administrator"),
}


def role_label(role: Role) -> str:
    return str(ROLE_LABELS[Role(role)])


VISIBILITY_LABELS = {
    Visibility.CONSORTIUM: _l("The whole consortium"),
    Visibility.MEMBER: _l("My institution only"),
}
