"""The home page: the signed-in user's open follow-ups, overdue first; for directors, the
dashboard."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from crm.core.clock import today
from crm.followups.queries import open_follow_ups_for
from crm.users.models import Role

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if current_user.role == Role.DIRECTOR:  # directors start from where things stand
        return redirect(url_for("dashboard.index"))
    day = today()
    follow_ups = open_follow_ups_for(current_user)
    overdue = [f for f in follow_ups if f.due_on < day]
    upcoming = [f for f in follow_ups if f.due_on >= day]
    return render_template("home/index.html", overdue=overdue, upcoming=upcoming, today=day)


@bp.route("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="img/favicon.svg"), code=301)
