"""The two kinds of record the duplicates pages deal with, and what differs between them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from crm.contacts.models import Contact
from crm.duplicates import comparison, finder, links, merge
from crm.duplicates.models import DuplicateKind
from crm.organizations.models import Organization


@dataclass(frozen=True)
class Kind:
    name: str  # in URLs: "contacts", "organizations"
    kind: DuplicateKind
    model: type
    title: object
    fields: tuple
    links: tuple
    find: Callable
    merge: Callable
    loads: tuple  # what the list and the comparison show of each record

    @property
    def arguments(self) -> tuple[str, str]:
        """The names of the kept and the other record's ids in the URLs."""
        singular = self.name[:-1]
        return f"kept_{singular}_id", f"other_{singular}_id"


CONTACTS = Kind(
    "contacts",
    DuplicateKind.CONTACT,
    Contact,
    _l("Contacts"),
    comparison.CONTACT_FIELDS,
    links.CONTACT_LINKS,
    finder.contact_pairs,
    merge.merge_contacts,
    (
        selectinload(Contact.organization),
        selectinload(Contact.emails),
        selectinload(Contact.phones),
        selectinload(Contact.institution),
    ),
)
ORGANIZATIONS = Kind(
    "organizations",
    DuplicateKind.ORGANIZATION,
    Organization,
    _l("Organizations"),
    comparison.ORGANIZATION_FIELDS,
    links.ORGANIZATION_LINKS,
    finder.organization_pairs,
    merge.merge_organizations,
    (selectinload(Organization.tags), selectinload(Organization.institution)),
)
KINDS = {kind.name: kind for kind in (CONTACTS, ORGANIZATIONS)}
