"""Measure page and API times against a running server (`crm run`), as a browser or a
script would ask.

    python bench/measure.py [--base-url http://127.0.0.1:5000] [--runs 40]
        [--email user1@bench.example] [--password bench-password-2026] [--only TEXT]

Prints p50 and p95 in milliseconds for each page or API call, over --runs requests each,
after one warm-up request; one connection, kept alive, like a browser tab. The API is called
with a token that the script makes on the user's profile page. Works the same against
SQLite or PostgreSQL: it only talks HTTP.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import statistics
import time
from urllib.parse import urlencode, urlsplit

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')
NEW_TOKEN = re.compile(r'id="new-token">([^<]+)<')
# An export is a whole list as a file (about 4,000 rows here), not a page of 50.
# The dashboard counts everything of a period in one page; the PDF report is laid out too.
TARGETS = {
    "page": 150.0,
    "search": 100.0,
    "api": 150.0,
    "export": 3000.0,
    "dashboard": 300.0,
    "pdf": 3000.0,
}


class Session:
    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=60)
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if path.startswith("/api/"):
            headers = {"Authorization": f"Bearer {self.token}"}
            if form is not None:
                body = json.dumps(form)
                headers["Content-Type"] = "application/json"
        elif form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode(errors="replace")  # a PDF is bytes
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("passerelle_session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, text

    def sign_in(self, email: str, password: str) -> None:
        _status, page = self.request("GET", "/login")
        token = TOKEN.search(page).group(1)
        status, _ = self.request(
            "POST", "/login", {"csrf_token": token, "email": email, "password": password}
        )
        if status != 302:
            raise SystemExit(f"sign-in failed ({status}): check --email and --password")

    def make_token(self) -> None:
        _status, page = self.request("GET", "/profile")
        form = {"csrf_token": TOKEN.search(page).group(1), "token-name": "bench/measure.py"}
        status, page = self.request("POST", "/profile/tokens", form)
        if status != 200 or not NEW_TOKEN.search(page):
            raise SystemExit(f"could not make an API token ({status})")
        self.token = NEW_TOKEN.search(page).group(1)


def timed(session: Session, method: str, path: str, form_for=None, runs: int = 40):
    times = []
    for run in range(runs + 1):
        form = form_for() if form_for else None
        started = time.perf_counter()
        status, _text = session.request(method, path, form)
        elapsed = (time.perf_counter() - started) * 1000
        if status not in (200, 201, 302):
            raise SystemExit(f"{method} {path} answered {status}")
        if run:  # the first one warms the caches
            times.append(elapsed)
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:5000")
    parser.add_argument("--email", default="user1@bench.example")
    parser.add_argument("--password", default="bench-password-2026")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--only", default="", help="measure only what names this text")
    args = parser.parse_args()
    session = Session(args.base_url)
    session.sign_in(args.email, args.password)
    session.make_token()

    def save_form():
        _status, page = session.request("GET", "/organizations/7/edit")
        return {
            "csrf_token": TOKEN.search(page).group(1),
            "name": "Institut minier de l'Atlas 7",
            "country": "MA",
            "kind": "education",
            "city": "Rabat",
            "visibility": "consortium",
            "version": VERSION.search(page).group(1),
        }

    def new_organization():
        return {"name": "Entreprise minière de mesure", "country": "MA", "kind": "company"}

    checks = [
        ("page", "contacts list, first page", "GET", "/contacts/", None),
        (
            "page",
            "contacts list, filtered and sorted, deep page",
            "GET",
            "/contacts/?country=MA&sort=-name&page=40",
            None,
        ),
        ("page", "contact page with its timeline", "GET", "/contacts/1234", None),
        ("page", "organizations list, first page", "GET", "/organizations/", None),
        ("page", "likely duplicates, contacts", "GET", "/duplicates/", None),
        ("page", "agreement page", "GET", "/agreements/321", None),
        ("dashboard", "dashboard, whole consortium, this year", "GET", "/dashboard/", None),
        (
            "dashboard",
            "dashboard, one member, last 12 months",
            "GET",
            "/dashboard/?institution=CSI&period=last_12_months",
            None,
        ),
        ("dashboard", "board report, HTML", "GET", "/dashboard/report", None),
        ("pdf", "board report, PDF", "GET", "/dashboard/report.pdf", None),
        (
            "export",
            "export: organizations of one kind, CSV (~4,000)",
            "GET",
            "/organizations/export.csv?kind=company",
            None,
        ),
        ("search", "search, common word (formation)", "GET", "/search/?q=formation", None),
        ("search", "search, rare word (contact4567)", "GET", "/search/?q=contact4567", None),
        ("page", "saving a form (organization)", "POST", "/organizations/7/edit", save_form),
        ("api", "API: contacts, 200 a page", "GET", "/api/v1/contacts?per_page=200", None),
        (
            "api",
            "API: contacts, filtered, deep page",
            "GET",
            "/api/v1/contacts?country=MA&sort=-name&page=40",
            None,
        ),
        ("api", "API: interactions, first page", "GET", "/api/v1/interactions", None),
        ("api", "API: one agreement", "GET", "/api/v1/agreements/321", None),
        ("api", "API: search (formation)", "GET", "/api/v1/search?q=formation", None),
        ("api", "API: create an organization", "POST", "/api/v1/organizations", new_organization),
    ]
    print(f"{'what':<50} {'p50 ms':>8} {'p95 ms':>8}  target")
    failed = False
    for kind, what, method, path, form in checks:
        if args.only not in what:
            continue
        p50, p95 = timed(session, method, path, form, args.runs)
        ok = p95 < TARGETS[kind]
        failed |= not ok
        print(f"{what:<50} {p50:8.1f} {p95:8.1f}  {'ok' if ok else 'OVER'} (<{TARGETS[kind]:.0f})")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
