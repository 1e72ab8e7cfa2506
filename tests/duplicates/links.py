"""One way to link a record through each foreign key that refers to contacts or
organizations: test_nothing_lost.py demands one for every such key of the schema."""

from __future__ import annotations

from crm.agreements.models import AgreementSignatory
from crm.compliance.models import Communication
from crm.contacts.models import ContactEmail, ContactPhone
from crm.extensions import db
from crm.organizations.models import Tag
from crm.projects.models import ProjectPartner
from tests import factories
from tests.agreements.factories import agreement
from tests.exchanges.factories import exchange
from tests.interactions.factories import interaction
from tests.projects.factories import project


def _saved(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


# (table, column) -> make(record, staff): a row pointing at the record, and the values
# (other than the column) that tell that row apart, to find it again after the merge.
CONTACT_LINKS = {
    ("interaction_contacts", "contact_id"): lambda c, staff: {
        "interaction_id": interaction(staff.institution, contacts=[c]).id
    },
    ("follow_ups", "contact_id"): lambda c, staff: {"id": factories.follow_up(staff, contact=c).id},
    ("agreement_signatories", "contact_id"): lambda c, staff: {
        "agreement_id": _saved(
            AgreementSignatory(agreement_id=agreement(staff.institution).id, contact=c)
        ).agreement_id
    },
    ("student_exchanges", "student_id"): lambda c, staff: {
        "id": exchange(staff.institution, student=c).id
    },
    ("contact_emails", "contact_id"): lambda c, staff: {
        "address": _saved(ContactEmail(contact_id=c.id, address="lien@example.org")).address
    },
    ("contact_phones", "contact_id"): lambda c, staff: {
        "number": _saved(ContactPhone(contact_id=c.id, number="+212 5 37 00 00 00")).number
    },
}

ORGANIZATION_LINKS = {
    ("contacts", "organization_id"): lambda o, staff: {
        "id": factories.contact(staff.institution, organization=o).id
    },
    ("organization_tags", "organization_id"): lambda o, staff: {"tag_id": _tagged(o, "mines").id},
    ("project_partners", "organization_id"): lambda o, staff: {
        "project_id": project(
            staff.institution, partners=[ProjectPartner(organization=o, role="Hôte")]
        ).id
    },
    ("agreement_organization_parties", "organization_id"): lambda o, staff: {
        "agreement_id": agreement(staff.institution, organizations=[o]).id
    },
    ("student_exchanges", "partner_organization_id"): lambda o, staff: {
        "id": exchange(staff.institution, partner=o).id
    },
    ("follow_ups", "organization_id"): lambda o, staff: {
        "id": factories.follow_up(staff, organization=o).id
    },
    ("communications", "recipient_organization_id"): lambda o, staff: {
        "id": _saved(
            Communication(
                kind="contacts",
                description="/contacts/export.csv",
                record_count=3,
                exported_by_id=staff.id,
                recipient="Partenaire",
                recipient_organization=o,
                purpose="Mobilité",
            )
        ).id
    },
}


def _tagged(organization, name: str) -> Tag:
    tag = Tag(name=name)
    organization.tags.append(tag)
    db.session.commit()
    return tag
