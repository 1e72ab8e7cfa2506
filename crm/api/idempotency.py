"""``Idempotency-Key``: a POST retried with the same key gets the first answer again, and
nothing is created twice. The answer is stored in the same transaction as the change."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from flask import Response, g, json, request
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from crm.api.auth import is_api_request
from crm.api.models import IdempotencyKey
from crm.api.problems import MIMETYPE, problem
from crm.core.db import utcnow
from crm.extensions import db

HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)


def _fingerprint() -> str:
    """What makes two requests the same one. A multipart body is read by its parts: a
    client that encodes it again for a retry picks a new boundary, not a new request."""
    digest = hashlib.sha256(f"{request.method} {request.full_path}\n".encode())
    if request.mimetype != "multipart/form-data":
        digest.update(request.get_data(cache=True))
        return digest.hexdigest()
    for name, value in sorted(request.form.items(multi=True)):
        digest.update(f"{len(name)}:{name}{len(value)}:{value}".encode())
    for name, upload in sorted(request.files.items(multi=True), key=lambda item: item[0]):
        digest.update(f"{name}\n{upload.filename}\n".encode())
        stream = upload.stream
        while chunk := stream.read(65536):
            digest.update(chunk)
        stream.seek(0)
    return digest.hexdigest()


def _stored(key: str) -> IdempotencyKey | None:
    return db.session.scalar(
        sa.select(IdempotencyKey).where(
            IdempotencyKey.user_id == current_user.id,
            IdempotencyKey.key == key,
            IdempotencyKey.created_at >= utcnow() - KEPT_FOR,
        )
    )


def _replay(stored: IdempotencyKey) -> Response:
    if stored.fingerprint != g.idempotency_fingerprint:
        return problem(
            422,
            "This Idempotency-Key was already used for another request: use a new key.",
            {HEADER: ["Already used for another request."]},
        )
    mimetype = MIMETYPE if stored.status >= 400 else "application/json"
    response = Response(stored.body, status=stored.status, mimetype=mimetype)
    if stored.location:
        response.headers["Location"] = stored.location
    if stored.status < 300 and isinstance(version := _version_in(stored.body), int):
        response.headers["ETag"] = f'"{version}"'
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _version_in(body: str):
    try:
        return json.loads(body).get("version") if body else None
    except (ValueError, AttributeError):
        return None


def replay_if_seen() -> Response | None:
    """Before an API POST: answer a repeated key from the store."""
    key = request.headers.get(HEADER)
    if key is None or request.method != "POST" or not is_api_request():
        return None
    if not current_user.is_authenticated:
        return None
    if not 1 <= len(key) <= 255 or not key.isprintable() or not key.isascii():
        return problem(400, f"{HEADER} must be 1 to 255 printable ASCII characters.")
    g.idempotency_key = key
    g.idempotency_fingerprint = _fingerprint()
    stored = _stored(key)
    return _replay(stored) if stored else None


def commit(response: Response) -> Response:
    """Commit the request's changes, keeping ``response`` for its key if it had one.

    Two requests with one key racing each other: the second to commit breaks the unique
    constraint, rolls its change back and answers with the first one's answer.
    """
    key = g.get("idempotency_key")
    if key is None:
        db.session.commit()
        return response
    db.session.execute(
        sa.delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - KEPT_FOR)
    )
    db.session.add(
        IdempotencyKey(
            user_id=current_user.id,
            key=key,
            fingerprint=g.idempotency_fingerprint,
            status=response.status_code,
            body=response.get_data(as_text=True),
            location=response.headers.get("Location"),
        )
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        stored = _stored(key)
        if stored is None:
            raise
        return _replay(stored)
    return response
