"""What each record of a pair has linked, counted, so the user sees what a merge moves."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.agreements.models import AgreementSignatory, agreement_organization_parties
from crm.contacts.models import Contact
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.interactions.models import interaction_contacts
from crm.organizations.models import organization_tags
from crm.projects.models import ProjectPartner

# (title, the column that points at the record); every row is counted, whoever may see it,
# because every row moves.
CONTACT_LINKS = (
    (_l("Interactions"), interaction_contacts.c.contact_id),
    (_l("Follow-ups"), FollowUp.contact_id),
    (_l("Agreements as signatory"), AgreementSignatory.contact_id),
    (_l("Student exchanges"), StudentExchange.student_id),
)
ORGANIZATION_LINKS = (
    (_l("Contacts"), Contact.organization_id),
    (_l("Agreements as party"), agreement_organization_parties.c.organization_id),
    (_l("Project partnerships"), ProjectPartner.organization_id),
    (_l("Student exchanges as partner"), StudentExchange.partner_organization_id),
    (_l("Follow-ups"), FollowUp.organization_id),
    (_l("Tags"), organization_tags.c.organization_id),
)


def counts(links, *record_ids: int) -> list[tuple[object, list[int]]]:
    """For each kind of link, its number for each record, in the order given."""
    result = []
    for title, column in links:
        found = dict(
            db.session.execute(
                sa.select(column, sa.func.count())
                .select_from(column.table)
                .where(column.in_(record_ids))
                .group_by(column)
            ).all()
        )
        result.append((title, [found.get(record_id, 0) for record_id in record_ids]))
    return result
