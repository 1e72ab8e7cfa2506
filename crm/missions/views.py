"""Missions: list, page (with the quick entry of a meeting and the follow-ups button),
create, edit, archive and delete."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.core.clock import today
from crm.core.errors import ValidationError
from crm.core.forms import filter_values
from crm.core.listing import page_number, paginate, sort
from crm.core.permissions import can_create, can_edit, get_visible_or_404, require
from crm.core.views import change_state as state_change
from crm.core.views import form_status, save_edit
from crm.exports.lists import export_list
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.missions import queries
from crm.missions.exports import MISSIONS
from crm.missions.forms import FollowUpsForm, MeetingForm, MissionFilters, MissionForm
from crm.missions.models import Mission
from crm.missions.operations import (
    FIELDS,
    create_missing_follow_ups,
    create_mission,
    local_now,
    record_meeting,
    update_mission,
)
from crm.missions.people import candidates, organization_suggestions
from crm.missions.scope import mission_in_args
from crm.users.models import User

bp = Blueprint("missions", __name__, url_prefix="/missions")
bp.add_app_template_global(mission_in_args)

MEETING_FIELDS = (
    "contact_ids",
    "new_given_name",
    "new_family_name",
    "new_organization",
    "occurred_at",
    "notes",
)


def _form_data(mission: Mission) -> dict:
    values = {name: getattr(mission, name) for name in FIELDS}
    return values | {
        "delegates": [u.id for u in mission.delegates],
        "delegation_institutions": [i.id for i in mission.delegation_institutions],
        "version": mission.version,
    }


def _shown(mission: Mission) -> dict:
    """The record's values as the conflict warning shows them."""
    values = {name: getattr(mission, name) for name in FIELDS}
    return values | {
        "delegates": ", ".join(sorted(u.name for u in mission.delegates)),
        "delegation_institutions": ", ".join(
            sorted(i.code for i in mission.delegation_institutions)
        ),
    }


def _submitted(form: MissionForm) -> dict:
    return {name: getattr(form, name).data for name in FIELDS} | {
        "delegates": form.delegates.data or [],
        "delegation_institutions": form.delegation_institutions.data or [],
    }


def _described(submitted: dict) -> dict:
    """What the user submitted, in the terms of ``_shown``."""
    users = db.session.scalars(sa.select(User.name).where(User.id.in_(submitted["delegates"])))
    codes = db.session.scalars(
        sa.select(MemberInstitution.code).where(
            MemberInstitution.id.in_(submitted["delegation_institutions"])
        )
    )
    return submitted | {
        "delegates": ", ".join(sorted(users)),
        "delegation_institutions": ", ".join(sorted(codes)),
    }


def _listed() -> tuple[MissionFilters, sa.Select, str]:
    """The list as the query string asks: the filters, the query and the sort, shared by
    the page and its exports."""
    institutions = db.session.scalars(
        sa.select(MemberInstitution).order_by(MemberInstitution.code)
    ).all()
    filters = MissionFilters(institutions, request.args)
    query, current_sort = sort(
        queries.filtered(current_user, filter_values(filters)),
        request.args.get("sort"),
        queries.SORTS,
        "-start",
        Mission.id,
    )
    return filters, query, current_sort


