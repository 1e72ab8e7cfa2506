"""The pairs found, kept per process until the data they come from changes.

Finding compares every block of records (about a second for 200,000 contacts); the list
pages through the same result many times. A cheap stamp of the tables involved (row
count, highest id, latest change) tells when to find again; visibility depends only on
the user's institution, so the result is kept per institution.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import sqlalchemy as sa

from crm.contacts.models import ContactEmail
from crm.duplicates.models import DuplicateDismissal
from crm.extensions import db

_lock = threading.Lock()
_found: dict[tuple, tuple[tuple, list]] = {}
_SIZE = 32  # entries kept: two kinds for each institution, with room to spare


def _stamp(model) -> tuple:
    columns = [sa.func.count(), sa.func.max(model.id)]
    if hasattr(model, "updated_at"):
        columns.append(sa.func.max(model.updated_at))
    return tuple(db.session.execute(sa.select(*columns).select_from(model)).one())


def pairs(find: Callable, model, user) -> list:
    """``find(user)``, or its last result when nothing it reads has changed since."""
    stamp = (_stamp(model), _stamp(DuplicateDismissal), _stamp(ContactEmail))
    key = (db.engine.url.render_as_string(), find.__qualname__, user.institution_id)
    with _lock:
        known = _found.get(key)
    if known and known[0] == stamp:
        return known[1]
    found = find(user)
    with _lock:
        if len(_found) >= _SIZE:
            _found.clear()
        _found[key] = (stamp, found)
    return found
