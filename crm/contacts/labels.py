"""Translated names of where a contact's information came from."""

from flask_babel import lazy_gettext as _l

from crm.contacts.models import ConsentSource

SOURCE_LABELS = {
    ConsentSource.PERSON: _l("Given by the person"),
    ConsentSource.EVENT: _l("Met at a meeting or event"),
    ConsentSource.PUBLIC: _l("Public source"),
    ConsentSource.PARTNER: _l("Passed on by a partner"),
    ConsentSource.REGISTRAR: _l("Student records"),
    ConsentSource.OTHER: _l("Other"),
}

ALL = (SOURCE_LABELS,)
