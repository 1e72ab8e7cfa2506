"""Translated names of interaction kinds."""

from flask_babel import lazy_gettext as _l

from crm.interactions.models import InteractionKind

KIND_LABELS = {
    InteractionKind.MEETING: _l("Meeting"),
    InteractionKind.CALL: _l("Call"),
    InteractionKind.EMAIL: _l("Email"),
    InteractionKind.VISIT: _l("Visit"),
    InteractionKind.EVENT: _l("Event"),
}

ALL = (KIND_LABELS,)
