"""``?mission=ID`` on a list: only what came out of that mission (see ``outcomes``)."""

from __future__ import annotations

from flask_login import current_user

from crm.core.converters import id_in_args
from crm.core.permissions import can_view
from crm.extensions import db
from crm.missions.models import Mission


def mission_in_args() -> Mission | None:
    """The mission the query string names, when the user may see it."""
    mission_id = id_in_args("mission")
    mission = db.session.get(Mission, mission_id) if mission_id else None
    return mission if mission is not None and can_view(current_user, mission) else None


def scoped() -> dict:
    """The list filter for the mission in the query string: ``{"mission": id}`` or nothing."""
    mission = mission_in_args()
    return {"mission": mission.id} if mission else {}
