"""Who may use which route: every route that changes something, found in the URL map, is
refused to a viewer; every admin route is refused to everyone but admins. New routes are
checked as soon as they exist (give their URL arguments a record in RECORDS)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

from crm.extensions import db
from crm.followups.models import FollowUp
from crm.institutions.models import MemberInstitution
from crm.users.models import User
from tests import factories
from tests.conftest import snapshot

# Routes every signed-in user may post to, for themselves.
SELF_SERVICE = {
    "auth.login",
    "auth.logout",
    "users.language",
    "users.profile",
    "users.change_password",
    "users.create_token",
    "users.revoke_token",
    "users.create_calendar_feed",
    "users.revoke_calendar_feed",
    "users.save_reminder_settings",
}
# Routes whose URL names an uploaded file, not a record: tests/imports/test_pages.py checks
# that a viewer gets 403 on each of them.
UPLOADS = {"imports.upload", "imports.columns", "imports.confirm"}
# The kind of record each URL argument names; each domain's tests/<domain>/routes.py adds
# its own (RECORDS, make_records(institution, staff) and FORM for the data its forms need).
RECORDS = {"follow_up_id": FollowUp, "user_id": User, "institution_id": MemberInstitution}
FORM = {}
# Values for one endpoint only, where two domains' forms give one name different meanings
# (an organization's "kind" is not an interaction's): a routes.py may add ENDPOINT_FORMS.
ENDPOINT_FORMS: dict[str, dict] = {}
_DOMAINS = [
    importlib.import_module(f"tests.{module.name}.routes")
    for module in pkgutil.iter_modules([str(Path(__file__).parent)])
    if module.ispkg and (Path(__file__).parent / module.name / "routes.py").exists()
]
for _domain in _DOMAINS:
    RECORDS |= _domain.RECORDS
    FORM |= _domain.FORM
    ENDPOINT_FORMS |= getattr(_domain, "ENDPOINT_FORMS", {})
# Actions named in the URL (``<any(...):action>``), in an order that works one after the other.
ACTIONS = ["archive", "restore", "delete"]


@pytest.fixture
def records(institution, other_institution, staff) -> dict[str, int]:
    """A real record for every URL argument, visible to the institution's users."""
    return {
        "follow_up_id": factories.follow_up(staff, title="Relancer le partenaire").id,
        "user_id": factories.user(role="staff", institution=institution).id,
        "institution_id": other_institution.id,
    } | {
        name: value
        for domain in _DOMAINS
        for name, value in domain.make_records(institution, staff).items()
    }


def _request(web, rule, records: dict[str, int]) -> tuple[str, dict]:
    """The URL of ``rule`` for real records, and a valid form that would change something."""
    rule, action = rule if isinstance(rule, tuple) else (rule, None)
    missing = set(rule.arguments) - set(records) - {"action"}
    if missing:
        pytest.fail(f"{rule.endpoint}: give the URL arguments {sorted(missing)} a record")
    args = {name: records[name] for name in rule.arguments if name != "action"}
    url = web.url_map.bind("localhost").build(
        rule.endpoint, args | ({"action": action} if action else {})
    )
    db.session.rollback()
    # The version of the URL's versioned record (a project's milestone has none of its own).
    loaded = [db.session.get(RECORDS[name], value) for name, value in args.items()]
    versions = [record.version for record in loaded if hasattr(record, "version")]
    institution_id = db.session.get(User, records["user_id"]).institution_id
    data = (
        {
            "email": f"{rule.endpoint.replace('_', '-')}@example.org",  # unique per route
            "name": "Intrus",
            "role": "admin",
            "institution_id": str(institution_id),
            "locale": "en",
            "is_active": "y",
            "code": "INTRUS",
            "name_fr": "Nom changé",
            "name_en": "Changed name",
            "next": "/",
        }
        | FORM
        | ENDPOINT_FORMS.get(rule.endpoint, {})
    )
    if versions:
        data["version"] = str(versions[0])
    return url, data


def _rules(web, method: str, prefix: str = "/"):
    return sorted(
        (r for r in web.url_map.iter_rules() if method in r.methods and r.rule.startswith(prefix)),
        key=lambda r: r.endpoint,
    )


