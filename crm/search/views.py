"""The search page behind the header's search box."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from crm.core.urls import record_url
from crm.extensions import db
from crm.search.documents import KINDS
from crm.search.query import search

bp = Blueprint("search", __name__, url_prefix="/search")


def url_of(kind: str, record_id: int) -> str | None:
    record = db.session.get(KINDS[kind], record_id)
    return record_url(record) if record is not None else None


@bp.route("/")
def index():
    text = (request.args.get("q") or "")[:200]
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else None
    hits = search(current_user, text, kind=kind)
    return render_template(
        "search/index.html",
        q=text,
        kind=kind,
        kinds=list(KINDS),
        results=[(hit, url_of(hit.kind, hit.record_id)) for hit in hits],
    )
