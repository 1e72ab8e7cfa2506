"""Missions in the API: /api/v1/missions, and the meetings held during each."""

from __future__ import annotations

from functools import wraps

import sqlalchemy as sa
from flask import Response, json, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload

from crm.api import idempotency, responses
from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.api.schemas import ListArgs
from crm.api.views import changed_values, creating, delete, editable, new_values, set_archived
from crm.core.clock import today, zone
from crm.core.errors import ValidationError
from crm.core.listing import sort
from crm.core.permissions import can_create, get_visible_or_404, require
from crm.extensions import db
from crm.followups.schemas import FollowUpSchema
from crm.institutions.models import MemberInstitution
from crm.interactions.models import Interaction
from crm.missions import queries
from crm.missions.models import Mission
from crm.missions.operations import (
    FIELDS,
    create_missing_follow_ups,
    create_mission,
    record_meeting,
    update_mission,
)
from crm.missions.schemas import (
    CreatedFollowUps,
    MeetingPage,
    MeetingSchema,
    MissionArgs,
    MissionPage,
    MissionSchema,
    NewFollowUpsSchema,
    NewMeetingSchema,
)
from crm.users.models import User

bp = Blueprint(
    "missions_api",
    __name__,
    url_prefix=f"{API_PREFIX}/missions",
    description="Missions abroad: dates, places, delegation, meetings.",
)
ITEM = "/<id:mission_id>"
schema = MissionSchema()
# What the list's items show, loaded for the whole page at once.
LIST_LOADS = (
    selectinload(Mission.delegates),
    selectinload(Mission.delegation_institutions),
)
meeting_schema = MeetingSchema()
# The API's names of the delegation, and the operation's.
DELEGATION = {"delegate_ids": "delegates", "delegation_institution_ids": "delegation_institutions"}


def _current(mission: Mission) -> dict:
    """The mission's values in the operation's terms (the delegation as ids)."""
    return {name: getattr(mission, name) for name in FIELDS} | {
        "delegates": mission.delegate_ids,
        "delegation_institutions": mission.delegation_institution_ids,
    }


def _operation_values(values: dict) -> dict:
    return {DELEGATION.get(name, name): value for name, value in values.items()}


def _check(values: dict, mission: Mission | None = None) -> None:
    """What the page's form checks before the operation: dates in order, and a delegation
    chosen among the active users (or those already in it) and the member institutions."""
    if values["ends_on"] < values["starts_on"]:
        raise ValidationError("ends_on", _l("The end date cannot be before the start date."))
    kept = set(mission.delegate_ids) if mission else set()
    user_ids = set(values["delegates"])
    found = set(
        db.session.scalars(
            sa.select(User.id).where(
                User.id.in_(user_ids), sa.or_(User.is_active, User.id.in_(kept))
            )
        )
    )
    if unknown := sorted(user_ids - found):
        raise ValidationError("delegate_ids", f"No such active user: {unknown[0]}.")
    institution_ids = set(values["delegation_institutions"])
    found = set(
        db.session.scalars(
            sa.select(MemberInstitution.id).where(MemberInstitution.id.in_(institution_ids))
        )
    )
    if unknown := sorted(institution_ids - found):
        raise ValidationError(
            "delegation_institution_ids", f"No such member institution: {unknown[0]}."
        )


@bp.get("")
@bp.arguments(MissionArgs, location="query", as_kwargs=False)
@bp.response(200, MissionPage)
def index(args: dict):
    """List the missions you may see, filtered, sorted and paged."""
    query, _key = sort(
        queries.filtered(current_user, args),
        args.get("sort"),
        queries.SORTS,
        "-start",
        Mission.id,
    )
    return responses.page(query, args, *LIST_LOADS)