def _post_rules(web):
    """Every POST route but the self-service ones; a route with an ``action`` in its URL
    once per action."""
    rules = []
    for rule in _rules(web, "POST"):
        if rule.endpoint in SELF_SERVICE | UPLOADS or rule.rule.startswith("/api/"):
            continue
        converter = rule._converters.get("action")
        if converter is None:
            rules.append(rule)
        else:
            assert set(converter.items) <= set(ACTIONS), rule.endpoint
            rules += [(rule, action) for action in ACTIONS if action in converter.items]
    # Deleting comes last, so that the other routes still find their records.
    return sorted(rules, key=lambda r: isinstance(r, tuple) and r[1] == "delete")


def test_the_checked_routes_are_the_expected_ones(web):
    endpoints = {(r[0] if isinstance(r, tuple) else r).endpoint for r in _post_rules(web)}
    assert endpoints, "no route to check"
    assert {"followups.mark_done", "users_admin.create", "institutions.create"} <= endpoints
    assert {"users_admin.edit", "users_admin.reset_password", "institutions.edit"} <= endpoints
    assert not endpoints & SELF_SERVICE
    admin_pages = {r.endpoint for r in _rules(web, "GET", "/admin")}
    assert {"users_admin.index", "institutions.index", "users_admin.edit"} <= admin_pages


def test_viewer_gets_403_on_every_post_and_nothing_changes(web, sign_in, viewer, records):
    browser = sign_in(viewer)
    for rule in _post_rules(web):
        url, data = _request(web, rule, records)
        before = snapshot()
        response = browser.post(url, data)
        assert response.status_code == 403, f"{url}: {response.status_code}"
        assert "Votre rôle ne permet pas cette action." in response.get_data(as_text=True)
        assert snapshot() == before, f"{url} changed something"


def test_the_same_posts_change_something_for_an_admin(web, sign_in, admin, records):
    """The control of the test above: its requests are real ones, that do something when
    allowed (a route this test cannot drive needs its form data added in _request)."""
    browser = sign_in(admin)
    for rule in _post_rules(web):
        url, data = _request(web, rule, records)
        before = snapshot()
        response = browser.post(url, data)
        assert response.status_code in (200, 302), f"{url}: {response.status_code}"
        assert snapshot() != before, f"{url} changed nothing"


def _admin_requests(web, records):
    for method in ("GET", "POST"):
        for rule in _rules(web, method, "/admin"):
            url, data = _request(web, rule, records)
            yield rule.endpoint, method, url, data


@pytest.mark.parametrize("role", ["viewer", "staff", "director"])
def test_admin_area_is_refused_to_non_admins(web, sign_in, institution, records, role):
    browser = sign_in(factories.user(role=role, institution=institution))
    checked = set()
    for endpoint, method, url, data in _admin_requests(web, records):
        before = snapshot()
        response = browser.get(url) if method == "GET" else browser.post(url, data)
        assert response.status_code == 403, f"{method} {url}: {response.status_code}"
        assert snapshot() == before, f"{method} {url} changed something"
        checked.add((endpoint, method))
    assert {
        ("users_admin.index", "GET"),
        ("users_admin.create", "GET"),
        ("users_admin.create", "POST"),
        ("users_admin.edit", "GET"),
        ("users_admin.edit", "POST"),
        ("users_admin.reset_password", "POST"),
        ("institutions.index", "GET"),
        ("institutions.create", "POST"),
        ("institutions.edit", "POST"),
    } <= checked


def test_admin_pages_open_for_an_admin(web, sign_in, admin, records):
    """The control of the test above: the same URLs are real pages for an admin."""
    browser = sign_in(admin)
    for rule in _rules(web, "GET", "/admin"):
        url, _data = _request(web, rule, records)
        assert browser.get(url).status_code == 200, url


def test_inactive_admin_is_refused(web, sign_in, admin):
    browser = sign_in(admin)
    admin.is_active = False
    db.session.commit()
    response = browser.get("/admin/users/")
    assert response.status_code == 302  # signed out, sent to the login page
    assert response.headers["Location"].startswith("/login")


def test_follow_up_of_another_institution_is_404_not_403_for_a_viewer(
    sign_in, viewer, other_institution
):
    """A record visible only to its member institution does not exist for anyone else."""
    owner = factories.user(role="staff", institution=other_institution)
    hidden = factories.follow_up(owner, visibility="member")
    browser = sign_in(viewer)
    before = snapshot()
    response = browser.post(f"/follow-ups/{hidden.id}/done")
    assert response.status_code == 404
    assert snapshot() == before


def test_a_missing_record_is_404(sign_in, staff):
    assert sign_in(staff).post("/follow-ups/999999/done").status_code == 404
