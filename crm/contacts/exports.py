"""The contacts list as a spreadsheet: its columns (staff notes are not exported)."""

from __future__ import annotations

from flask import Response
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from crm.contacts.forms import LANGUAGE_CHOICES
from crm.contacts.models import Contact
from crm.exports.columns import Column, archived_column, country, link_column, shown, the_user
from crm.exports.lists import ListExport
from crm.exports.responses import export_file
from crm.exports.vcards import MIMETYPE as VCARD_MIMETYPE
from crm.exports.vcards import vcards_bytes

LANGUAGES = dict(LANGUAGE_CHOICES[1:])


def columns(user) -> list[Column]:
    def organization(contact):
        return shown(user, contact.organization)

    return [
        Column(_l("Family name"), lambda c: c.family_name, 20),
        Column(_l("Given name"), lambda c: c.given_name, 20),
        Column(_l("Job title"), lambda c: c.job_title, 28),
        Column(_l("Organization"), lambda c: o.name if (o := organization(c)) else None, 36),
        Column(_l("Country"), lambda c: country(o.country) if (o := organization(c)) else None),
        Column(_l("Email addresses"), lambda c: c.email_addresses, 32),
        Column(_l("Phone numbers"), lambda c: c.phone_numbers, 22),
        Column(_l("Preferred language"), lambda c: LANGUAGES.get(c.preferred_language)),
        Column(_l("Student"), lambda c: c.is_student, 10),
        Column(_l("Source of the information"), lambda c: c.source, 24),
        Column(_l("Consent date"), lambda c: c.consent_on, 14),
        Column(_l("Institution"), lambda c: c.institution.code, 12),
        archived_column(),
        Column(_l("Updated"), lambda c: c.updated_at),
        link_column(),
    ]


CONTACTS = ListExport(
    what="contacts",
    stem=_l("contacts"),
    title=_l("Contacts"),
    columns=columns,
    loads=(selectinload(Contact.phones),),  # the list loads the rest
)

VCARD_LOADS = (selectinload(Contact.phones),)


def vcard_file(contacts, user, filename: str) -> Response:
    """Contacts as one .vcf file."""
    content, count = vcards_bytes(contacts, the_user(user))
    return export_file(content, filename, VCARD_MIMETYPE, what="contacts-vcard", count=count)
