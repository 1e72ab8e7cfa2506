"""Planning a contacts import: each row checked by the contact form, its organization
found among those the importer sees, and matched against contacts already there (any
email, else the same name at the same organization) and earlier rows of the file."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from crm.contacts.forms import ContactForm, email_lines, lines
from crm.contacts.models import Contact, ContactEmail
from crm.contacts.operations import FIELDS
from crm.core.countries import fold
from crm.extensions import db
from crm.imports import values
from crm.imports.columns import CONTACTS
from crm.imports.organization_index import OrganizationIndex
from crm.imports.planning import Plan, RowReader, chunks
from crm.imports.reading import Table
from crm.users.models import User

# The contact form's fields → the import's fields (for errors).
_FORM_FIELDS = {
    "given_name": "given_name",
    "family_name": "family_name",
    "job_title": "job_title",
    "organization_id": "organization",
    "emails": "email",
    "phones": "phone",
    "preferred_language": "preferred_language",
    "is_student": "is_student",
    "notes": "notes",
}


def name_key(given: str, family: str) -> str:
    """As Contact.sort_key holds it."""
    return fold(f"{family or ''} {given or ''}".strip())


class _Existing:
    """Contacts the importer sees that share an email or a name with the file's rows."""

    def __init__(self, user: User, emails: set[str], names: set[str]):
        self.by_email: dict[str, str] = {}
        self.by_name: dict[tuple[str, int | None], str] = {}
        for chunk in chunks(sorted(emails)):
            for address, given, family in db.session.execute(
                sa.select(ContactEmail.address, Contact.given_name, Contact.family_name)
                .join(Contact, Contact.id == ContactEmail.contact_id)
                .where(ContactEmail.address.in_(chunk), Contact.visible_to(user))
            ):
                self.by_email[address] = f"{given} {family}"
        for chunk in chunks(sorted(names)):
            for key, organization_id, given, family in db.session.execute(
                sa.select(
                    Contact.sort_key,
                    Contact.organization_id,
                    Contact.given_name,
                    Contact.family_name,
                ).where(Contact.sort_key.in_(chunk), Contact.visible_to(user))
            ):
                self.by_name[(key, organization_id)] = f"{given} {family}"


def plan_contacts(table: Table, mapping: list[str], user: User, source: str) -> Plan:
    organizations = OrganizationIndex(user)
    readers = [RowReader(table, mapping, number, cells) for number, cells in table.rows]
    existing = _Existing(
        user,
        {address.lower() for r in readers for address in values.emails(r["email"])},
        {name_key(r["given_name"], r["family_name"]) for r in readers},
    )
    seen: dict[object, int] = {}  # emails and (name, organization) of rows to import → row
    rows = []
    for reader in readers:
        row = _check(reader, organizations, source)
        if row.problems:
            rows.append(row)
            continue
        keys = [
            *row.values["emails"],
            (
                name_key(row.values["given_name"], row.values["family_name"]),
                row.values["organization_id"],
            ),
        ]
        rows.append(_deduplicate(reader, keys, existing, seen))
    return Plan(CONTACTS, table.headers, rows)


def _check(reader: RowReader, organizations: OrganizationIndex, source: str):
    organization = None
    if reader["organization"]:
        organization = reader.parse("organization", organizations.find, None)
    language = reader.parse("preferred_language", values.language)
    student = reader.parse("is_student", values.yes_no, False)
    data = {name: reader[name] for name in ("given_name", "family_name", "job_title", "notes")} | {
        "organization_id": str(organization.id) if organization else "",
        "emails": "\n".join(values.emails(reader["email"])),
        "phones": "\n".join(values.several(reader["phone"])),
        "preferred_language": language,
        "source": "",
        "source_details": source,
        "visibility": "",
    }
    if student:
        data["is_student"] = "y"
    form = reader.check(
        ContactForm, data, _FORM_FIELDS, [organization] if organization else [], new=True
    )
    reader.row.values = {name: getattr(form, name).data for name in FIELDS} | {
        "emails": email_lines(form.emails.data),
        "phones": lines(form.phones.data),
        "organization_id": organization.id if organization else None,
    }
    return reader.done()


def _deduplicate(reader: RowReader, keys: list, existing: _Existing, seen: dict):
    for key in keys:
        name = existing.by_email.get(key) if isinstance(key, str) else existing.by_name.get(key)
        if name:
            return reader.skip(_("Already in Passerelle: %(name)s.", name=name))
    for key in keys:
        if key in seen:
            return reader.skip(_("Same person as row %(row)s.", row=seen[key]))
    for key in keys:
        seen[key] = reader.row.number
    return reader.done()
