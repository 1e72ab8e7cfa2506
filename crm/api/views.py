"""Steps the API's views share: values for a new record or a partial change, archiving
through the ``archived`` field, deleting, and checking a role before reading the body."""

from __future__ import annotations

from functools import wraps

from flask_login import current_user

from crm.api import responses
from crm.core import archiving
from crm.core.permissions import can_delete, can_edit, get_visible_or_404, require


def new_values(values: dict, names, model) -> dict:
    """Every field an operation expects, missing ones as None; the model's own default
    visibility when none is given."""
    full = {name: values.get(name) for name in names}
    if "visibility" in full and full["visibility"] is None:
        full["visibility"] = model.initial_visibility(full)
    return full


def changed_values(record, values: dict, names, current=None) -> dict:
    """The record's values (``current(record)``, else its attributes) with those sent."""
    now = current(record) if current else {name: getattr(record, name) for name in names}
    return {name: values[name] if name in values else now[name] for name in names}


def set_archived(record, archived: bool | None) -> None:
    """Archive or restore as a PATCH's ``archived`` asks; nothing when it already is."""
    if archived is None or archived == record.is_archived:
        return
    (archiving.archive if archived else archiving.restore)(record, record.version)


def editable(model, id_arg: str):
    """Load the record and check the caller may edit it before the body is read, so that
    someone who may not act is told so (403) rather than how to fix the body."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            require(can_edit(current_user, get_visible_or_404(model, kwargs[id_arg])))
            return view(*args, **kwargs)

        return wrapper

    return decorator


def creating(check):
    """Check the caller may create (``check(user)``) before the body is read."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            require(check(current_user))
            return view(*args, **kwargs)

        return wrapper

    return decorator


def delete(model, record_id: int):
    """The DELETE of a record: its owner (or an admin) deletes, at the expected version."""
    record = get_visible_or_404(model, record_id)
    require(can_delete(current_user, record))
    archiving.delete(record, responses.expected_version(record))
    return responses.no_content()
