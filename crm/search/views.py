"""The search page behind the header's search box."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from crm.core.urls import page_url
from crm.search.documents import KINDS
from crm.search.query import search

bp = Blueprint("search", __name__, url_prefix="/search")


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
        results=[(hit, page_url(KINDS[hit.kind].__name__, hit.record_id)) for hit in hits],
    )
