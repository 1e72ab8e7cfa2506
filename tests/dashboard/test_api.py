"""/api/v1/dashboard: the dashboard's figures as JSON, with the same counts and links as
the page, and a clear 422 for choices it cannot take."""

from __future__ import annotations

import pytest

from crm.dashboard.api import as_json
from crm.dashboard.overview import overview
from crm.dashboard.period import Period
from crm.dashboard.scope import Scope
from tests.dashboard.conftest import TODAY

YEAR = "period=custom&starts_on=2026-01-01&ends_on=2026-12-31"


def test_the_figures_of_the_page(app, world, api):
    body = api(world["director_a"]).get(f"/api/v1/dashboard?{YEAR}").get_json()
    with app.test_request_context():
        page = overview(Scope(world["director_a"], None, Period.preset("this_year", TODAY), TODAY))
        expected = as_json(page)
    assert body["institution"] is None
    assert body["period"] == {"starts_on": "2026-01-01", "ends_on": "2026-12-31"}
    assert body["agreements"]["by_status"]["signed"]["count"] == 1
    assert body["agreements"]["awaiting_my_approval"]["count"] == 1
    [pipeline] = body["missions"]["pipelines"]
    assert pipeline["name"] == "Mission au Maroc"
    assert {k: v["count"]["count"] for k, v in pipeline["stages"].items()} == {
        "meetings": 2,
        "people": 3,
        "follow_ups": 3,
        "agreements": 2,
        "exchanges": 2,
    }
    assert pipeline["stages"]["follow_ups"]["finer"]["count"] == 1
    assert pipeline["stages"]["follow_ups"]["count"]["url"].startswith("/follow-ups/?")
    assert [(c["country"], c["organizations"]["count"]) for c in body["partners"]] == [
        ("MA", 2),
        ("CA", 1),
    ]
    years = {
        y["label"]: (y["outgoing"]["count"], y["incoming"]["count"])
        for y in body["exchanges"]["academic_years"]
    }
    assert years == {"2025-2026": (0, 0), "2026-2027": (1, 1)}
    assert body["missions"]["totals"] == expected["missions"]["totals"]


def test_one_member_and_a_staff_member(world, api):
    body = api(world["staff_a"]).get("/api/v1/dashboard?institution=CCC").get_json()
    assert body["institution"] == "CCC"
    assert body["agreements"]["awaiting_my_approval"] is None  # staff approve nothing
    assert body["missions"]["pipelines"] == [] and body["partners"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("institution=NOPE", "institution"),
        ("period=forever", "period"),
        ("period=custom", "starts_on"),
        ("period=custom&starts_on=2026-05-01&ends_on=2026-01-01", "ends_on"),
        ("period=custom&starts_on=1800-01-01&ends_on=2026-01-01", "starts_on"),
        ("period=custom&starts_on=2000-01-01&ends_on=2026-01-01", "ends_on"),
        ("starts_on=not-a-date", "starts_on"),
    ],
)
def test_choices_it_cannot_take_are_a_422_naming_the_field(world, api, query, field):
    response = api(world["director_a"]).get(f"/api/v1/dashboard?{query}")
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]


def test_without_a_token(api):
    assert api(None).get("/api/v1/dashboard").status_code == 401


@pytest.mark.parametrize("query", ["institution=", "institution=%00", f"institution={'X' * 21}"])
def test_an_empty_code_means_every_member_and_a_nul_is_refused(world, api, query):
    response = api(world["director_a"]).get(f"/api/v1/dashboard?{query}")
    if query == "institution=":
        assert response.status_code == 200 and response.get_json()["institution"] is None
    else:
        assert response.status_code == 422 and "institution" in response.get_json()["errors"]
