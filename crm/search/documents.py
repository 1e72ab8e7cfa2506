"""What of each searchable record is searched: a title, ranked first, and a body."""

from __future__ import annotations

from sqlalchemy.orm import selectinload

from crm.agreements.models import Agreement
from crm.contacts.models import Contact
from crm.core.countries import country_name
from crm.exchanges.models import StudentExchange
from crm.missions.models import Mission
from crm.organizations.models import Organization


def _country(code: str | None) -> str:
    return f"{country_name(code, 'fr')} {country_name(code, 'en')}" if code else ""


def _join(*parts) -> str:
    return " ".join(str(part) for part in parts if part)


def _organization(o: Organization) -> tuple[str, str]:
    return o.name, _join(o.acronym, o.city, _country(o.country), *(t.name for t in o.tags))


def _contact(c: Contact) -> tuple[str, str]:
    organization = c.organization
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
        *(o.name for o in a.organization_parties),
    )


def _mission(m: Mission) -> tuple[str, str]:
    return m.name, _join(m.cities, _country(m.country), m.purpose)


def _exchange(e: StudentExchange) -> tuple[str, str]:
    return e.label, _join(
        e.programme, e.partner_organization.city, _country(e.partner_organization.country)
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
