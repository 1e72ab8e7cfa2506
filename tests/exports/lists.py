"""One small data set per list: two records that the filter keeps (their names with
accents, in the order the sort asks), one it leaves out, and another institution's private
record that it would keep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from tests import factories
from tests.agreements import factories as agreement_factories
from tests.exchanges import factories as exchange_factories
from tests.interactions import factories as interaction_factories
from tests.missions import factories as mission_factories
from tests.projects import factories as project_factories

FIRST, SECOND = "Accord à Sept-Îles", "Zoé l’Atlas"
LEFT_OUT, HIDDEN = "Hors filtre", "Privé d’ailleurs"


@dataclass
class Case:
    path: str  # the list page
    query: str  # its filter and sort
    column: str  # the French header of the column that names each record
    make: object  # (institution, other institution, staff of the first) -> None
    on_page: bool = True  # whether the page shows that column


def _organizations(mine, other, staff):
    factories.organization(mine, name=SECOND, kind="company")
    factories.organization(mine, name=FIRST, kind="company")
    factories.organization(mine, name=LEFT_OUT, kind="ministry")
    factories.organization(other, name=HIDDEN, kind="company", visibility="member")


def _contacts(mine, other, staff):
    factories.contact(mine, "Ana", SECOND)
    factories.contact(mine, "Ana", FIRST)
    factories.contact(mine, "Ana", LEFT_OUT, is_student=True, visibility="consortium")
    factories.contact(other, "Ana", HIDDEN, visibility="member")


def _interactions(mine, other, staff):
    make = interaction_factories.interaction
    make(mine, subject=FIRST, kind="call", when=datetime(2026, 3, 24, 12, tzinfo=UTC))
    make(mine, subject=SECOND, kind="call", when=datetime(2026, 3, 23, 12, tzinfo=UTC))
    make(mine, subject=LEFT_OUT, kind="visit")
    make(other, subject=HIDDEN, kind="call", visibility="member")


def _missions(mine, other, staff):
    make = mission_factories.mission
    make(mine, name=FIRST, country="MA")
    make(mine, name=SECOND, country="MA")
    make(mine, name=LEFT_OUT, country="FR")
    make(other, name=HIDDEN, country="MA", visibility="member")


def _agreements(mine, other, staff):
    make = agreement_factories.agreement
    make(mine, title=SECOND, kind="research")
    make(mine, title=FIRST, kind="research")
    make(mine, title=LEFT_OUT, kind="memorandum")
    make(other, title=HIDDEN, kind="research", visibility="member")


def _projects(mine, other, staff):
    make = project_factories.project
    make(mine, name=SECOND, kind="applied_research")
    make(mine, name=FIRST, kind="applied_research")
    make(mine, name=LEFT_OUT, kind="other")
    make(other, name=HIDDEN, kind="applied_research", visibility="member")


def _exchanges(mine, other, staff):
    make = exchange_factories.exchange
    make(mine, programme=FIRST, direction="incoming", starts_on=date(2026, 9, 1))
    make(mine, programme=SECOND, direction="incoming", starts_on=date(2026, 8, 24))
    make(mine, programme=LEFT_OUT, direction="outgoing")
    make(other, programme=HIDDEN, direction="incoming")  # member, as every exchange


def _follow_ups(mine, other, staff):
    day = date(2026, 11, 2)
    factories.follow_up(staff, title=FIRST, today=day, due_in_days=1)
    factories.follow_up(staff, title=SECOND, today=day, due_in_days=2)
    factories.follow_up(staff, title=LEFT_OUT, today=day, due_in_days=1, status="done")
    stranger = factories.user(role="staff", institution=other)
    factories.follow_up(stranger, title=HIDDEN, today=day, visibility="member")


CASES = {
    "organizations": Case("/organizations", "kind=company&sort=name", "Nom", _organizations),
    "contacts": Case("/contacts", "student=no&sort=name", "Nom de famille", _contacts),
    "interactions": Case("/interactions", "kind=call", "Objet", _interactions),
    "missions": Case("/missions", "country=MA&sort=name", "Nom", _missions),
    "agreements": Case("/agreements", "kind=research&sort=title", "Titre", _agreements),
    "projects": Case("/projects", "kind=applied_research&sort=name", "Nom", _projects),
    "exchanges": Case(
        "/exchanges", "direction=incoming&sort=-start", "Programme", _exchanges, False
    ),
    "follow-ups": Case("/follow-ups", "status=open&sort=due", "Suivi", _follow_ups),
}
