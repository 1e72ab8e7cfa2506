"""The last two directors approving at the same moment: neither misses the other's
approval, so the agreement always ends approved."""

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


def _approve_each(web, email: str, ids: list[int], barrier: threading.Barrier) -> list[int]:
    """One director, in a thread of their own: every request has its own app context and
    database session, as on the server."""
    browser = FlaskClient(web, web.response_class, use_cookies=True)
    page = browser.get("/login").get_data(as_text=True)
    login = {"email": email, "password": factories.PASSWORD}
    assert browser.post("/login", data=login | {"csrf_token": TOKEN.search(page)[1]}).status_code
    statuses = []
    for agreement_id in ids:
        page = browser.get(f"/agreements/{agreement_id}").get_data(as_text=True)
        data = {"action": "approve", "csrf_token": TOKEN.search(page)[1]}
        data["version"] = VERSION.search(page)[1]
        barrier.wait(timeout=30)
        response = browser.post(f"/agreements/{agreement_id}/transitions", data=data)
        statuses.append(response.status_code)
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
    assert results == [[302] * ROUNDS] * len(emails)
    statuses = db.session.scalars(sa.select(Agreement.status).where(Agreement.id.in_(ids)))
    assert set(statuses) == {"approved"}
