"""Big lists are exported in a number of queries that does not grow with their rows: what
the columns show is loaded a batch at a time, never a row at a time."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
import sqlalchemy as sa

from crm.agreements.models import AgreementSignatory
from crm.contacts.models import ContactPhone
from crm.extensions import db
from tests import factories
from tests.agreements import factories as agreement_factories
from tests.interactions import factories as interaction_factories


@contextmanager
def counted():
    """The SQL statements run meanwhile, on any engine (the served app has its own)."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)


def _contacts(institution, n):
    for i in range(n):
        organization = factories.organization(institution, name=f"Organisation {i}")
        contact = factories.contact(
            institution, "Ana", f"Nom {i}", email=f"ana{i}@example.org", organization=organization
        )
        contact.phones = [ContactPhone(number=f"+1 418 555 01{i:02d}", position=0)]
    db.session.commit()


def _interactions(institution, n):
    staff = factories.user(institution=institution)
    for i in range(n):
        contact = factories.contact(
            institution, "Ana", f"Nom {i}", organization=factories.organization(institution)
        )
        interaction_factories.interaction(institution, contacts=[contact], staff=[staff])


def _agreements(institution, n):
    director = factories.user(role="director", institution=institution)
    for i in range(n):
        partner = factories.organization(institution)
        person = factories.contact(institution, "Ana", f"Nom {i}", organization=partner)
        agreement = agreement_factories.agreement(
            institution,
            parties=[institution],
            organizations=[partner],
            quotas=[("2026-2027", "outgoing", 2)],
        )
        agreement.signatories = [
            AgreementSignatory(user=director),
            AgreementSignatory(contact=person),
        ]
        db.session.commit()
        agreement_factories.exchange(agreement, date(2026, 9, 1), partner=partner)


CASES = [
    (_contacts, "/contacts/export.csv"),
    (_contacts, "/contacts/export.vcf"),
    (_interactions, "/interactions/export.xlsx"),
    (_agreements, "/agreements/export.csv"),
    (_agreements, "/agreements/register.xlsx"),
    (_agreements, "/exchanges/export.csv"),
    (_agreements, "/organizations/export.xlsx"),
]


@pytest.mark.parametrize(("make", "url"), CASES, ids=[url for _make, url in CASES])
def test_the_number_of_queries_does_not_grow_with_the_rows(sign_in, staff, institution, make, url):
    browser = sign_in(staff)
    make(institution, 2)
    with counted() as few:
        assert browser.get(url).status_code == 200
    make(institution, 12)
    with counted() as many:
        assert browser.get(url).status_code == 200
    assert len(many) == len(few), "\n".join(many)
