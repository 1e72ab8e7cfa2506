"""What tests/test_routes_permissions.py needs to drive the exchanges' routes."""

import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from crm.organizations.models import Organization
from tests import factories
from tests.exchanges import factories as exchange_factories

RECORDS = {"exchange_id": StudentExchange}
FORM = {}
_STUDENT = "Étudiante-des-routes"
_PARTNER = "Partenaire des routes"


class _IdOf:
    """The id of the record named so, looked up when the form is sent: the records are
    made for each test, after this module is imported."""

    def __init__(self, column, value):
        self.column, self.value = column, value

    def __str__(self) -> str:
        # A connection of its own, closed at once: the test's session must not hold the
        # database (SQLite's write lock) while the request it prepares is served.
        with db.engine.connect() as connection:
            query = sa.select(self.column.class_.id).where(self.column == self.value)
            return str(connection.scalar(query))


_EXCHANGE = {
    "student_id": _IdOf(Contact.family_name, _STUDENT),
    "partner_organization_id": _IdOf(Organization.name, _PARTNER),
    "direction": "outgoing",
    "agreement_id": "",
    "programme": "Génie minier",
    "starts_on": "2026-08-24",
    "ends_on": "2026-12-18",
    "status": "nominated",
    "visibility": "member",
}
ENDPOINT_FORMS = {
    "exchanges.create": _EXCHANGE,
    "exchanges.edit": _EXCHANGE,
    "exchanges.transition": {"status": "accepted"},
}


def make_records(institution, staff) -> dict[str, int]:
    student = exchange_factories.student_contact(institution, family_name=_STUDENT)
    partner = factories.organization(institution, name=_PARTNER)
    exchange = exchange_factories.exchange(institution, student=student, partner=partner)
    return {"exchange_id": exchange.id}
