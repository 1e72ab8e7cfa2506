"""Steps that every record's pages share: saving an edit without overwriting a newer
change, archiving and deleting, and the status code a form page answers with."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.core import archiving
from crm.core.editing import Conflict, describe_conflict
from crm.core.errors import ConflictError, ValidationError
from crm.core.permissions import can_delete, can_edit, get_visible_or_404, require
from crm.core.urls import record_url
from crm.extensions import db


def save_edit(save: Callable[[object], object], submitted: dict, shown=None) -> Conflict | None:
    """Call ``save(version)`` with the version the form carried and commit; on a stale
    version, roll back and return what the other person changed."""
    try:
        save(request.form.get("version"))
    except ConflictError as error:
        db.session.rollback()
        return describe_conflict(error, submitted, shown)
    db.session.commit()
    return None


def form_status(form, conflict: Conflict | None = None) -> int:
    if conflict:
        return 409
    return 422 if form.errors else 200


def archive_action(record, action: str) -> bool:
    """Archive, restore or delete ``record`` as the posted form asks; flash the outcome."""
    operation = {
        "archive": archiving.archive,
        "restore": archiving.restore,
        "delete": archiving.delete,
    }[action]
    try:
        operation(record, request.form.get("version"))
    except ConflictError:
        db.session.rollback()
        flash(
            _(
                "Someone else changed this record in the meantime: nothing was done. "
                "Check it and try again."
            ),
            "warning",
        )
        return False
    except ValidationError as error:
        db.session.rollback()
        flash(str(error.message), "danger")
        return False
    db.session.commit()
    flash(
        {"archive": _("Archived."), "restore": _("Restored."), "delete": _("Deleted.")}[action],
        "success",
    )
    return True


def change_state(model, record_id: int, action: str, list_endpoint: str):
    """The archive / restore / delete route of a record: the owner deletes, editors archive."""
    record = get_visible_or_404(model, record_id)
    require(
        can_delete(current_user, record) if action == "delete" else can_edit(current_user, record)
    )
    if archive_action(record, action) and action == "delete":
        return redirect(url_for(list_endpoint))
    return redirect(record_url(record))
