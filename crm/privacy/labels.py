"""The headers of a person's export and the names of where each value came from."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crm.history.labels import FIELD_LABELS
from crm.privacy.person_data import COLLECTED, FACT, WRITTEN

ORIGIN_LABELS = {
    COLLECTED: _l("Collected from the person"),
    WRITTEN: _l("Written by staff"),
    FACT: _l("Kept by the system"),
}

# Fields the history's labels do not name.
_MORE_LABELS = {
    "id": _l("No."),
    "address": _l("Address"),
    "number": _l("Number"),
    "label": _l("Label"),
    "created_at": _l("Created"),
    "updated_at": _l("Last changed"),
    "anonymized_at": _l("Anonymized"),
    "at": _l("Date"),
    "actor": _l("By"),
    "action": _l("Action"),
    "changes": _l("Changes"),
    "note": _l("Note"),
}


def header(name: str) -> str:
    return str(_MORE_LABELS.get(name) or FIELD_LABELS.get(name) or name.replace("_", " "))


def written_header(name: str) -> str:
    """A column of what staff wrote is marked so in its header."""
    return _("%(field)s (written by staff)", field=header(name))
