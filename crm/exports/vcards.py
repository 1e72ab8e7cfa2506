"""Contacts as vCard 3.0 (vobject): names, emails, phones, organization, job title and
language. Staff notes stay in the CRM; an organization the user may not see is left out."""

from __future__ import annotations

from collections.abc import Iterable

import vobject

from crm.contacts.models import Contact
from crm.exports.columns import shown

MIMETYPE = "text/vcard; charset=utf-8"


def vcard(contact: Contact, user) -> vobject.base.Component:
    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name(family=contact.family_name, given=contact.given_name)
    card.add("fn").value = contact.full_name
    for address in contact.email_addresses:
        email = card.add("email")
        email.value = address
        email.type_param = "INTERNET"
    for number in contact.phone_numbers:
        card.add("tel").value = number
    if organization := shown(user, contact.organization):
        card.add("org").value = [organization.name]
    if contact.job_title:
        card.add("title").value = contact.job_title
    if contact.preferred_language:
        card.add("lang").value = str(contact.preferred_language)
    return card


def vcards_bytes(contacts: Iterable[Contact], user) -> tuple[bytes, int]:
    """One .vcf file holding every contact's card, and how many there are."""
    cards = [vcard(contact, user).serialize() for contact in contacts]
    return "".join(cards).encode("utf-8"), len(cards)
