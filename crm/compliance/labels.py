"""What each kind of export is called in the register of communications."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# export_file's ``what`` for the exports of personal information → its name.
PERSONAL_KINDS = {
    "contacts": _l("Contacts list"),
    "contacts-vcard": _l("Contacts as vCard"),
    "exchanges": _l("Student exchanges list"),
    "interactions": _l("Interactions list"),
    "follow-ups": _l("Follow-ups list"),
    "person": _l("A person’s data"),
}
# The exports whose rows are about students whoever they name.
STUDENT_KINDS = {"exchanges"}


def kind_label(kind: str) -> str:
    return str(PERSONAL_KINDS.get(kind, kind))
