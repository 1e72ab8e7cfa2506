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


class IdOf:
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

    def __int__(self) -> int:
        """For a JSON body: ``json.dumps(body, default=int)``."""
        return int(str(self))


_EXCHANGE = {
    "student_id": IdOf(Contact.family_name, _STUDENT),
    "partner_organization_id": IdOf(Organization.name, _PARTNER),
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

# Valid JSON bodies for tests of the API's routes (ids as IdOf: send them through int).
API_BODIES = {
    "exchanges_api.create": {
        "student_id": IdOf(Contact.family_name, _STUDENT),
        "partner_organization_id": IdOf(Organization.name, _PARTNER),
        "direction": "incoming",
        "programme": "Génie civil",
        "starts_on": "2027-01-10",
        "ends_on": "2027-05-01",
        "visibility": "member",
    },
    "exchanges_api.update": {"programme": "Génie civil", "status": "accepted"},
}


def make_records(institution, staff) -> dict[str, int]:
    student = exchange_factories.student_contact(institution, family_name=_STUDENT)
    partner = factories.organization(institution, name=_PARTNER)
    exchange = exchange_factories.exchange(institution, student=student, partner=partner)
    return {"exchange_id": exchange.id}
