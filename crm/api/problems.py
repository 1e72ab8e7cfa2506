"""Errors as ``application/problem+json`` (RFC 9457): status, title, detail and, for
invalid input, an ``errors`` map of field → messages."""

from __future__ import annotations

from http import HTTPStatus

from flask import Response, current_app, json
from werkzeug.exceptions import HTTPException

from crm.core.errors import ConflictError, TransitionError, ValidationError
from crm.extensions import db

MIMETYPE = "application/problem+json"


def problem(status: int, detail: str | None = None, errors: dict | None = None, headers=None):
    body = {"type": "about:blank", "status": status, "title": HTTPStatus(status).phrase}
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=MIMETYPE)
    response.headers.update(headers or {})
    return response


def unauthorized() -> Response:
    return problem(
        401,
        "Send a valid personal token: Authorization: Bearer <token>.",
        headers={"WWW-Authenticate": 'Bearer realm="Passerelle"'},
    )


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """Nested validation messages as ``{"field.sub": ["message", ...]}``."""
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = "body" if key in ("_schema", "json") and not prefix else str(key)
            flat |= flatten(value, f"{prefix}.{name}" if prefix else name)
        return flat
    if isinstance(messages, list | tuple) and any(isinstance(m, dict) for m in messages):
        flat = {}
        for index, value in enumerate(messages):
            flat |= flatten(value, f"{prefix}.{index}")
        return flat
    items = messages if isinstance(messages, list | tuple) else [messages]
    return {prefix or "body": [str(m) for m in items]}


def from_http_exception(error: HTTPException) -> Response:
    """An HTTP error raised anywhere under the API, webargs' validation errors included."""
    db.session.rollback()
    data = getattr(error, "data", None) or {}
    headers = dict(data.get("headers") or {})
    if error.code == 405 and (allowed := error.get_response().headers.get("Allow")):
        headers["Allow"] = allowed
    messages = data.get("messages")
    if messages is not None:
        errors = {}
        for location, fields in messages.items():
            errors |= (
                flatten(fields)
                if location != "json" or isinstance(fields, dict)
                else {"body": [str(m) for m in fields]}
            )
        detail = (
            "The request's body is not valid JSON."
            if error.code == 400
            else ("Some fields are not valid.")
        )
        return problem(error.code, detail, errors, headers)
    detail = data.get("message") or error.description
    if error.code == 413:
        limit = current_app.config["CRM_SETTINGS"].max_upload_mb
        detail = f"The request is too large: at most {limit} MB is accepted."
    return problem(error.code or 500, detail, headers=headers)


def from_recursion_error(_error: RecursionError) -> Response:
    """JSON nested thousands deep exhausts the parser's stack: bad input, not a crash."""
    db.session.rollback()
    return problem(400, "The JSON body is nested too deeply.")


def from_validation_error(error: ValidationError) -> Response:
    db.session.rollback()
    return problem(422, str(error.message), {error.field: [str(error.message)]})


def from_conflict(error: ConflictError) -> Response:
    db.session.rollback()
    return problem(
        409,
        "Someone else changed this record at the same time: nothing was changed. "
        "Fetch it again and retry.",
    )


def from_transition_error(error: TransitionError) -> Response:
    db.session.rollback()
    return problem(409, str(error) or "This action is not allowed from the current status.")
