"""CSRF, security headers, escaping of what users type, and pages the CSP can allow."""

from __future__ import annotations

import re

import pytest

from crm.extensions import db
from crm.users.models import User
from tests import factories
from tests.conftest import snapshot

CSRF_PAGE = "Le formulaire avait expiré ou ne provenait pas de ce site."
XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _page(response) -> str:
    return response.get_data(as_text=True)


# CSRF ----------------------------------------------------------------------------------


def _csrf_cases(staff, admin, follow_up):
    """(who posts, url, data): each would change something if the token were not needed."""
    return {
        "login": (None, "/login", {"email": staff.email, "password": factories.PASSWORD}),
        "language-anonymous": (None, "/language", {"locale": "en", "next": "/"}),
        "language": (staff, "/language", {"locale": "en", "next": "/"}),
        "profile": (staff, "/profile", {"name": "Nom piraté", "locale": "en"}),
        "password": (
            staff,
            "/profile/password",
            {
                "pw-current_password": factories.PASSWORD,
                "pw-new_password": "chosen by the attacker",
                "pw-confirm": "chosen by the attacker",
            },
        ),
        "new-user": (
            admin,
            "/admin/users/new",
            {
                "email": "intrus@example.org",
                "name": "Intrus",
                "role": "admin",
                "institution_id": str(admin.institution_id),
                "locale": "fr",
                "is_active": "y",
            },
        ),
        "done": (staff, f"/follow-ups/{follow_up.id}/done", {}),
    }


@pytest.mark.parametrize(
    "case", ["login", "language-anonymous", "language", "profile", "password", "new-user", "done"]
)
def test_post_without_csrf_token_is_refused_and_writes_nothing(case, client, sign_in, staff, admin):
    follow_up = factories.follow_up(staff)
    who, url, data = _csrf_cases(staff, admin, follow_up)[case]
    browser = sign_in(who) if who else client
    before = snapshot()
    response = browser.post(url, data, csrf=False)
    assert response.status_code == 400
    assert CSRF_PAGE in _page(response)
    assert snapshot() == before
    # Nothing else happened either: not signed in (or still signed in), still in French.
    home = browser.get("/")
    if who is None:
        assert home.status_code == 302
        assert "Se connecter" in _page(browser.get("/login"))
    else:
        assert home.status_code == 200
        assert "Mes suivis ouverts" in _page(home)


def test_wrong_csrf_token_is_refused(client, sign_in, staff):
    browser = sign_in(staff)
    before = snapshot()
    response = browser.post(
        "/profile", {"name": "Nom piraté", "locale": "fr", "csrf_token": "forged"}
    )
    assert response.status_code == 400
    assert snapshot() == before


def test_csrf_token_of_another_session_is_refused(client, sign_in, staff):
    """A token is tied to the session it was issued to (an attacker's own is no use)."""
    attackers_token = sign_in(staff).csrf()
    victim = sign_in(staff)
    before = snapshot()
    response = victim.post(
        "/profile", {"name": "Nom piraté", "locale": "fr", "csrf_token": attackers_token}
    )
    assert response.status_code == 400
    assert snapshot() == before
    # The same post with the victim's own token goes through: the token was the only fault.
    response = victim.post("/profile", {"name": "Nom choisi", "locale": "fr"})
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.get(User, staff.id).name == "Nom choisi"


# Headers -------------------------------------------------------------------------------

PAGES = [
    ("/login", None),
    ("/", "staff"),
    ("/profile", "staff"),
    ("/admin/users/", "admin"),
    ("/admin/institutions/", "admin"),
    ("/no-such-page", "staff"),  # 404 page
    ("/admin/users/", "staff"),  # 403 page
]
FILES = [
    "/static/css/app.css",
    "/static/img/favicon.svg",
    "/bootstrap/static/css/bootstrap.min.css",
    "/bootstrap/static/js/bootstrap.min.js",
]


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        assert name not in directives, f"{name} given twice"
        directives[name] = values
    return directives


def _check_headers(response) -> None:
    csp = _csp(response)
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts, csp
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    assert "*" not in scripts and "data:" not in scripts
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.fixture
def browsers(client, sign_in, staff, admin):
    return {None: client, "staff": sign_in(staff), "admin": sign_in(admin)}


@pytest.mark.parametrize(("url", "who"), PAGES)
def test_security_headers_on_pages(browsers, url, who):
    response = browsers[who].get(url)
    assert response.mimetype == "text/html"
    _check_headers(response)
    assert "Strict-Transport-Security" not in response.headers  # plain http
    assert response.headers["Cache-Control"] == "no-store"
    https = browsers[who].get(url, base_url="https://localhost")
    assert https.status_code == response.status_code
    _check_headers(https)
    hsts = https.headers["Strict-Transport-Security"]
    max_age = int(re.fullmatch(r"max-age=(\d+)(; includeSubDomains)?", hsts).group(1))
    assert max_age >= 180 * 24 * 3600


