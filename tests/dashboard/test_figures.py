"""The dashboard's figures, against a small world counted by hand, and the lists they link
to: following a figure's link shows as many records as the figure says."""

from __future__ import annotations

import re
from datetime import date

import pytest

from crm.core.records import Visibility
from crm.dashboard.overview import overview
from crm.dashboard.period import Period
from crm.dashboard.scope import Scope
from tests import factories
from tests.agreements import factories as agreements
from tests.dashboard.conftest import TODAY
from tests.missions import factories as missions

YEAR_2026 = Period(date(2026, 1, 1), date(2026, 12, 31))


def _overview(user, institution=None, period=YEAR_2026):
    return overview(Scope(user, institution, period, TODAY))


def _statuses(data) -> dict[str, int]:
    return {str(status): figure.value for status, figure in data.agreements.by_status}


def test_agreement_figures_of_the_consortium(app, world):
    with app.test_request_context():
        data = _overview(world["director_a"])
    assert _statuses(data) == {
        "draft": 1,
        "under_review": 1,
        "approved": 0,
        "signed": 1,
        "active": 1,
        "expired": 0,
        "terminated": 0,
    }
    a = data.agreements
    assert (a.signed.value, a.signed_before.value) == (1, 1)  # 2026 against 2025
    assert [x.title for x in a.signed_listed] == ["Entente EMA"]
    assert a.previous == Period(date(2025, 1, 1), date(2025, 12, 31))
    assert a.awaiting.value == 1
    assert [x.title for x in a.awaiting_listed] == ["Consortium"]
    assert a.expiring.value == 1
    assert [x.title for x in a.expiring_listed] == ["Entente EMA"]


def test_only_directors_see_what_awaits_their_approval(app, world):
    with app.test_request_context():
        assert _overview(world["staff_a"]).agreements.awaiting is None
        assert _overview(world["director_b"]).agreements.awaiting.value == 0  # B approved


def test_mission_pipeline_counted_by_hand(app, world):
    with app.test_request_context():
        data = _overview(world["director_a"])
    assert data.missions.missions.value == 2  # 2025 left out; the cancelled one is listed
    assert [p.mission.name for p in data.missions.shown] == ["Mission au Maroc"]
    [pipeline] = data.missions.shown
    assert pipeline.mission.name == "Mission au Maroc"
    counted = {s.name: (s.count.value, s.finer.value if s.finer else None) for s in pipeline.stages}
    assert counted == {
        "meetings": (2, None),
        "people": (3, None),
        "follow_ups": (3, 1),
        "agreements": (2, 1),
        "exchanges": (2, None),  # the cancelled exchange is left out
    }
    assert data.missions.totals == {
        "meetings": (2, None),
        "people": (3, None),
        "follow_ups": (3, 1),
        "agreements": (2, 1),
        "exchanges": (2, None),
    }


def test_exchanges_per_academic_year_country_partner_and_quota(app, world):
    with app.test_request_context():
        data = _overview(world["director_a"])
        of_b = _overview(world["director_b"])
    e = data.exchanges
    years = {row.label: [f.value for f in row.figures.values()] for row in e.years}
    assert years == {"2025-2026": [0, 0], "2026-2027": [1, 1]}  # B's exchange is private
    assert [(r.key, r.total) for r in e.countries] == [("MA", 2)]
    assert [(r.label, r.total) for r in e.partners] == [("École des mines de l'Atlas", 2)]
    [quota] = e.quotas
    assert (quota.academic_year, quota.places, quota.used.value) == ("2026-2027", 2, 1)
    years_b = {row.label: [f.value for f in row.figures.values()] for row in of_b.exchanges.years}
    assert years_b == {"2025-2026": [1, 0], "2026-2027": [0, 0]}


def test_partners_per_country(app, world):
    with app.test_request_context():
        data = _overview(world["director_a"])
    rows = {r.code: (r.organizations.value, r.agreements.value) for r in data.partners.countries}
    assert rows == {"MA": (2, 1), "CA": (1, 1)}  # B's private French partner is not seen
    assert {"MA", "CA"} <= data.partners.shapes.keys()


def test_one_member_institution(app, world):
    with app.test_request_context():
        data = _overview(world["director_a"], world["a"])
    # A's own agreements and those A is a party to.
    assert _statuses(data)["under_review"] == 1 and _statuses(data)["active"] == 0
    assert data.missions.missions.value == 2
    rows = {r.code: r.organizations.value for r in data.partners.countries}
    assert rows == {"MA": 2}


def test_a_member_with_no_data_and_an_empty_period(app, world):
    with app.test_request_context():
        nothing = _overview(world["director_a"], world["c"])
        long_ago = _overview(world["director_a"], None, Period(date(2019, 1, 1), date(2019, 6, 30)))
    for data in (nothing,):
        assert set(_statuses(data).values()) == {0}
        assert data.partners.countries == []
        assert data.agreements.expiring.value == 0
    for data in (nothing, long_ago):
        assert data.missions.missions.value == 0 and data.missions.shown == []
        assert all(count == 0 for count, _finer in data.missions.totals.values())
        assert data.agreements.signed.value == 0
        assert all(f.value == 0 for row in data.exchanges.years for f in row.figures.values())
        assert data.exchanges.countries == [] and data.exchanges.quotas == []
    assert [row.label for row in long_ago.exchanges.years] == ["2018-2019"]
    # A half-year period is compared with the half-year before it.
    assert long_ago.agreements.previous == Period(
        date(2018, 7, 4), date(2018, 12, 31)
    )  # 181 days each


