"""Who is calling the API: the owner of the bearer token, never a browser's cookie.

Pages and API share Flask-Login's ``current_user``, so one permission vocabulary serves
both. On an API path the session cookie is ignored (no cookie, so no CSRF to fear) and
the ``Authorization: Bearer`` header is the only way in.
"""

from __future__ import annotations

from flask import Request, request

from crm.users import sessions, tokens

API_PREFIX = "/api/v1"


def is_api_request() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def load_from_session(session_id: str):
    """Flask-Login's user loader: a signed-in browser, on pages only."""
    return None if is_api_request() else sessions.load(session_id)


def load_from_request(incoming: Request):
    """Flask-Login's request loader: a bearer token, on API paths only."""
    if not is_api_request():
        return None
    scheme, _sep, secret = incoming.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return tokens.user_for_token(secret.strip())
