"""A change made in a page by its own operation (a follow-up given to someone or closed, an
exchange's step, a milestone done, a contact's addresses) is a new version of the record:
the API's old ETag is then stale, not a 304, and refused (412) as an If-Match."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.agreements import factories as agreements
from tests.projects import factories as projects


def _etag(client, url: str) -> str:
    return client.get(url).headers["ETag"]


def _is_stale(client, url: str, etag: str) -> None:
    fresh = client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != etag
    assert client.patch(url, json={"archived": True}, headers={"If-Match": etag}).status_code == 412
    assert client.delete(url, headers={"If-Match": etag}).status_code == 412
    assert not client.get(url).get_json()["archived"]


def _version(client, url: str) -> str:
    return str(client.get(url).get_json()["version"])


def test_a_follow_up_given_to_someone_else(api, sign_in, staff, institution):
    colleague = factories.user(role="staff", institution=institution)
    follow_up = factories.follow_up(staff)
    client, url = api(staff), f"/api/v1/follow-ups/{follow_up.id}"
    etag = _etag(client, url)
    data = {"assignee_id": colleague.id, "version": _version(client, url)}
    assert sign_in(staff).post(f"/follow-ups/{follow_up.id}/reassign", data).status_code == 302
    assert client.get(url).get_json()["assignee_id"] == colleague.id
    _is_stale(client, url, etag)


@pytest.mark.parametrize("route", ["done", "cancel"])
def test_a_follow_up_closed_or_opened_again(api, sign_in, staff, institution, route):
    follow_up = factories.follow_up(staff)
    client, url = api(staff), f"/api/v1/follow-ups/{follow_up.id}"
    browser = sign_in(staff)
    etag = _etag(client, url)
    assert browser.post(f"/follow-ups/{follow_up.id}/{route}").status_code == 302
    assert client.get(url).get_json()["status"] != "open"
    _is_stale(client, url, etag)
    etag = _etag(client, url)
    assert browser.post(f"/follow-ups/{follow_up.id}/reopen").status_code == 302
    assert client.get(url).get_json()["status"] == "open"
    _is_stale(client, url, etag)


def test_an_exchange_step(api, sign_in, staff, institution):
    exchange = agreements.exchange(agreements.agreement(institution), date(2026, 9, 1))
    client, url = api(staff), f"/api/v1/exchanges/{exchange.id}"
    etag = _etag(client, url)
    data = {"status": "in_progress", "version": _version(client, url)}
    assert sign_in(staff).post(f"/exchanges/{exchange.id}/transition", data).status_code == 302
    assert client.get(url).get_json()["status"] == "in_progress"
    _is_stale(client, url, etag)


def test_a_milestone_marked_done(api, sign_in, staff, institution):
    project = projects.project(
        institution, milestones=[{"title": "Lancement", "due_on": date.today()}]
    )
    milestone = project.milestones[0]
    client, url = api(staff), f"/api/v1/projects/{project.id}"
    etag = _etag(client, url)
    done = sign_in(staff).post(f"/projects/{project.id}/milestones/{milestone.id}/done")
    assert done.status_code == 302
    assert client.get(url).get_json()["milestones"][0]["done_on"] is not None
    _is_stale(client, url, etag)


@pytest.mark.parametrize(
    "emails",
    [["b@example.org", "a@example.org"], ["a@example.org"], ["a@example.org", "c@example.org"]],
)
def test_a_contacts_addresses_reordered_added_or_removed(api, staff, institution, emails):
    contact = factories.contact(institution, email="a@example.org")
    client, url = api(staff), f"/api/v1/contacts/{contact.id}"
    assert client.patch(url, json={"emails": ["a@example.org", "b@example.org"]}).status_code == 200
    etag = _etag(client, url)
    changed = client.patch(url, json={"emails": emails})
    assert changed.status_code == 200 and changed.get_json()["emails"] == emails
    _is_stale(client, url, etag)
