"""Interactions in the API: /api/v1/interactions."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from crm.agreements.models import Agreement
from crm.api import responses
from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.api.views import changed_values, creating, delete, editable, new_values, set_archived
from crm.contacts.models import Contact
from crm.core.clock import zone
from crm.core.errors import ValidationError
from crm.core.listing import sort
from crm.core.permissions import can_create, can_view, get_visible_or_404
from crm.extensions import db
from crm.interactions import queries
from crm.interactions.models import Interaction
from crm.interactions.operations import FIELDS, create_interaction, update_interaction
from crm.interactions.schemas import InteractionArgs, InteractionPage, InteractionSchema
from crm.missions.models import Mission
from crm.users.models import User

bp = Blueprint(
    "interactions_api",
    __name__,
    url_prefix=f"{API_PREFIX}/interactions",
    description="Meetings, calls, emails and visits with contacts and organizations.",
)
ITEM = "/<id:interaction_id>"
schema = InteractionSchema()
# What the list's items show, loaded for the whole page at once.
LIST_LOADS = (
    selectinload(Interaction.contacts),
    selectinload(Interaction.staff),
    selectinload(Interaction.mission),
    selectinload(Interaction.agreement),
)


def _wall_clock(moment: datetime) -> datetime:
    """The colleges' wall-clock time of ``moment``: what the operations take, as the form
    gives it (they turn it into UTC)."""
    return moment.astimezone(zone()).replace(tzinfo=None)


def _current(interaction: Interaction) -> dict:
    values = {name: getattr(interaction, name) for name in FIELDS}
    return values | {"occurred_at": _wall_clock(interaction.occurred_at)}


def _unknown(field: str, ids) -> ValidationError:
    listed = ", ".join(str(i) for i in sorted(ids))
    return ValidationError(field, f"No record you may see has this id: {listed}.")


def _check_links(values: dict, interaction: Interaction | None = None) -> None:
    """The records the form offers: current contacts the caller sees and active users
    (besides those already linked), missions and agreements the caller sees."""
    linked = {c.id for c in interaction.contacts} if interaction else set()
    if ids := set(values.get("contact_ids") or ()) - linked:
        found = db.session.scalars(
            sa.select(Contact.id).where(
                Contact.id.in_(ids), Contact.visible_to(current_user), Contact.archived_at.is_(None)
            )
        )
        if missing := ids - set(found):
            raise _unknown("contact_ids", missing)
    staff = set(interaction.staff_ids) if interaction else set()
    if ids := set(values.get("staff_ids") or ()) - staff:
        found = db.session.scalars(sa.select(User.id).where(User.id.in_(ids), User.is_active))
        if missing := ids - set(found):
            raise _unknown("staff_ids", missing)
    for name, model in (("mission_id", Mission), ("agreement_id", Agreement)):
        record_id = values.get(name)
        if record_id is None or (interaction and record_id == getattr(interaction, name)):
            continue
        record = db.session.get(model, record_id)
        if record is None or not can_view(current_user, record):
            raise _unknown(name, [record_id])


def _ids(values: dict, name: str, current: list[int]) -> list[int]:
    return sorted(set(values[name])) if values.get(name) is not None else current


@bp.get("")
@bp.arguments(InteractionArgs, location="query", as_kwargs=False)
@bp.response(200, InteractionPage)
def index(args: dict):
    """List the interactions you may see, filtered, sorted and paged."""
    _check_links({"mission_id": args.get("mission")})
    query, _key = sort(
        queries.filtered(current_user, args),
        args.get("sort"),
        queries.SORTS,
        "-date",
        Interaction.id,
    )
    return responses.page(query, args, *LIST_LOADS)


@bp.post("")
@creating(can_create)
@bp.arguments(InteractionSchema)
@bp.response(201, InteractionSchema)
def create(values: dict):
    """Create an interaction."""
    _check_links(values)
    values["occurred_at"] = _wall_clock(values["occurred_at"])
    interaction = create_interaction(
        new_values(values, FIELDS, Interaction),
        _ids(values, "contact_ids", []),
        _ids(values, "staff_ids", []),
        current_user,
    )
    set_archived(interaction, values.get("is_archived"))
    location = url_for(".item", interaction_id=interaction.id)
    return responses.saved(interaction, schema, 201, location)


@bp.get(ITEM)
@bp.response(200, InteractionSchema)
def item(interaction_id: int):
    """Get an interaction."""
    return responses.item(get_visible_or_404(Interaction, interaction_id), schema)


@bp.patch(ITEM)
@editable(Interaction, "interaction_id")
@bp.arguments(InteractionSchema(partial=True))
@bp.response(200, InteractionSchema)
def update(values: dict, interaction_id: int):
    """Change an interaction: only the fields sent."""
    interaction = get_visible_or_404(Interaction, interaction_id)
    version = responses.expected_version(interaction, values.get("version"))
    _check_links(values, interaction)
    if "occurred_at" in values:
        values["occurred_at"] = _wall_clock(values["occurred_at"])
    visible_contacts = [c.id for c in interaction.contacts if can_view(current_user, c)]
    update_interaction(
        interaction,
        version,
        changed_values(interaction, values, FIELDS, _current),
        _ids(values, "contact_ids", visible_contacts),
        _ids(values, "staff_ids", interaction.staff_ids),
        current_user,
    )
    set_archived(interaction, values.get("is_archived"))
    return responses.saved(interaction, schema)


@bp.delete(ITEM)
@bp.response(204)
def remove(interaction_id: int):
    """Delete an interaction (its institution, or an admin; 422 while others refer to it)."""
    return delete(Interaction, interaction_id)