@bp.post("")
@creating(can_create)
@bp.arguments(MissionSchema)
@bp.response(201, MissionSchema)
def create(values: dict):
    """Create a mission."""
    chosen = new_values(_operation_values(values), (*FIELDS, *DELEGATION.values()), Mission)
    _check(chosen)
    mission = create_mission(chosen, current_user)
    set_archived(mission, values.get("is_archived"))
    return responses.saved(mission, schema, 201, url_for(".item", mission_id=mission.id))


@bp.get(ITEM)
@bp.response(200, MissionSchema)
def item(mission_id: int):
    """Get a mission."""
    return responses.item(get_visible_or_404(Mission, mission_id), schema)


@bp.patch(ITEM)
@editable(Mission, "mission_id")
@bp.arguments(MissionSchema(partial=True))
@bp.response(200, MissionSchema)
def update(values: dict, mission_id: int):
    """Change a mission: only the fields sent."""
    mission = get_visible_or_404(Mission, mission_id)
    version = responses.expected_version(mission, values.get("version"))
    changes = changed_values(
        mission, _operation_values(values), (*FIELDS, *DELEGATION.values()), _current
    )
    _check(changes, mission)
    update_mission(mission, version, changes)
    set_archived(mission, values.get("is_archived"))
    return responses.saved(mission, schema)


@bp.delete(ITEM)
@bp.response(204)
def remove(mission_id: int):
    """Delete a mission (its institution, or an admin; 422 while others refer to it)."""
    return delete(Mission, mission_id)


def _may_add_to_mission(view):
    """The mission must exist for the caller (404), who must be allowed to create (403),
    before the body is read."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        get_visible_or_404(Mission, kwargs["mission_id"])
        require(can_create(current_user))
        return view(*args, **kwargs)

    return wrapper


@bp.get(f"{ITEM}/meetings")
@bp.arguments(ListArgs, location="query", as_kwargs=False)
@bp.response(200, MeetingPage)
def meetings(args: dict, mission_id: int):
    """The meetings held during the mission that the caller may see, oldest first."""
    found = queries.meetings_of(get_visible_or_404(Mission, mission_id), current_user)
    start = (args["page"] - 1) * args["per_page"]
    return {
        "items": found[start : start + args["per_page"]],
        "page": args["page"],
        "per_page": args["per_page"],
        "total": len(found),
    }


@bp.post(f"{ITEM}/meetings")
@_may_add_to_mission
@bp.arguments(NewMeetingSchema)
@bp.response(201, MeetingSchema)
def add_meeting(values: dict, mission_id: int):
    """Record a meeting as the quick entry of the mission's page does: the caller is the
    staff member who was there; a new person (and organization) is created on the way."""
    mission = get_visible_or_404(Mission, mission_id)
    # the operation takes the time as the page's form gives it: local, without a zone
    local = values["occurred_at"].astimezone(zone()).replace(tzinfo=None)
    meeting: Interaction = record_meeting(mission, values | {"occurred_at": local}, current_user)
    location = f"{API_PREFIX}/interactions/{meeting.id}"
    return responses.saved(meeting, meeting_schema, 201, location)


@bp.post(f"{ITEM}/follow-ups")
@_may_add_to_mission
@bp.arguments(NewFollowUpsSchema, required=False)
@bp.response(201, CreatedFollowUps, description="The follow-ups created.")
@bp.alt_response(
    200,
    schema=CreatedFollowUps,
    description="None was needed: everyone met already has an open follow-up (no items).",
)
def create_follow_ups(values: dict, mission_id: int):
    """Create the missing follow-ups, as the button of the mission's page does.

    One follow-up for every person met during the mission who has no open one yet, assigned
    to the delegation member who met them last (else to the caller), due ``due_in_days``
    from today. 201 with the follow-ups created; 200 with no items when none was needed.
    """
    mission = get_visible_or_404(Mission, mission_id)
    created = create_missing_follow_ups(mission, current_user, today(), values["due_in_days"])
    body = {"items": FollowUpSchema(many=True).dump(created)}
    response = Response(
        json.dumps(body), status=201 if created else 200, mimetype="application/json"
    )
    return idempotency.commit(response)