def _total(page: str) -> int:
    """The number of records a list says it shows ("1–3 sur 3"), 0 when empty."""
    found = re.search(r"\d+–\d+ (?:sur|of) (\d+)", page)
    return int(found.group(1)) if found else 0


def _figures(data):
    a, m, e, p = data.agreements, data.missions, data.exchanges, data.partners
    yield from (figure for _status, figure in a.by_status)
    yield from (a.awaiting, a.expiring, a.signed, a.signed_before, m.missions)
    for pipeline in m.shown:
        for stage in pipeline.stages:
            yield stage.count
            if stage.finer:
                yield stage.finer
    for row in [*e.years, *e.countries, *e.partners]:
        yield from row.figures.values()
    for row in p.countries:
        yield from (row.organizations, row.agreements)


@pytest.mark.parametrize("member", [None, "a"])
def test_every_figure_links_to_a_list_of_as_many_records(app, world, sign_in, member):
    browser = sign_in(world["director_a"])
    with app.test_request_context():
        data = _overview(world["director_a"], world[member] if member else None)
    checked = 0
    for figure in _figures(data):
        response = browser.get(figure.url)
        assert response.status_code == 200, figure.url
        assert _total(response.get_data(as_text=True)) == figure.value, figure.url
        checked += 1
    assert checked >= 25
    for quota in data.exchanges.quotas:  # places used: the agreement's own quota table
        table = browser.get(quota.used.url).get_data(as_text=True)
        rows = re.findall(r"<tr[^>]*>\s*<td>([^<]+)</td><td>([^<]+)</td>(.*?)</tr>", table, re.S)
        shown = [
            re.findall(r">(\d+)<", rest)[:2]
            for year, _d, rest in rows
            if year == quota.academic_year
        ]
        assert [str(quota.places), str(quota.used.value)] in shown


def test_another_members_private_records_change_nothing_for_me(app, world, sign_in):
    """B's private meeting on A's mission, B's private agreement born of it with an exchange,
    and an exchange with B's private partner: A's director sees no trace of them."""
    a, b = world["a"], world["b"]
    with app.test_request_context():
        before = _overview(world["director_a"])
    someone = factories.contact(a, given_name="Secret")  # shared with the consortium
    missions.meeting(world["m1"], [someone], [world["director_b"]], institution=b,
                     visibility=Visibility.MEMBER)  # fmt: skip
    hidden = agreements.agreement(b, "Entente privée", mission=world["m1"], status="signed",
                                  visibility=Visibility.MEMBER)  # fmt: skip
    tunisian = factories.organization(b, "Partenaire privé", "TN", visibility=Visibility.MEMBER)
    agreements.exchange(hidden, date(2026, 9, 1), partner=tunisian, visibility="consortium")
    shared = agreements.agreement(b, "Entente partagée")
    agreements.exchange(shared, date(2026, 9, 2), partner=tunisian, visibility="consortium")
    with app.test_request_context():
        after = _overview(world["director_a"])
    stages = [[(s.name, s.count.value) for s in p.stages] for p in after.missions.shown]
    assert stages == [[(s.name, s.count.value) for s in p.stages] for p in before.missions.shown]
    assert [(r.key, r.total) for r in after.exchanges.countries] == [("MA", 2)]  # no TN
    assert after.exchanges.others["unseen_partners"] == 2
    browser = sign_in(world["director_a"])
    people = browser.get(f"/contacts/?mission={world['m1'].id}").get_data(as_text=True)
    assert "Secret" not in people
    assert _total(browser.get("/exchanges/?country=TN").get_data(as_text=True)) == 0


@pytest.mark.parametrize(
    "query",
    [
        "period=custom&starts_on=0001-01-01&ends_on=0001-12-31",
        "period=custom&starts_on=0001-01-02&ends_on=0001-01-03",
        "period=custom&starts_on=9999-01-01&ends_on=9999-12-31",
        "institution=&period=custom&starts_on=9999-08-01&ends_on=9999-08-02",
    ],
)
@pytest.mark.parametrize("page", ["/dashboard/", "/dashboard/report"])
def test_dates_out_of_range_are_refused_not_failed(world, sign_in, page, query):
    response = sign_in(world["director_a"]).get(f"{page}?{query}")
    assert response.status_code == 200
    if page == "/dashboard/":
        assert "Choisissez une date entre 1900 et 2100." in response.get_data(as_text=True)


def test_a_custom_period_without_an_institution_in_the_address(world, sign_in):
    browser = sign_in(world["director_a"])
    page = browser.get("/dashboard/?period=custom&starts_on=2025-01-01&ends_on=2025-12-31")
    text = page.get_data(as_text=True)
    assert "1 janvier 2025 au 31 décembre 2025" in text
    assert "Mission en France" in text  # B's mission of 2025, shared with the consortium


def test_our_own_people_recorded_at_a_meeting_are_not_people_met(app, world, sign_in):
    """A director general of ours, with a contact record, at the mission's signing."""
    colleague = factories.user("director", world["b"], name="Robert Rousseau")
    ourselves = factories.contact(world["a"], given_name="Robert", family_name="Rousseau")
    missions.meeting(world["m1"], [ourselves], [colleague], subject="Signature")
    with app.test_request_context():
        [pipeline] = _overview(world["director_a"]).missions.shown
    assert {s.name: s.count.value for s in pipeline.stages}["people"] == 3
    assert {s.name: s.count.value for s in pipeline.stages}["meetings"] == 3
    people = sign_in(world["director_a"]).get(f"/contacts/?mission={world['m1'].id}")
    assert "Rousseau" not in people.get_data(as_text=True)
