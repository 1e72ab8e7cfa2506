"""Idempotency-Key: a retried POST answers as the first time and creates nothing more."""

from __future__ import annotations

import sqlalchemy as sa
import time_machine

from crm.extensions import db
from crm.organizations.models import Organization

URL = "/api/v1/organizations"
BODY = {"name": "Institut national des mines du Québec", "country": "CA"}


def _count() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count(Organization.id)))


def test_a_retry_gets_the_first_answer_and_creates_nothing(api, staff):
    client = api(staff)
    headers = {"Idempotency-Key": "4f1c-retry"}
    first = client.post(URL, json=BODY, headers=headers)
    second = client.post(URL, json=BODY, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.get_json() == first.get_json()
    assert second.headers["Location"] == first.headers["Location"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert _count() == 1
    assert client.post(URL, json=BODY, headers={"Idempotency-Key": "other"}).status_code == 201
    assert _count() == 2
    assert client.post(URL, json=BODY).status_code == 201  # no key: a new record each time
    assert _count() == 3


def test_the_same_key_for_another_request_is_refused(api, staff):
    client = api(staff)
    headers = {"Idempotency-Key": "k1"}
    assert client.post(URL, json=BODY, headers=headers).status_code == 201
    response = client.post(URL, json=BODY | {"city": "Thetford Mines"}, headers=headers)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.get_json()["errors"]
    assert _count() == 1


def test_keys_are_per_user(api, staff, director):
    headers = {"Idempotency-Key": "shared"}
    assert api(staff).post(URL, json=BODY, headers=headers).status_code == 201
    response = api(director).post(URL, json=BODY, headers=headers)
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert _count() == 2


def test_a_refused_request_is_replayed_as_refused(api, staff):
    client = api(staff)
    headers = {"Idempotency-Key": "bad-one"}
    first = client.post(URL, json={"name": "X"}, headers=headers)
    assert first.status_code == 422
    # nothing was stored: the request can be corrected... with a new key
    assert client.post(URL, json=BODY, headers={"Idempotency-Key": "good"}).status_code == 201


def test_keys_are_kept_24_hours(api, staff):
    client = api(staff)
    headers = {"Idempotency-Key": "day-old"}
    with time_machine.travel("2026-11-25 09:00 +0000", tick=False):
        assert client.post(URL, json=BODY, headers=headers).status_code == 201
    with time_machine.travel("2026-11-26 08:59 +0000", tick=False):
        assert client.post(URL, json=BODY, headers=headers).status_code == 201
        assert _count() == 1
    with time_machine.travel("2026-11-26 09:01 +0000", tick=False):
        response = client.post(URL, json=BODY, headers=headers)
        assert "Idempotent-Replayed" not in response.headers
        assert _count() == 2


def test_a_bad_key_is_400(api, staff):
    for key in ["", "x" * 256, "clé"]:
        response = api(staff).post(URL, json=BODY, headers={"Idempotency-Key": key})
        assert response.status_code == 400, key
    assert _count() == 0
