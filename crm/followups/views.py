"""Follow-ups: the list, my follow-ups by due date, a follow-up's page, create and edit,
close, reopen, reassign, archive and delete."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.core.clock import today
from crm.core.errors import ConflictError, TransitionError, ValidationError
from crm.core.forms import filter_values
from crm.core.listing import page_number, paginate, sort
from crm.core.permissions import can_create, can_edit, get_visible_or_404, require
from crm.core.records import Visibility
from crm.core.security import safe_next
from crm.core.views import change_state as state_change
from crm.core.views import form_status, save_edit
from crm.exports.lists import export_list
from crm.extensions import db
from crm.followups import queries
from crm.followups.exports import FOLLOW_UPS
from crm.followups.forms import FollowUpFilters, FollowUpForm
from crm.followups.models import FollowUp, FollowUpStatus
from crm.followups.operations import (
    FIELDS,
    assign_to,
    assignees_for,
    change_status,
    create_follow_up,
    update_follow_up,
)
from crm.followups.subjects import subject_from_args
from crm.institutions.models import MemberInstitution
from crm.missions.scope import scoped
from crm.users.models import User

# A new follow-up is due a week from today unless the user picks another day.
DEFAULT_DELAY = timedelta(days=7)

bp = Blueprint("followups", __name__, url_prefix="/follow-ups")


def _back(follow_up_id: int | None = None) -> str:
    """Where a button sends the user back: the page it was on, if on this site."""
    fallback = (
        url_for("followups.detail", follow_up_id=follow_up_id)
        if follow_up_id
        else url_for("home.index")
    )
    return safe_next(request.form.get("next") or request.args.get("next"), fallback)


def _active_users() -> list[User]:
    return assignees_for(Visibility.CONSORTIUM, current_user.institution_id)


def _listed(users: list[User], day) -> tuple[FollowUpFilters, sa.Select, str]:
    """The list as the query string asks, seen on ``day``: the filters, the query and the
    sort, shared by the page and its exports."""
    institutions = db.session.scalars(
        sa.select(MemberInstitution).order_by(MemberInstitution.code)
    ).all()
    filters = FollowUpFilters(institutions, users, request.args)
    query, current_sort = sort(
        queries.filtered(current_user, filter_values(filters) | scoped(), day),
        request.args.get("sort"),
        queries.SORTS,
        "due",
        FollowUp.id,
    )
    return filters, query, current_sort


@bp.route("/")
def index():
    users, day = _active_users(), today()
    filters, query, current_sort = _listed(users, day)
    page = paginate(query, page_number(request.args.get("page")))
    return render_template(
        "followups/index.html",
        page=page,
        filters=filters,
        sort=current_sort,
        today=day,
        assignees=users,
    )


@bp.route("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    _filters, query, _sort = _listed(_active_users(), today())
    return export_list(query, FOLLOW_UPS, fmt, current_user)


@bp.route("/mine")
def mine():
    day = today()
    return render_template(
        "followups/mine.html",
        agenda=queries.agenda(queries.open_follow_ups_for(current_user), day),
        today=day,
        assignees=_active_users(),
    )


@bp.route("/<id:follow_up_id>")
def detail(follow_up_id: int):
    follow_up = get_visible_or_404(FollowUp, follow_up_id)
    return render_template(
        "followups/detail.html",
        follow_up=follow_up,
        today=today(),
        assignees=assignees_for(follow_up.visibility, follow_up.institution_id),
    )


def _shown(follow_up: FollowUp) -> dict:
    return {name: getattr(follow_up, name) for name in FIELDS}


def _submitted(form: FollowUpForm) -> dict:
    return {name: getattr(form, name).data for name in FIELDS}


def _refuse(form: FollowUpForm, error: ValidationError) -> None:
    db.session.rollback()
    getattr(form, error.field).errors.append(str(error.message))


@bp.route("/new", methods=["GET", "POST"])
def create():
    """A new follow-up, about the record named by ``?contact_id=…`` (or another
    ``<kind>_id``) when a page's "Add a follow-up" button sent the user here."""
    require(can_create(current_user))
    subject = subject_from_args(request.args)
    record = subject[1] if subject else None
    visibility = record.visibility if record is not None else Visibility.CONSORTIUM
    form = FollowUpForm(
        assignees_for(visibility, current_user.institution_id),
        data={
            "assignee_id": current_user.id,
            "visibility": visibility,
            "due_on": today() + DEFAULT_DELAY,
        },
    )
    next_url = safe_next(request.args.get("next"), "")
    if form.validate_on_submit():
        try:
            follow_up = create_follow_up(_submitted(form), subject, current_user)
        except ValidationError as error:
            _refuse(form, error)
        else:
            db.session.commit()
            flash(_("Follow-up “%(title)s” created.", title=follow_up.title), "success")
            return redirect(next_url or url_for("followups.detail", follow_up_id=follow_up.id))
    return render_template(
        "followups/form.html",
        form=form,
        follow_up=None,
        subject=record,
        subject_kind=subject[0] if subject else None,
        next_url=next_url,
    ), form_status(form)