@bp.route("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    _filters, query, _sort = _listed()
    return export_list(query, MISSIONS, fmt, current_user)


@bp.route("/")
def index():
    filters, query, current_sort = _listed()
    page = paginate(query, page_number(request.args.get("page")))
    return render_template(
        "missions/index.html",
        page=page,
        filters=filters,
        sort=current_sort,
        meetings=queries.meeting_counts(current_user, page.items),
    )


def _render_detail(mission: Mission, meeting_form: MeetingForm | None = None, status=200):
    meeting_form = meeting_form or MeetingForm(data={"occurred_at": local_now()})
    meetings = queries.meetings_of(mission, current_user)
    search = (request.args.get("who") or "").strip()
    return render_template(
        "missions/detail.html",
        mission=mission,
        meetings=meetings,
        agreements=queries.agreements_of(mission, current_user),
        projects=queries.projects_of(mission, current_user),
        meeting_form=meeting_form,
        follow_ups_form=FollowUpsForm(),
        people=candidates(meetings, search, meeting_form.contact_ids.data or [], current_user),
        search=search,
        organization_names=organization_suggestions(mission.country, current_user),
    ), status


@bp.route("/<id:mission_id>")
def detail(mission_id: int):
    return _render_detail(get_visible_or_404(Mission, mission_id))


@bp.route("/<id:mission_id>/meetings", methods=["POST"])
def add_meeting(mission_id: int):
    mission = get_visible_or_404(Mission, mission_id)
    require(can_create(current_user))
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            meeting = record_meeting(
                mission, {name: getattr(form, name).data for name in MEETING_FIELDS}, current_user
            )
        except ValidationError as error:
            db.session.rollback()
            getattr(form, error.field).errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("Meeting “%(subject)s” saved.", subject=meeting.subject), "success")
            return redirect(url_for("missions.detail", mission_id=mission.id) + "#meetings")
    return _render_detail(mission, form, 422)


@bp.route("/<id:mission_id>/follow-ups", methods=["POST"])
def create_follow_ups(mission_id: int):
    mission = get_visible_or_404(Mission, mission_id)
    require(can_create(current_user))
    form = FollowUpsForm()
    if not form.validate_on_submit():
        flash(_("The number of days must be between 0 and 365."), "danger")
        return redirect(url_for("missions.detail", mission_id=mission.id))
    due_in_days = 7 if form.due_in_days.data is None else form.due_in_days.data
    created = create_missing_follow_ups(mission, current_user, today(), due_in_days)
    db.session.commit()
    if created:
        message = (
            _("One follow-up created.")
            if len(created) == 1
            else _("%(count)s follow-ups created.", count=len(created))
        )
        flash(message, "success")
    else:
        flash(_("Everyone met during this mission already has an open follow-up."), "info")
    return redirect(url_for("missions.detail", mission_id=mission.id))


@bp.route("/new", methods=["GET", "POST"])
def create():
    require(can_create(current_user))
    form = MissionForm(
        data=None
        if request.method == "POST"
        else {
            "delegates": [current_user.id],
            "delegation_institutions": [current_user.institution_id],
        }
    )
    if form.validate_on_submit():
        mission = create_mission(_submitted(form), current_user)
        db.session.commit()
        flash(_("Mission “%(name)s” created.", name=mission.name), "success")
        return redirect(url_for("missions.detail", mission_id=mission.id))
    return render_template("missions/form.html", form=form, mission=None), form_status(form)


@bp.route("/<id:mission_id>/edit", methods=["GET", "POST"])
def edit(mission_id: int):
    mission = get_visible_or_404(Mission, mission_id)
    require(can_edit(current_user, mission))
    form = MissionForm(
        data=None if request.method == "POST" else _form_data(mission),
        delegates={u.id for u in mission.delegates},
    )
    conflict = None
    if form.validate_on_submit():
        submitted = _submitted(form)
        conflict = save_edit(
            lambda version: update_mission(mission, version, submitted),
            _described(submitted),
            _shown,
        )
        if conflict is None:
            flash(_("Mission “%(name)s” saved.", name=mission.name), "success")
            return redirect(url_for("missions.detail", mission_id=mission.id))
        form.version.data = conflict.record.version
    return render_template(
        "missions/form.html", form=form, mission=mission, conflict=conflict
    ), form_status(form, conflict)


@bp.route("/<id:mission_id>/<any(archive, restore, delete):action>", methods=["POST"])
def change_state(mission_id: int, action: str):
    return state_change(Mission, mission_id, action, "missions.index")
