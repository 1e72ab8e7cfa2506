"""The last two directors approving at the same moment: neither misses the other's
approval, so the agreement always ends approved. Each approval is a new version of the
agreement: the director whose page was shown before the other's approval is told (409),
and approves once the page is shown again."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from flask.testing import FlaskClient

from crm.agreements.models import Agreement
from crm.extensions import db
from tests import factories
from tests.agreements import factories as agreements

ROUNDS = 8
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


def _approve(browser: FlaskClient, agreement_id: int, barrier=None) -> int:
    page = browser.get(f"/agreements/{agreement_id}").get_data(as_text=True)
    data = {"action": "approve", "csrf_token": TOKEN.search(page)[1]}
    data["version"] = VERSION.search(page)[1]
    if barrier is not None:
        barrier.wait(timeout=30)
    return browser.post(f"/agreements/{agreement_id}/transitions", data=data).status_code


def _approve_each(
    web, email: str, ids: list[int], barrier: threading.Barrier
) -> list[tuple[int, int | None]]:
    """One director, in a thread of their own: every request has its own app context and
    database session, as on the server. For each agreement: the answer to the approval,
    and to the one made again after a refusal (None when there was none)."""
    browser = FlaskClient(web, web.response_class, use_cookies=True)
    page = browser.get("/login").get_data(as_text=True)
    login = {"email": email, "password": factories.PASSWORD}
    assert browser.post("/login", data=login | {"csrf_token": TOKEN.search(page)[1]}).status_code
    statuses = []
    for agreement_id in ids:
        first = _approve(browser, agreement_id, barrier)
        statuses.append((first, _approve(browser, agreement_id) if first == 409 else None))
        barrier.wait(timeout=30)  # both done before the next round's pages are shown
    return statuses


def test_simultaneous_last_approvals(web, institution, other_institution):
    members = [institution, other_institution]
    emails = [factories.user(role="director", institution=i).email for i in members]
    ids = [
        agreements.agreement(institution, parties=members, status="under_review").id
        for _ in range(ROUNDS)
    ]
    db.session.remove()
    barrier = threading.Barrier(len(emails))
    with ThreadPoolExecutor(max_workers=len(emails)) as pool:
        results = list(pool.map(lambda email: _approve_each(web, email, ids, barrier), emails))
    for rounds in zip(*results, strict=True):
        assert {first for first, _again in rounds} <= {302, 409}
        assert 302 in {first for first, _again in rounds}  # one of them got through
        assert all(again in (None, 302) for _first, again in rounds)
    statuses = db.session.scalars(sa.select(Agreement.status).where(Agreement.id.in_(ids)))
    assert set(statuses) == {"approved"}