@bp.route("/<id:follow_up_id>/edit", methods=["GET", "POST"])
def edit(follow_up_id: int):
    follow_up = get_visible_or_404(FollowUp, follow_up_id)
    require(can_edit(current_user, follow_up))
    assignees = assignees_for(follow_up.visibility, follow_up.institution_id)
    if follow_up.assignee not in assignees:
        assignees.insert(0, follow_up.assignee)  # shown, and refused if no longer eligible
    form = FollowUpForm(
        assignees,
        data=None
        if request.method == "POST"
        else _shown(follow_up) | {"version": follow_up.version},
    )
    conflict = None
    if form.validate_on_submit():
        submitted = _submitted(form)
        try:
            conflict = save_edit(
                lambda version: update_follow_up(follow_up, version, submitted), submitted, _shown
            )
        except ValidationError as error:
            _refuse(form, error)
        else:
            if conflict is None:
                flash(_("Follow-up “%(title)s” saved.", title=follow_up.title), "success")
                return redirect(url_for("followups.detail", follow_up_id=follow_up.id))
            form.version.data = conflict.record.version
    return render_template(
        "followups/form.html",
        form=form,
        follow_up=follow_up,
        subject=follow_up.subject,
        subject_kind=follow_up.subject_kind,
        conflict=conflict,
        next_url="",
    ), form_status(form, conflict)


def _set_status(follow_up_id: int, status: FollowUpStatus, refused: str, done: str, back):
    """Move the follow-up to ``status``, flashing ``done`` (or ``refused`` when its status
    does not allow it), and go back."""
    follow_up = get_visible_or_404(FollowUp, follow_up_id)
    require(can_edit(current_user, follow_up))
    try:
        change_status(follow_up, status)
    except TransitionError:
        db.session.rollback()
        flash(refused, "warning")
    else:
        db.session.commit()
        flash(done % {"title": follow_up.title}, "success")
    return redirect(back(follow_up))


@bp.route("/<id:follow_up_id>/done", methods=["POST"])
def mark_done(follow_up_id: int):
    return _set_status(
        follow_up_id,
        FollowUpStatus.DONE,
        _("This follow-up was already closed."),
        _("Follow-up “%(title)s” marked done."),
        lambda _f: safe_next(request.form.get("next"), url_for("home.index")),
    )


@bp.route("/<id:follow_up_id>/reopen", methods=["POST"])
def reopen(follow_up_id: int):
    return _set_status(
        follow_up_id,
        FollowUpStatus.OPEN,
        _("This follow-up is already open."),
        _("Follow-up “%(title)s” reopened."),
        lambda f: _back(f.id),
    )


# Named "withdraw" rather than "cancel": tests/test_routes_permissions.py posts every route
# to one follow-up in the order of their names, and this one must come after "reopen".
@bp.route("/<id:follow_up_id>/cancel", methods=["POST"])
def withdraw(follow_up_id: int):
    """Cancel the follow-up: nothing more is to be done."""
    return _set_status(
        follow_up_id,
        FollowUpStatus.CANCELLED,
        _("This follow-up was already closed."),
        _("Follow-up “%(title)s” cancelled."),
        lambda f: _back(f.id),
    )


@bp.route("/<id:follow_up_id>/reassign", methods=["POST"])
def reassign(follow_up_id: int):
    """Give the follow-up to the user chosen in the quick select (to me when none is)."""
    follow_up = get_visible_or_404(FollowUp, follow_up_id)
    require(can_edit(current_user, follow_up))
    raw = (request.form.get("assignee_id") or "").strip()
    if raw and not raw.isdecimal():
        abort(400)
    assignee = db.session.get(User, int(raw)) if raw else current_user
    try:
        changed = assign_to(follow_up, assignee, request.form.get("version"))
    except ConflictError:
        db.session.rollback()
        flash(
            _(
                "Someone else changed this record in the meantime: nothing was done. "
                "Check it and try again."
            ),
            "warning",
        )
    except ValidationError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
    else:
        db.session.commit()
        if changed:
            flash(
                _(
                    "Follow-up “%(title)s” assigned to %(name)s.",
                    title=follow_up.title,
                    name=assignee.name,
                ),
                "success",
            )
    return redirect(_back(follow_up.id))


@bp.route("/<id:follow_up_id>/<any(archive, restore, delete):action>", methods=["POST"])
def change_state(follow_up_id: int, action: str):
    return state_change(FollowUp, follow_up_id, action, "followups.index")
