"""A small world counted by hand, on Wednesday 25 November 2026: institutions A and B with
records, C with none."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from crm.agreements.models import AgreementApproval
from crm.core.records import Visibility
from crm.extensions import db
from tests import factories
from tests.agreements import factories as agreements
from tests.missions import factories as missions

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _wednesday_25_november_2026():
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("America/Toronto"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def world(app):
    """Institutions A and B with records, C with none; counted by hand in the tests."""
    a, b, c = (factories.institution(code) for code in ("AAA", "BBB", "CCC"))
    w = {"a": a, "b": b, "c": c}
    w["director_a"] = factories.user("director", a)
    w["director_b"] = factories.user("director", b)
    w["staff_a"] = factories.user("staff", a)
    o1 = factories.organization(a, "École des mines de l'Atlas", "MA")
    factories.organization(a, "Société minière du Souss", "MA")
    o3 = factories.organization(b, "Institut national des mines", "CA")
    factories.organization(b, "Privé à B", "FR", visibility=Visibility.MEMBER)
    c1, c2, c3, c4 = (factories.contact(a, organization=o1) for _ in range(4))

    m1 = missions.mission(
        a,
        "Mission au Maroc",
        "MA",
        date(2026, 3, 21),
        ends_on=date(2026, 3, 27),
        delegation_institutions=[a],  # a member's missions are those of its delegations
    )
    missions.mission(b, "Mission en France", "FR", date(2025, 5, 10))
    missions.mission(
        a,
        "Mission annulée",
        "MA",
        date(2026, 6, 1),
        status="cancelled",
        delegation_institutions=[a],
    )
    missions.meeting(m1, [c1, c2], [w["staff_a"]])
    t2 = missions.meeting(m1, [c2, c3], [w["staff_a"]])
    w["m1"] = m1

    staff = w["staff_a"]
    factories.follow_up(staff, contact=c1, status="done", completed_at=datetime.now(UTC))
    factories.follow_up(staff, mission=m1)
    factories.follow_up(staff, interaction=t2)
    # About someone met, but written before the mission: it did not come out of it.
    factories.follow_up(staff, contact=c3, created_at=datetime(2026, 1, 5, tzinfo=UTC))
    factories.follow_up(staff, contact=c4)  # c4 was not met during the mission

    ag1 = agreements.agreement(
        a,
        "Entente EMA",
        organizations=[o1],
        status="signed",
        signed_on=date(2026, 3, 23),
        expires_on=TODAY + timedelta(days=100),
        mission=m1,
        quotas=[("2026-2027", "outgoing", 2)],
    )
    agreements.agreement(a, "Protocole en préparation", mission=m1)  # a draft
    ag3 = agreements.agreement(
        b,
        "Entente INMQ",
        organizations=[o3],
        status="active",
        signed_on=date(2025, 6, 1),
        expires_on=TODAY + timedelta(days=400),
    )
    ag4 = agreements.agreement(b, "Consortium", parties=[a, b], status="under_review")
    ag4.approvals.append(AgreementApproval(institution=b, user=w["director_b"]))
    db.session.commit()

    agreements.exchange(ag1, date(2026, 8, 24), "outgoing", partner=o1)
    agreements.exchange(ag1, date(2026, 9, 1), "incoming", partner=o1)
    agreements.exchange(ag1, date(2026, 8, 30), "outgoing", status="cancelled", partner=o1)
    agreements.exchange(ag3, date(2025, 9, 1), "outgoing", partner=o3)  # private to B
    return w
