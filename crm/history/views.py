"""A record's history (the "History" tab of its page) and the admins' filtered history."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from crm.core.forms import filter_values
from crm.core.listing import page_number, paginate
from crm.core.permissions import can_manage_users, can_view_history, require
from crm.core.records import label_seen_by
from crm.core.urls import record_url
from crm.extensions import db
from crm.history import queries
from crm.history.forms import HistoryFilters
from crm.history.labels import RECORD_LABELS, field_label, record_label
from crm.history.records import model_of, shown_note, shown_value

bp = Blueprint("history", __name__)
bp.add_app_template_global(field_label, "history_field")
bp.add_app_template_global(record_label, "history_record")
bp.add_app_template_global(shown_value, "history_value")
bp.add_app_template_global(shown_note, "history_note")


_TYPES = ", ".join(RECORD_LABELS)


@bp.route(f"/history/<any({_TYPES}):record_type>/<id:record_id>")
def record(record_type: str, record_id: int):
    model = model_of(record_type)
    if model is None:
        abort(404)
    found = db.session.get(model, record_id)
    if not can_view_history(current_user, found):
        abort(404)  # as its page: a record one may not see does not exist
    page = paginate(
        queries.of_record(record_type, record_id, current_user),
        page_number(request.args.get("page")),
    )
    if found is None and not page.total:
        abort(404)
    return render_template(
        "history/record.html",
        record=found,
        record_type=record_type,
        record_id=record_id,
        record_page=record_url(found) if found is not None else None,
        label=label_seen_by(found, current_user) if found is not None else page.items[0].label,
        page=page,
    )


@bp.route("/admin/history/")
def admin():
    require(can_manage_users(current_user))
    filters = HistoryFilters(request.args)
    page = paginate(
        queries.filtered(filter_values(filters), current_user),
        page_number(request.args.get("page")),
    )
    return render_template("history/admin.html", filters=filters, page=page)
