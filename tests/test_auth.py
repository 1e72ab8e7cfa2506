"""Signing in and out, sessions, throttling of failed sign-ins, and the language switch."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.routing import AnyConverter

from crm.extensions import db
from crm.users.models import Locale, User
from tests import factories
from tests.conftest import Client, close, serve, snapshot

WRONG = "Courriel ou mot de passe incorrect."
OFF_SITE = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "///evil.example",
    "http:evil.example",
    "\\\\evil.example",
    " //evil.example",
    "/\t/evil.example",
]
# Public without signing in: the login page itself and files that are not pages.
PUBLIC_GET = {"auth.login", "static", "bootstrap.static", "home.favicon", "calendar.feed"}


def _stored(user_id: int, column):
    """A column of a user as committed in the database."""
    db.session.rollback()
    return db.session.execute(sa.select(column).where(User.id == user_id)).scalar_one()


def _login(client: Client, email: str, password: str = factories.PASSWORD, **data):
    return client.post("/login", {"email": email, "password": password, **data})


def _signed_in_as(client: Client, user: User) -> bool:
    response = client.get("/")
    if response.status_code != 200:
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == "/login"
        return False
    page = response.get_data(as_text=True)
    assert f"Bonjour, {user.name}" in page or f"Hello, {user.name}" in page
    return True


# Signing in ----------------------------------------------------------------------------


def test_login_page_is_in_french_by_default(client):
    response = client.get("/login")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fr">' in page
    assert "Se connecter" in page
    assert "Sign in" not in page
    assert 'name="csrf_token"' in page


def test_wrong_password_is_refused(client, staff):
    response = _login(client, staff.email, "not the password")
    assert response.status_code == 401
    assert WRONG in response.get_data(as_text=True)
    assert not _signed_in_as(client, staff)
    assert _stored(staff.id, User.last_login_at) is None


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client, staff):
    unknown = _login(client, "nobody@example.org")
    wrong = _login(client, staff.email, "not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert WRONG in unknown.get_data(as_text=True)


def test_empty_form_is_refused(client):
    response = client.post("/login", {"email": "", "password": ""})
    assert response.status_code == 401
    assert client.get("/").status_code == 302


def test_email_is_case_insensitive(client, staff):
    response = _login(client, "  " + staff.email.upper() + " ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert _signed_in_as(client, staff)
    assert _stored(staff.id, User.last_login_at) is not None


def test_inactive_user_cannot_sign_in(client, staff):
    staff.is_active = False
    db.session.commit()
    response = _login(client, staff.email)
    assert response.status_code == 401
    assert WRONG in response.get_data(as_text=True)
    assert not _signed_in_as(client, staff)


def test_deactivating_a_user_ends_their_open_session(sign_in, staff):
    session = sign_in(staff)
    assert _signed_in_as(session, staff)
    staff.is_active = False
    db.session.commit()
    assert not _signed_in_as(session, staff)


@pytest.mark.parametrize("target", ["/profile", "/admin/users/?page=2", "/follow-ups/7/done"])
def test_success_redirects_to_a_local_next(client, staff, target):
    response = _login(client, staff.email, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == target


def test_next_from_the_query_string_is_kept_through_the_form(client, staff):
    page = client.get("/login?next=/profile").get_data(as_text=True)
    assert 'name="next" type="hidden" value="/profile"' in page
    response = client.post(
        "/login?next=/profile", {"email": staff.email, "password": factories.PASSWORD}
    )
    assert response.headers["Location"] == "/profile"


@pytest.mark.parametrize("target", OFF_SITE)
def test_success_never_redirects_off_site(client, staff, target):
    response = _login(client, staff.email, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_signed_in_visit_to_login_never_redirects_off_site(sign_in, staff, target):
    session = sign_in(staff)
    response = session.get("/login", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert session.get("/login?next=/profile").headers["Location"] == "/profile"


def _get_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and rule.endpoint not in PUBLIC_GET
        and not rule.rule.startswith("/api/")  # the API answers 401: tests/api
    ]


def _value(rule, name: str):
    """A value the URL accepts: the first of a choice (a format, a kind), else an id."""
    converter = rule._converters[name]
    return sorted(converter.items)[0] if isinstance(converter, AnyConverter) else 1


def test_every_page_sends_an_anonymous_visitor_to_login(app, client):
    adapter = app.url_map.bind("localhost")
    checked = set()
    for rule in _get_rules(app):
        url = adapter.build(rule.endpoint, {name: _value(rule, name) for name in rule.arguments})
        response = client.get(url)
        assert response.status_code == 302, url
        location = urlsplit(response.headers["Location"])
        assert location.path == "/login", url
        assert parse_qs(location.query) == {"next": [url]}, url
        checked.add(rule.endpoint)
    assert {"home.index", "users.profile", "users_admin.index", "institutions.index"} <= checked
    # A page that does not exist is no hint either: the visitor is sent to sign in first.
    assert urlsplit(client.get("/no-such-page").headers["Location"]).path == "/login"


def test_public_files_need_no_sign_in(client):
    assert client.get("/favicon.ico").status_code == 301
    for url in ["/static/css/app.css", "/static/img/favicon.svg"]:
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()


def test_anonymous_post_changes_nothing(client, staff):
    follow_up = factories.follow_up(staff)
    before = snapshot()
    response = client.post(f"/follow-ups/{follow_up.id}/done")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert snapshot() == before


# Signing out ---------------------------------------------------------------------------


def test_logout_is_post_only(sign_in, staff):
    session = sign_in(staff)
    assert session.get("/logout").status_code == 405
    assert _signed_in_as(session, staff)


def test_logout_ends_the_session(sign_in, staff):
    session = sign_in(staff)
    response = session.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert "Vous êtes déconnecté." in session.get("/login").get_data(as_text=True)
    assert not _signed_in_as(session, staff)
    assert session.get("/profile").status_code == 302


def test_a_copy_of_the_session_cookie_is_useless_after_logout(web, sign_in, staff):
    browser = sign_in(staff)
    copy = browser.raw.get_cookie("passerelle_session").value
    assert browser.post("/logout").status_code == 302
    thief = Client(web.test_client())
    thief.raw.set_cookie("passerelle_session", copy)
    assert thief.get("/").status_code == 302


def test_logout_needs_the_csrf_token(sign_in, staff):
    session = sign_in(staff)
    assert session.post("/logout", csrf=False).status_code == 400
    assert _signed_in_as(session, staff)


# Sessions ------------------------------------------------------------------------------


def _session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("passerelle_")]
    assert len(cookies) == 1, cookies
    return cookies[0]


def test_session_cookie_is_http_only_and_same_site_lax(client, staff):
    cookie = _session_cookie(_login(client, staff.email))
    attributes = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")}
    assert "httponly" in attributes
    assert attributes["samesite"].strip() == "SameSite=Lax"
    assert attributes["path"].strip() == "Path=/"
    assert "secure" not in attributes  # the test site is served over plain http


def test_session_cookie_is_secure_when_the_site_is_https(web, test_env, staff):
    secure_app = serve(test_env, env={"CRM_BASE_URL": "https://crm.example.org"})
    try:
        browser = Client(secure_app.test_client())
        data = {"email": staff.email, "password": factories.PASSWORD}
        response = browser.raw.post(
            "/login",
            data={**data, "csrf_token": browser.csrf()},
            base_url="https://localhost",
            headers={"Referer": "https://localhost/login"},
        )
        assert response.status_code == 302
        cookie = _session_cookie(response)
    finally:
        close(secure_app)
    assert "; Secure" in cookie
    assert "HttpOnly" in cookie


NEW_PASSWORD = "a brand new secret"


def _change_password(browser: Client, current: str = factories.PASSWORD):
    return browser.post(
        "/profile/password",
        {
            "pw-current_password": current,
            "pw-new_password": NEW_PASSWORD,
            "pw-confirm": NEW_PASSWORD,
        },
    )


def test_changing_the_password_signs_other_sessions_out(sign_in, client, staff):
    before = _stored(staff.id, User.password_hash)
    mine, other = sign_in(staff), sign_in(staff)
    assert _signed_in_as(other, staff)
    response = _change_password(mine)
    assert response.status_code == 302
    assert response.headers["Location"] == "/profile"
    assert _stored(staff.id, User.password_hash) != before
    assert "Votre mot de passe est changé." in mine.get("/profile").get_data(as_text=True)
    assert _signed_in_as(mine, staff)  # the session that changed it stays signed in
    response = other.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2F"
    assert _login(client, staff.email).status_code == 401
    assert _login(client, staff.email, NEW_PASSWORD).status_code == 302


def test_wrong_current_password_changes_nothing(sign_in, staff):
    before = _stored(staff.id, User.password_hash)
    mine, other = sign_in(staff), sign_in(staff)
    response = _change_password(mine, current="not my password")
    assert response.status_code == 422
    assert "Ce n’est pas votre mot de passe actuel." in response.get_data(as_text=True)
    assert _stored(staff.id, User.password_hash) == before
    assert _signed_in_as(other, staff)


def test_new_password_must_be_confirmed(sign_in, staff):
    before = _stored(staff.id, User.password_hash)
    response = sign_in(staff).post(
        "/profile/password",
        {
            "pw-current_password": factories.PASSWORD,
            "pw-new_password": "a brand new secret",
            "pw-confirm": "another secret entirely",
        },
    )
    assert response.status_code == 422
    assert _stored(staff.id, User.password_hash) == before


def test_profile_saves_name_and_language(sign_in, staff):
    session = sign_in(staff)
    response = session.post("/profile", {"name": "  Nadia Tremblay ", "locale": "en"})
    assert response.status_code == 302
    assert _stored(staff.id, User.name) == "Nadia Tremblay"
    assert _stored(staff.id, User.locale) == Locale.EN
    assert "Your settings are saved." in session.get("/profile").get_data(as_text=True)


# Throttling ----------------------------------------------------------------------------


@pytest.fixture
def limited(web, test_env):
    """The app with its rate limits on, with fresh counters. The limiter is shared by every
    app instance and takes the settings of the last one built: hence built after `web`."""
    served = serve(test_env, RATELIMIT_ENABLED=True)
    yield served
    close(served)


def _browser(served) -> Client:
    return Client(served.test_client())


def _too_many(response) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 429, page
    assert '<html lang="fr">' in page
    assert "Trop de tentatives" in page
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60


def test_sixth_try_on_one_account_is_refused_even_with_the_right_password(limited, staff):
    browser = _browser(limited)
    for n in range(5):
        assert _login(browser, staff.email, f"wrong password {n}").status_code == 401
    # The account is counted whatever the case or spaces of the address.
    _too_many(_login(browser, f" {staff.email.upper()}"))
    assert not _signed_in_as(browser, staff)
    # Another account from the same address is not blocked yet (6 failures < 10).
    other = factories.user(institution=staff.institution)
    assert _login(_browser(limited), other.email).status_code == 302


def test_address_is_throttled_after_ten_failures_in_total(limited, institution):
    a, b, c, d = (factories.user(institution=institution) for _ in range(4))
    for user in [a] * 4 + [b] * 4 + [c] * 2:
        assert _login(_browser(limited), user.email, "wrong password").status_code == 401
    browser = _browser(limited)
    _too_many(_login(browser, d.email))
    assert not _signed_in_as(browser, d)


def test_successful_sign_ins_do_not_count_towards_the_account_limit(limited, staff):
    for _ in range(4):
        assert _login(_browser(limited), staff.email, "wrong").status_code == 401
    for _ in range(3):
        assert _login(_browser(limited), staff.email).status_code == 302
    assert _login(_browser(limited), staff.email, "wrong").status_code == 401
    _too_many(_login(_browser(limited), staff.email))


def test_successful_sign_ins_do_not_count_towards_the_address_limit(limited, institution):
    users = [factories.user(institution=institution) for _ in range(5)]
    for user in users[:3]:
        for _ in range(3):
            assert _login(_browser(limited), user.email, "wrong").status_code == 401
    for _ in range(3):
        assert _login(_browser(limited), users[3].email).status_code == 302
    assert _login(_browser(limited), users[4].email, "wrong").status_code == 401
    _too_many(_login(_browser(limited), users[3].email))


def test_limits_are_off_in_the_ordinary_test_app(client, staff):
    """The other tests here rely on it; the throttled ones build their own app."""
    for _ in range(7):
        assert _login(client, staff.email, "wrong").status_code == 401
    assert _login(client, staff.email).status_code == 302


# Language ------------------------------------------------------------------------------


def test_anonymous_visitor_switches_to_english(client):
    response = client.post("/language", {"locale": "en", "next": "/login"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Sign in" in page
    assert "Se connecter" not in page
    client.post("/language", {"locale": "fr", "next": "/login"})
    assert "Se connecter" in client.get("/login").get_data(as_text=True)


def test_language_is_stored_on_the_user(sign_in, staff):
    session = sign_in(staff)
    assert "Mes suivis ouverts" in session.get("/").get_data(as_text=True)
    response = session.post("/language", {"locale": "en", "next": "/"})
    assert response.headers["Location"] == "/"
    page = session.get("/").get_data(as_text=True)
    assert "My open follow-ups" in page
    assert '<html lang="en">' in page
    assert _stored(staff.id, User.locale) == Locale.EN
    # A new session of the same user (another browser) starts in English.
    fresh = sign_in(staff)
    page = fresh.get("/").get_data(as_text=True)
    assert "My open follow-ups" in page
    assert "Mes suivis ouverts" not in page


def test_unknown_language_changes_nothing(sign_in, staff):
    session = sign_in(staff)
    response = session.post("/language", {"locale": "de", "next": "/profile"})
    assert response.status_code == 302
    assert _stored(staff.id, User.locale) == Locale.FR
    assert "Mes suivis ouverts" in session.get("/").get_data(as_text=True)


@pytest.mark.parametrize("target", OFF_SITE)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/language", {"locale": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_language_switch_returns_to_the_page_it_came_from(sign_in, staff):
    response = sign_in(staff).post("/language", {"locale": "en", "next": "/profile?tab=pw"})
    assert response.headers["Location"] == "/profile?tab=pw"
