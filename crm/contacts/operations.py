"""Creating and changing contacts. Operations flush; views commit."""

from __future__ import annotations

from crm.contacts.models import Contact, ContactEmail, ContactPhone
from crm.core.editing import apply_changes
from crm.extensions import db
from crm.users.models import User

FIELDS = (
    "given_name",
    "family_name",
    "job_title",
    "organization_id",
    "preferred_language",
    "is_student",
    "notes",
    "source",
    "source_details",
    "consent_on",
    "visibility",
)


def _clean(values: dict) -> dict:
    cleaned = {
        name: (value.strip() or None) if isinstance(value, str) else value
        for name, value in values.items()
    }
    if "organization_id" in cleaned:
        cleaned["organization_id"] = int(cleaned["organization_id"] or 0) or None
    return cleaned


def _emails(current: list[ContactEmail], addresses: list[str]) -> list[ContactEmail]:
    """The addresses in their new order, keeping the rows (and labels) already known."""
    known = {email.address: email for email in current}
    result = []
    for position, address in enumerate(addresses):
        email = known.get(address) or ContactEmail(address=address)
        email.position = position
        result.append(email)
    return result


def _phones(current: list[ContactPhone], numbers: list[str]) -> list[ContactPhone]:
    known = {phone.number: phone for phone in current}
    result = []
    for position, number in enumerate(numbers):
        phone = known.get(number) or ContactPhone(number=number)
        phone.position = position
        result.append(phone)
    return result


def create_contact(values: dict, emails: list[str], phones: list[str], user: User) -> Contact:
    values = _clean({k: values[k] for k in FIELDS if k in values})
    if not values.get("visibility"):
        values.pop("visibility", None)  # the model decides: a student's record stays home
    contact = Contact(**values, institution_id=user.institution_id)
    contact.emails = _emails([], emails)
    contact.phones = _phones([], phones)
    db.session.add(contact)
    db.session.flush()
    return contact


def update_contact(
    contact: Contact, expected_version, values: dict, emails: list[str], phones: list[str]
) -> list[str]:
    changes = _clean({k: values[k] for k in FIELDS})
    if [e.address for e in contact.emails] != emails:
        changes["emails"] = _emails(contact.emails, emails)
    if [p.number for p in contact.phones] != phones:
        changes["phones"] = _phones(contact.phones, phones)
    return apply_changes(contact, expected_version, changes)
