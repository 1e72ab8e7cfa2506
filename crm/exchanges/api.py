"""Exchanges in the API: /api/v1/exchanges."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from crm.api import responses
from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.api.views import changed_values, creating, delete, editable, new_values, set_archived
from crm.core.listing import sort
from crm.core.permissions import can_create, get_visible_or_404
from crm.exchanges import queries
from crm.exchanges.models import StudentExchange
from crm.exchanges.operations import FIELDS, create_exchange, update_exchange
from crm.exchanges.schemas import ExchangeArgs, ExchangePage, ExchangeSchema

bp = Blueprint(
    "exchanges_api",
    __name__,
    url_prefix=f"{API_PREFIX}/exchanges",
    description="Student exchanges, counted against agreement quotas.",
)
ITEM = "/<id:exchange_id>"
schema = ExchangeSchema()
# What the list's items show, loaded for the whole page at once.
LIST_LOADS = (selectinload(StudentExchange.agreement),)


@bp.get("")
@bp.arguments(ExchangeArgs, location="query", as_kwargs=False)
@bp.response(200, ExchangePage)
def index(args: dict):
    """List the student exchanges you may see, filtered, sorted and paged."""
    query, _key = sort(
        queries.filtered(current_user, args),
        args.get("sort"),
        queries.SORTS,
        "-start",
        StudentExchange.id,
    )
    return responses.page(query, args, *LIST_LOADS)


@bp.post("")
@creating(can_create)
@bp.arguments(ExchangeSchema)
@bp.response(201, ExchangeSchema)
def create(values: dict):
    """Create an exchange.

    The student is an existing contact marked as a student. The exchange belongs to the
    caller's institution and is visible to it only unless ``visibility`` says otherwise.
    """
    exchange = create_exchange(new_values(values, FIELDS, StudentExchange), current_user)
    set_archived(exchange, values.get("is_archived"))
    location = url_for(".item", exchange_id=exchange.id)
    return responses.saved(exchange, schema, 201, location)


@bp.get(ITEM)
@bp.response(200, ExchangeSchema)
def item(exchange_id: int):
    """Get a student exchange."""
    return responses.item(get_visible_or_404(StudentExchange, exchange_id), schema)


@bp.patch(ITEM)
@editable(StudentExchange, "exchange_id")
@bp.arguments(ExchangeSchema(partial=True))
@bp.response(200, ExchangeSchema)
def update(values: dict, exchange_id: int):
    """Change an exchange, status included.

    Only the fields sent change. A new ``status`` moves the exchange one step along its
    workflow, as the edit page does: nominated → accepted → in_progress → completed, or
    cancelled before it is completed. Any other status is refused (409) and nothing changes.
    """
    exchange = get_visible_or_404(StudentExchange, exchange_id)
    version = responses.expected_version(exchange, values.get("version"))
    update_exchange(exchange, version, changed_values(exchange, values, FIELDS), current_user)
    set_archived(exchange, values.get("is_archived"))
    return responses.saved(exchange, schema)


@bp.delete(ITEM)
@bp.response(204)
def remove(exchange_id: int):
    """Delete a student exchange (its institution, or an admin; 422 while others refer to it)."""
    return delete(StudentExchange, exchange_id)
