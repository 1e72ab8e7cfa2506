"""Follow-ups in the API: /api/v1/follow-ups."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user

from crm.api import responses
from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.api.views import changed_values, creating, delete, editable, set_archived
from crm.core.clock import today
from crm.core.errors import ValidationError
from crm.core.listing import sort
from crm.core.permissions import can_create, can_view, get_visible_or_404
from crm.extensions import db
from crm.followups import queries
from crm.followups.models import FollowUp, FollowUpStatus
from crm.followups.operations import (
    FIELDS,
    assign_to,
    change_status,
    create_follow_up,
    update_follow_up,
)
from crm.followups.schemas import FollowUpArgs, FollowUpPage, FollowUpSchema, subject_shown
from crm.followups.subjects import subject_model
from crm.users.models import User

bp = Blueprint(
    "followups_api",
    __name__,
    url_prefix=f"{API_PREFIX}/follow-ups",
    description="Follow-ups: what someone must do, by when.",
)
ITEM = "/<id:follow_up_id>"
schema = FollowUpSchema()
# What the edit page changes; the assignee alone is the quick reassignment's change.
EDITED = set(FIELDS) - {"assignee_id"}


def _subject(kind: str | None, record_id: int | None) -> tuple[str, object] | None:
    """(kind, record) named by ``subject_type`` and ``subject_id``; a record the caller
    may not see is refused like one that does not exist."""
    if kind is None and record_id is None:
        return None
    if kind is None:
        raise ValidationError("subject_type", "Give the kind of record subject_id names.")
    if record_id is None:
        raise ValidationError("subject_id", "Give the id of the record it is about.")
    record = db.session.get(subject_model(kind), record_id)
    if record is None or not can_view(current_user, record):
        raise ValidationError("subject_id", f"There is no {kind} with this id.")
    return kind, record


def _check_same_subject(follow_up: FollowUp, values: dict) -> None:
    """Sending back what the item showed is no change (null for a hidden subject)."""
    shown = subject_shown(follow_up)
    for field, name, current in (
        ("subject_type", "subject_kind", follow_up.subject_kind if shown else None),
        ("subject_id", "subject_id", follow_up.subject_id if shown else None),
    ):
        if values.get(name, current) != current:
            raise ValidationError(
                field, "What a follow-up is about is set when it is created: create another one."
            )


def _set_status(follow_up: FollowUp, status: FollowUpStatus | None) -> None:
    """Close or reopen it as the one-click buttons do; 409 when its status does not allow it."""
    if status is not None and status != follow_up.status:
        change_status(follow_up, status)


@bp.get("")
@bp.arguments(FollowUpArgs, location="query", as_kwargs=False)
@bp.response(200, FollowUpPage)
def index(args: dict):
    """List follow-ups.

    The follow-ups the caller may see, filtered as in the list page, of every status unless
    ``status`` is given. ``?assignee=me&status=open`` lists "My follow-ups", and with
    ``due=overdue|today|week|later`` one of that page's groups.
    """
    query, _key = sort(
        queries.filtered(current_user, args, today()),
        args.get("sort"),
        queries.SORTS,
        "due",
        FollowUp.id,
    )
    return responses.page(query, args)


@bp.post("")
@creating(can_create)
@bp.arguments(FollowUpSchema)
@bp.response(201, FollowUpSchema)
def create(values: dict):
    """Create a follow-up.

    It belongs to the caller's institution and is about the record named by
    ``subject_type`` and ``subject_id``, if any, whose visibility it takes when none is
    given. It is open unless ``status`` says otherwise.
    """
    subject = _subject(values.get("subject_kind"), values.get("subject_id"))
    follow_up = create_follow_up({name: values.get(name) for name in FIELDS}, subject, current_user)
    _set_status(follow_up, values.get("status"))
    set_archived(follow_up, values.get("is_archived"))
    location = url_for(".item", follow_up_id=follow_up.id)
    return responses.saved(follow_up, schema, 201, location)


@bp.get(ITEM)
@bp.response(200, FollowUpSchema)
def item(follow_up_id: int):
    """Get a follow-up."""
    return responses.item(get_visible_or_404(FollowUp, follow_up_id), schema)


@bp.patch(ITEM)
@editable(FollowUp, "follow_up_id")
@bp.arguments(FollowUpSchema(partial=True))
@bp.response(200, FollowUpSchema)
def update(values: dict, follow_up_id: int):
    """Change, close, reopen or reassign a follow-up.

    Only the fields sent change, as in the edit page; an ``assignee_id`` sent alone
    reassigns it as the quick reassignment does (422 when that user may not have it). A
    ``status`` closes (done, cancelled) or reopens it as the buttons do: 409 when its
    current status does not allow it.
    """
    follow_up = get_visible_or_404(FollowUp, follow_up_id)
    version = responses.expected_version(follow_up, values.get("version"))
    _check_same_subject(follow_up, values)
    if EDITED & values.keys():
        update_follow_up(follow_up, version, changed_values(follow_up, values, FIELDS))
    elif "assignee_id" in values:
        assign_to(follow_up, db.session.get(User, values["assignee_id"]), version)
    _set_status(follow_up, values.get("status"))
    set_archived(follow_up, values.get("is_archived"))
    return responses.saved(follow_up, schema)


@bp.delete(ITEM)
@bp.response(204)
def remove(follow_up_id: int):
    """Delete a follow-up (its institution, or an admin; 422 while others refer to it)."""
    return delete(FollowUp, follow_up_id)
