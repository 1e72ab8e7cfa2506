"""Admins watch the reminder outbox (counts by status, the rows) and retry failed ones."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm import joinedload
from wtforms import SelectField

from crm.core.forms import choices, filter_values
from crm.core.listing import page_number, paginate
from crm.core.permissions import can_manage_users, require
from crm.core.security import safe_next
from crm.core.urls import page_url
from crm.extensions import db
from crm.projects.models import ProjectMilestone
from crm.reminders import operations
from crm.reminders.labels import RULE_LABELS, STATUS_LABELS, record_label, rule_label
from crm.reminders.models import Reminder, ReminderStatus

bp = Blueprint("reminders_admin", __name__, url_prefix="/admin/reminders")

# A reminder's record_type → the model whose page shows it (crm/core/urls.py).
_PAGES = {
    "follow_up": "FollowUp",
    "agreement": "Agreement",
    "exchange": "StudentExchange",
    "project": "Project",
    "mission": "Mission",
}


class ReminderFilters(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default="")
    rule = SelectField(_l("Rule"), default="")

    def __init__(self, rules, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices([("", _l("All statuses")), *STATUS_LABELS.items()])
        self.rule.choices = choices([("", _l("All rules"))] + [(r, rule_label(r)) for r in rules])


@bp.before_request
def _admins_only():
    require(can_manage_users(current_user))


def _counts() -> dict[ReminderStatus, int]:
    rows = db.session.execute(
        sa.select(Reminder.status, sa.func.count(Reminder.id)).group_by(Reminder.status)
    )
    return {status: 0 for status in ReminderStatus} | dict(rows.all())


def _rules() -> list[str]:
    """The known rules and any other found in the outbox."""
    found = db.session.scalars(sa.select(Reminder.rule).distinct())
    return sorted(set(RULE_LABELS) | set(found), key=rule_label)


def _links(reminders: list[Reminder]) -> dict[int, str | None]:
    """Each reminder's record page, when there is one (a milestone's is its project's)."""
    milestones = [r.record_id for r in reminders if r.record_type == "milestone"]
    projects = dict(
        db.session.execute(
            sa.select(ProjectMilestone.id, ProjectMilestone.project_id).where(
                ProjectMilestone.id.in_(milestones)
            )
        ).all()
        if milestones
        else ()
    )
    links = {}
    for r in reminders:
        if r.record_type == "milestone":
            project_id = projects.get(r.record_id)
            links[r.id] = page_url("Project", project_id) if project_id else None
        else:
            links[r.id] = page_url(_PAGES.get(r.record_type, ""), r.record_id)
    return links


@bp.route("/")
def index():
    filters = ReminderFilters(_rules(), request.args)
    chosen = filter_values(filters)
    query = sa.select(Reminder).options(joinedload(Reminder.recipient))
    if chosen.get("status"):
        query = query.where(Reminder.status == ReminderStatus(chosen["status"]))
    if chosen.get("rule"):
        query = query.where(Reminder.rule == chosen["rule"])
    query = query.order_by(Reminder.created_at.desc(), Reminder.id.desc())
    page = paginate(query, page_number(request.args.get("page")))
    return render_template(
        "reminders_admin/index.html",
        counts=_counts(),
        filters=filters,
        page=page,
        links=_links(page.items),
        rule_label=rule_label,
        record_label=record_label,
    )


def _back() -> str:
    return safe_next(request.form.get("next"), url_for("reminders_admin.index"))


@bp.route("/<id:reminder_id>/retry", methods=["POST"])
def retry(reminder_id: int):
    reminder = db.get_or_404(Reminder, reminder_id)
    if operations.retry(reminder):
        db.session.commit()
        flash(_("The reminder is queued again; it is sent within a minute."), "success")
    else:
        flash(_("Only a failed reminder can be retried."), "warning")
    return redirect(_back())


@bp.route("/retry-failed", methods=["POST"])
def retry_failed():
    count = operations.retry_failed()
    db.session.commit()
    if count:
        flash(
            _(
                "Failed reminders queued again: %(count)s. They are sent within a minute.",
                count=count,
            ),
            "success",
        )
    else:
        flash(_("No failed reminder to retry."), "info")
    return redirect(_back())
