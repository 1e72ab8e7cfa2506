"""Personal tokens: the only way into the API; made once, kept as a hash, revoked at once."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from crm.cli import cli
from crm.extensions import db
from crm.users.models import ApiToken
from tests.conftest import ApiClient

ME = "/api/v1/users/me"


@pytest.fixture
def crm(runner, monkeypatch):
    """``crm(*args)``: the ``crm`` command on the test database."""
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "false")
    return lambda *args: runner.invoke(cli, list(args))


def test_no_token_or_a_bad_one_is_401(api, staff, web):
    for headers in [
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Bearer pas_" + "x" * 43},
        {"Authorization": "Bearer"},
    ]:
        response = api(None).get(ME, headers=headers)
        assert response.status_code == 401, headers
        assert response.mimetype == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_acts_as_its_owner(api, staff):
    response = api(staff).get(ME)
    assert response.status_code == 200
    assert response.get_json()["email"] == staff.email
    assert "password" not in response.get_json()
    assert "Set-Cookie" not in response.headers


def test_a_signed_in_browser_is_not_let_into_the_api(sign_in, staff):
    browser = sign_in(staff)
    assert browser.get(ME).status_code == 401
    # and so a page's cookie cannot be used for a cross-site write without a CSRF token
    assert (
        browser.raw.post("/api/v1/organizations", json={"name": "X", "country": "CA"}).status_code
        == 401
    )


def test_only_a_hash_is_stored_and_revoking_is_immediate(api, staff, web):
    client = api(staff)
    assert client.get(ME).status_code == 200
    stored = db.session.scalars(sa.select(ApiToken)).one()
    assert stored.token_hash == hashlib.sha256(client.token.encode()).hexdigest()
    assert client.token not in str([stored.name, stored.hint, stored.token_hash])
    assert stored.last_used_at is not None
    db.session.delete(stored)
    db.session.commit()
    assert client.get(ME).status_code == 401


def test_a_deactivated_user_tokens_stop_working(api, staff):
    client = api(staff)
    staff.is_active = False
    db.session.commit()
    assert client.get(ME).status_code == 401


def test_cli_creates_lists_and_revokes(crm, staff, web):
    result = crm("tokens", "create", "--email", staff.email, "--name", "Registrar")
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    assert secret.startswith("pas_")
    assert ApiClient(web.test_client(), secret).get(ME).status_code == 200
    listed = crm("tokens", "list", "--email", staff.email)
    assert "Registrar" in listed.output and secret not in listed.output
    token_id = listed.output.split("\t")[0]
    revoked = crm("tokens", "revoke", "--email", staff.email, "--id", token_id)
    assert revoked.exit_code == 0, revoked.output
    assert ApiClient(web.test_client(), secret).get(ME).status_code == 401


def test_cli_refuses_bad_arguments_in_one_line(crm, staff):
    result = crm("tokens", "create", "--email", "nobody@example.org")
    assert result.exit_code == 2
    assert "no user with the email nobody@example.org" in result.output
    result = crm("tokens", "create", "--email", staff.email, "--name", "n" * 101)
    assert result.exit_code == 2
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 0
    result = crm("tokens", "revoke", "--email", staff.email, "--id", "5")
    assert result.exit_code == 2
    staff.is_active = False
    db.session.commit()
    result = crm("tokens", "create", "--email", staff.email)
    assert result.exit_code == 2 and "deactivated" in result.output


def test_profile_page_creates_shows_once_and_revokes(sign_in, staff, web):
    browser = sign_in(staff)
    page = browser.get("/profile").get_data(as_text=True)
    assert "Jetons d’API" in page or "Jetons d'API" in page
    created = browser.post("/profile/tokens", {"token-name": "Script du registraire"})
    assert created.status_code == 200
    html = created.get_data(as_text=True)
    secret = html.split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("pas_")
    assert ApiClient(web.test_client(), secret).get(ME).status_code == 200
    again = browser.get("/profile").get_data(as_text=True)
    assert "Script du registraire" in again and secret not in again
    token = db.session.scalars(sa.select(ApiToken)).one()
    response = browser.post(f"/profile/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert ApiClient(web.test_client(), secret).get(ME).status_code == 401


def test_profile_refuses_a_nameless_token(sign_in, staff):
    browser = sign_in(staff)
    assert browser.post("/profile/tokens", {"token-name": ""}).status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 0


def test_one_cannot_revoke_someone_elses_token(api, sign_in, staff, director):
    client = api(director)
    token = db.session.scalars(sa.select(ApiToken)).one()
    sign_in(staff).post(f"/profile/tokens/{token.id}/revoke")
    assert client.get(ME).status_code == 200
