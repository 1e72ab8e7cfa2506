"""Answering the form an export of personal information asks, as a browser would."""

from __future__ import annotations

import re
from urllib.parse import urlencode

_TOKEN = re.compile(r'name="communication-csrf_token" type="hidden" value="([^"]+)"')


def details(page: str, **values) -> dict:
    """The communication form's fields with ``values`` (recipient, purpose, …)."""
    match = _TOKEN.search(page)
    assert match, "no communication form on the page"
    return {"communication-csrf_token": match.group(1)} | {
        f"communication-{name}": value for name, value in values.items()
    }


def export(browser, path: str, params: dict | None = None, **values):
    """Ask for the export, answer its form with ``values``; the final response."""
    first = browser.get(path + ("?" + urlencode(params) if params else ""))
    assert first.status_code == 200, first.status_code
    query = urlencode((params or {}) | details(first.get_data(as_text=True), **values))
    return browser.get(f"{path}?{query}")


def fetch(browser, url: str, recipient: str = "Bureau international", purpose: str = "Suivi"):
    """GET an export, answering the register's form when the file is personal."""
    first = browser.get(url)
    page = first.get_data(as_text=True) if first.mimetype == "text/html" else ""
    if "communication-csrf_token" not in page:
        return first
    answer = details(page, recipient=recipient, purpose=purpose)
    return browser.get(url + ("&" if "?" in url else "?") + urlencode(answer))