def test_error_pages_are_the_expected_ones(browsers):
    assert browsers["staff"].get("/no-such-page").status_code == 404
    assert browsers["staff"].get("/admin/users/").status_code == 403
    assert "Action non permise" in _page(browsers["staff"].get("/admin/users/"))


@pytest.mark.parametrize("url", FILES)
def test_security_headers_on_static_files(client, url):
    response = client.get(url)
    try:
        assert response.status_code == 200
        _check_headers(response)
        assert "Strict-Transport-Security" not in response.headers
    finally:
        response.close()
    response = client.get(url, base_url="https://localhost")
    try:
        assert response.status_code == 200
        _check_headers(response)
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        response.close()


# Escaping ------------------------------------------------------------------------------


def test_user_names_are_escaped_on_the_admin_users_page(sign_in, admin, institution):
    factories.user(institution=institution, name=XSS)
    page = _page(sign_in(admin).get("/admin/users/"))
    assert XSS_ESCAPED in page
    assert "<script>alert" not in page


def test_user_names_are_escaped_on_the_home_page(sign_in, institution):
    user = factories.user(institution=institution, name=XSS)
    page = _page(sign_in(user).get("/"))
    assert f"Bonjour, {XSS_ESCAPED}" in page
    assert page.count(XSS_ESCAPED) == 2  # the greeting and the navigation bar
    assert "<script>alert" not in page


def test_follow_up_titles_are_escaped_on_the_home_page_and_in_messages(sign_in, staff):
    title = '<img src=x onerror="alert(1)">'
    follow_up = factories.follow_up(staff, title=title)
    browser = sign_in(staff)
    page = _page(browser.get("/"))
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert "<img" not in page
    browser.post(f"/follow-ups/{follow_up.id}/done")
    page = _page(browser.get("/"))  # the message "Suivi « … » marqué comme fait."
    assert "Suivi « &lt;img src=x onerror=&#34;alert(1)&#34;&gt; » marqué comme fait." in page
    assert "<img" not in page


def test_institution_names_are_escaped(sign_in, admin):
    factories.institution(code="XSS", name_fr=XSS, name_en=XSS)
    browser = sign_in(admin)
    for url in ["/admin/institutions/", "/admin/users/new", f"/admin/users/{admin.id}/edit"]:
        page = _page(browser.get(url))
        assert XSS_ESCAPED in page, url
        assert "<script>alert" not in page, url


def test_next_parameter_is_escaped_on_the_login_page(client):
    page = _page(client.get("/login", query_string={"next": '/"><script>alert(1)</script>'}))
    assert "<script>alert" not in page
    assert (
        'name="next" type="hidden" value="/&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    )


def test_submitted_values_are_escaped_when_a_form_is_shown_again(sign_in, admin):
    response = sign_in(admin).post(
        "/admin/users/new",
        {
            "email": '"><script>alert(1)</script>',
            "name": XSS,
            "role": "staff",
            "institution_id": str(admin.institution_id),
            "locale": "fr",
        },
    )
    assert response.status_code == 422
    page = _page(response)
    assert "<script>alert" not in page
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


# What the Content-Security-Policy allows -------------------------------------------------

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
TAG = re.compile(r"<[a-z][^>]*>", re.I)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.I)


def _check_no_inline_code(page: str, url: str) -> None:
    scripts = SCRIPT.findall(page)
    assert scripts, f"{url}: no script at all? the pattern must be wrong"
    assert page.lower().count("<script") == len(scripts), url
    for attributes, body in scripts:
        assert re.search(r'\ssrc="/[^"]+"', attributes), f"{url}: inline <script{attributes}>"
        assert not body.strip(), url
    for tag in TAG.findall(page):
        assert not EVENT_ATTRIBUTE.search(tag), f"{url}: {tag}"
        assert "javascript:" not in tag.lower(), f"{url}: {tag}"
        assert not re.search(r"\sstyle\s*=", tag, re.I), f"{url}: inline style in {tag}"
    assert "<style" not in page.lower(), f"{url}: inline <style>"


def test_pages_have_no_inline_scripts_or_styles(client, sign_in, admin, staff, institution):
    factories.follow_up(staff, due_in_days=-1)
    factories.follow_up(staff, due_in_days=0)
    pages = {"/login": client}
    as_admin, as_staff = sign_in(admin), sign_in(staff)
    for url in [
        "/admin/users/",
        "/admin/users/new",
        f"/admin/users/{staff.id}/edit",
        "/admin/institutions/",
        "/admin/institutions/new",
        f"/admin/institutions/{institution.id}/edit",
        "/no-such-page",
    ]:
        pages[url] = as_admin
    for url in ["/", "/profile"]:
        pages[url] = as_staff
    for url, browser in pages.items():
        _check_no_inline_code(_page(browser.get(url)), url)
    # Pages shown after a POST: the 403 page, a refused form, a new password.
    _check_no_inline_code(_page(as_staff.post("/admin/users/new")), "403")
    _check_no_inline_code(_page(as_admin.post("/admin/users/new", {"email": "x"})), "422")
    _check_no_inline_code(_page(as_admin.post(f"/admin/users/{staff.id}/password")), "password")
