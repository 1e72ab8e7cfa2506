"""Dozens of simultaneous users on the production server never see "database is locked"."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from crm.extensions import db
from crm.users.models import User
from tests import factories

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
USERS = 24


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict, token_from: str) -> int:
        _status, page = self.open(token_from)
        return self.open(path, {**data, "csrf_token": TOKEN.search(page).group(1)})[0]


def _session(base: str, email: str, n: int) -> list[int]:
    browser = Browser(base)
    statuses = [browser.post("/login", {"email": email, "password": factories.PASSWORD}, "/login")]
    for i in range(4):
        statuses.append(
            browser.post("/profile", {"name": f"Personne {n}-{i}", "locale": "fr"}, "/profile")
        )
        statuses.append(browser.open("/")[0])
    return statuses


def test_simultaneous_writes_all_succeed(institution, live_server):
    users = [factories.user(role="staff", institution=institution) for _ in range(USERS)]
    emails = [u.email for u in users]
    db.session.remove()
    with ThreadPoolExecutor(max_workers=USERS) as pool:
        results = list(pool.map(_session, [live_server] * USERS, emails, range(USERS)))
    statuses = [s for result in results for s in result]
    assert statuses.count(200) == len(statuses), sorted(set(statuses))
    names = db.session.scalars(sa.select(User.name).order_by(User.id)).all()
    assert names == [f"Personne {n}-3" for n in range(USERS)]
