"""How API views answer: a record with its ETag, a page of records, a saved change.

Preconditions: ``If-Match`` (or a ``version`` in the body) names the version a change was
prepared from; a stale one is refused with 412 and nothing changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, json, request
from werkzeug.exceptions import PreconditionFailed

from crm.api import idempotency
from crm.extensions import db


def etag(record) -> str:
    return f'"{record.version}"'


def item(record, schema) -> Response:
    """The record with its ETag; 304 when the caller's copy (If-None-Match) is current."""
    if request.if_none_match.contains_weak(str(record.version)):
        response = Response(status=304)
    else:
        response = Response(json.dumps(schema.dump(record)), mimetype="application/json")
    response.headers["ETag"] = etag(record)
    return response


def page(query: sa.Select, args: dict, *loads) -> dict:
    """One page of ``query``: ``{"items", "page", "per_page", "total"}`` (items as records).
    ``loads``: loader options for what the items' schema shows (one query a relationship
    for the whole page, not one a record)."""
    number, per_page = args["page"], args["per_page"]
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )
    items = db.session.scalars(
        query.options(*loads).limit(per_page).offset((number - 1) * per_page)
    ).unique()
    return {"items": list(items), "page": number, "per_page": per_page, "total": total}


def expected_version(record, body_version: int | None = None) -> int:
    """The version the caller's change was prepared from: If-Match, else the body's
    ``version``, else the current one (no precondition). 412 when it is stale."""
    if request.if_match:
        if request.if_match.star_tag or request.if_match.contains(str(record.version)):
            return record.version
        raise PreconditionFailed(
            f"The record is at version {record.version}: it changed since you read it. "
            "Nothing was changed."
        )
    if body_version is not None and body_version != record.version:
        raise PreconditionFailed(
            f"The record is at version {record.version}, not {body_version}: "
            "it changed since you read it. Nothing was changed."
        )
    return record.version


def saved(record, schema, status: int = 200, location: str | None = None) -> Response:
    """Commit a change and answer with the record as it now is."""
    response = Response(json.dumps(schema.dump(record)), status=status, mimetype="application/json")
    response.headers["ETag"] = etag(record)
    if location:
        response.headers["Location"] = location
    return idempotency.commit(response)


def no_content() -> Response:
    response = Response(status=204)
    del response.headers["Content-Type"]
    return idempotency.commit(response)
