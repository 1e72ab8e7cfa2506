"""The search in the API: the same engine and ranking as the search box."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user

from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.core.urls import page_url
from crm.search.documents import KINDS
from crm.search.query import search
from crm.search.schemas import HitsSchema, SearchArgs

bp = Blueprint(
    "search_api",
    __name__,
    url_prefix=f"{API_PREFIX}/search",
    description="Organizations, contacts, agreements, missions and exchanges by their words.",
)
# kind -> the API endpoint of one record of that kind, and its id argument
_ITEMS = {
    "organization": ("organizations_api.item", "organization_id"),
    "contact": ("contacts_api.item", "contact_id"),
    "agreement": ("agreements_api.item", "agreement_id"),
    "mission": ("missions_api.item", "mission_id"),
    "exchange": ("exchanges_api.item", "exchange_id"),
}


@bp.get("")
@bp.arguments(SearchArgs, location="query", as_kwargs=False)
@bp.response(200, HitsSchema)
def index(args: dict):
    """Search by words, as the search box does: titles first, any case or accents."""
    hits = search(current_user, args["q"], limit=args["limit"], kind=args.get("type"))
    items = []
    for hit in hits:
        endpoint, argument = _ITEMS[hit.kind]
        items.append(
            {
                "type": hit.kind,
                "id": hit.record_id,
                "title": hit.title,
                "archived": hit.is_archived,
                "url": page_url(KINDS[hit.kind].__name__, hit.record_id),
                "api_url": url_for(endpoint, **{argument: hit.record_id}),
            }
        )
    return {"items": items}
