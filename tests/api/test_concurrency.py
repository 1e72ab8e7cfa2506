"""Requests at the same time, through a real server: one Idempotency-Key creates one
record however many retries race each other, and two edits from one version: one wins."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import sqlalchemy as sa

from crm.extensions import db
from crm.organizations.models import Organization
from crm.users.tokens import create_token
from tests import factories


def _call(url: str, method: str, token: str, body: dict, headers: dict | None = None):
    request = urllib.request.Request(  # noqa: S310  (the test server)
        url,
        method=method,
        data=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _race(count: int, call) -> list:
    results: list = [None] * count
    start = threading.Barrier(count)

    def run(index: int) -> None:
        start.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _token(user) -> str:
    _record, token = create_token(user, "race")
    db.session.commit()
    db.session.remove()
    return token


def test_racing_retries_create_one_record(live_server, staff):
    token = _token(staff)
    body = {"name": "Institut national des mines du Québec", "country": "CA"}
    results = _race(
        8,
        lambda: _call(
            f"{live_server}/api/v1/organizations",
            "POST",
            token,
            body,
            {"Idempotency-Key": "one-key"},
        ),
    )
    assert {status for status, _body in results} == {201}
    assert len({answer["id"] for _status, answer in results}) == 1
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Organization.id))) == 1


def test_two_edits_from_one_version_one_wins(live_server, staff, institution):
    organization_id = factories.organization(institution, name="INMQ", country="CA").id
    url = f"{live_server}/api/v1/organizations/{organization_id}"
    token = _token(staff)
    results = _race(
        6,
        lambda: _call(
            url, "PATCH", token, {"city": threading.current_thread().name}, {"If-Match": '"1"'}
        ),
    )
    statuses = sorted(status for status, _body in results)
    assert statuses.count(200) == 1, statuses
    assert set(statuses) <= {200, 409, 412}
    db.session.rollback()
    saved = db.session.get(Organization, organization_id)
    winner = next(body for status, body in results if status == 200)
    assert saved.city == winner["city"] and saved.version == 2
