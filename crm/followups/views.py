"""Actions on follow-ups from the pages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.core.errors import TransitionError
from crm.core.permissions import can_edit, get_visible_or_404, require
from crm.core.security import safe_next
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.followups.operations import complete

bp = Blueprint("followups", __name__, url_prefix="/follow-ups")


@bp.route("/<int:follow_up_id>/done", methods=["POST"])
def mark_done(follow_up_id: int):
    follow_up = get_visible_or_404(FollowUp, follow_up_id)
    require(can_edit(current_user, follow_up))
    try:
        complete(follow_up)
    except TransitionError:
        db.session.rollback()
        flash(_("This follow-up was already closed."), "warning")
    else:
        db.session.commit()
        flash(_("Follow-up “%(title)s” marked done.", title=follow_up.title), "success")
    return redirect(safe_next(request.form.get("next"), url_for("home.index")))
