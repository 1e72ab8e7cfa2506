"""What of each searchable record is searched: a title, ranked first, and a body.

A document may name a linked record (a contact's organization, an agreement's partners,
an exchange's student and partner) only when everyone who can see the document can see
that record: else searching for a private record's name would find, and so reveal, it.
"""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from crm.agreements.models import Agreement
from crm.contacts.models import Contact
from crm.core.countries import country_name
from crm.core.records import Owned, Visibility
from crm.exchanges.models import StudentExchange
from crm.missions.models import Mission
from crm.organizations.models import Organization


def _country(code: str | None) -> str:
    return f"{country_name(code, 'fr')} {country_name(code, 'en')}" if code else ""


def _join(*parts) -> str:
    return " ".join(str(part) for part in parts if part)


def shown_in(document: Owned, linked: Owned | None) -> bool:
    """Whether ``document``'s words may include ``linked``'s: a shared record, or one of
    the same institution when the document is private to that institution too."""
    if linked is None:
        return False
    return linked.visibility == Visibility.CONSORTIUM or (
        linked.institution_id == document.institution_id
        and document.visibility == Visibility.MEMBER
    )


def _organization(o: Organization) -> tuple[str, str]:
    return o.name, _join(o.acronym, o.city, _country(o.country), *(t.name for t in o.tags))


def _contact(c: Contact) -> tuple[str, str]:
    organization = c.organization if shown_in(c, c.organization) else None
    return c.full_name, _join(
        c.job_title,
        organization.name if organization else None,
        organization.acronym if organization else None,
        *(e.address for e in c.emails),
    )


def _agreement(a: Agreement) -> tuple[str, str]:
    return a.title, _join(
        a.summary,
        a.signed_at,
        *(i.name_fr for i in a.member_parties),
        *(o.name for o in a.organization_parties if shown_in(a, o)),
    )


def _mission(m: Mission) -> tuple[str, str]:
    return m.name, _join(m.cities, _country(m.country), m.purpose)


def _exchange(e: StudentExchange) -> tuple[str, str]:
    """Its label, "student — partner", of the parts everyone who sees it may see."""
    student = e.student.full_name if shown_in(e, e.student) else None
    partner = e.partner_organization if shown_in(e, e.partner_organization) else None
    title = " — ".join(filter(None, [student, partner.name if partner else None]))
    return title or "—", _join(
        e.programme,
        partner.city if partner else None,
        _country(partner.country if partner else None),
    )


# What each model's document needs loaded with it, so that rebuilding the index does not
# issue a query per record.
LOAD = {
    Organization: (selectinload(Organization.tags),),
    Contact: (selectinload(Contact.organization), selectinload(Contact.emails)),
    Agreement: (
        selectinload(Agreement.member_parties),
        selectinload(Agreement.organization_parties),
    ),
    Mission: (),
    StudentExchange: (
        selectinload(StudentExchange.student),
        selectinload(StudentExchange.partner_organization),
    ),
}

# model -> (kind, the function that gives its title and body)
DOCUMENTS = {
    Organization: ("organization", _organization),
    Contact: ("contact", _contact),
    Agreement: ("agreement", _agreement),
    Mission: ("mission", _mission),
    StudentExchange: ("exchange", _exchange),
}
KINDS = {kind: model for model, (kind, _fn) in DOCUMENTS.items()}
