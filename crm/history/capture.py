"""Recording every change to a record as the session flushes it, in the same transaction:
whatever the path (page, API, command line, worker), a change is in the history exactly
when it is in the database.

Operations that are more than an edit (a merge, an import, a workflow step) say so with
``recorded_as``: the entries written inside carry that action and note."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from crm.core.audit import current_actor_id
from crm.core.db import utcnow
from crm.core.records import Audited
from crm.history.models import HistoryAction, HistoryEntry

A = HistoryAction
# Bookkeeping columns: their changes are not news to anyone.
_QUIET = {"id", "version", "created_at", "updated_at", "created_by_id", "updated_by_id"}
_QUIET |= {"sort_key", "last_login_at"}
# Changed, but never shown: only the fact of the change is kept.
_SECRET = {"password_hash"}

_context: ContextVar[tuple[HistoryAction, str | None] | None] = ContextVar(
    "history_context", default=None
)


@contextmanager
def recorded_as(action: HistoryAction, note: str | None = None) -> Iterator[None]:
    """Changes flushed inside are recorded as ``action`` (with ``note``), not as edits."""
    token = _context.set((action, note))
    try:
        yield
    finally:
        _context.reset(token)


def install() -> None:
    if not event.contains(Session, "after_flush", _record):
        event.listen(Session, "after_flush", _record)


def shown(value) -> object:
    """A value as JSON keeps it and people read it."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    label = getattr(value, "history_label", None) or getattr(value, "label", None)
    return label if isinstance(label, str) else str(value)


def _relationships(mapper) -> tuple[dict, dict]:
    """Many-to-one relationships by their foreign key column, and collections by name."""
    by_column, collections = {}, {}
    for relationship in mapper.relationships:
        if relationship.viewonly:
            continue
        if relationship.direction.name == "MANYTOONE":
            for column in relationship.local_columns:
                by_column[column.key] = relationship
        elif relationship.uselist:
            collections[relationship.key] = relationship
    return by_column, collections


def _target_label(session: Session, relationship, identity) -> object:
    if identity is None:
        return None
    with session.no_autoflush:
        target = session.get(relationship.mapper.class_, identity)
    return shown(target) if target is not None else f"#{identity}"


def _changes(session: Session, obj, created: bool) -> dict:
    state = sa.inspect(obj)
    by_column, collections = _relationships(state.mapper)
    changes: dict = {}
    for column in state.mapper.column_attrs:
        key = column.key
        if key in _QUIET:
            continue
        history = state.attrs[key].history
        if created:
            before, after = None, state.attrs[key].value
            if after is None:
                continue
        elif not history.has_changes():
            continue
        else:
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before == after:
                continue
        if key in _SECRET:
            changes[key] = ["•", "•"]
        elif key in by_column:
            relationship = by_column[key]
            changes[relationship.key] = [
                _target_label(session, relationship, before),
                _target_label(session, relationship, after),
            ]
        else:
            changes[key] = [shown(before), shown(after)]
    for key in collections:
        history = state.attrs[key].history
        if history.added or history.deleted:
            removed, added = _names(history.deleted), _names(history.added)
            if removed != added:
                changes[key] = [removed, added]
    return changes


def _names(items) -> list[str]:
    """Members of a collection by name; rows that have none (an agreement's workflow
    steps, kept in a history of their own) are left out."""
    names = []
    for item in items:
        name = getattr(item, "history_label", None) or getattr(item, "label", None)
        if isinstance(name, str) and name:
            names.append(name)
    return sorted(names)


def _action(obj, default: HistoryAction, changes: dict) -> HistoryAction:
    context = _context.get()
    # What a workflow step creates (a renewal's draft) is created, not stepped.
    if context is not None and not (default == A.CREATE and context[0] == A.TRANSITION):
        return context[0]
    if default == A.UPDATE and set(changes) == {"archived_at"}:
        return A.RESTORE if changes["archived_at"][1] is None else A.ARCHIVE
    return default


def _entry(obj, action: HistoryAction, changes: dict, actor: int | None) -> dict:
    context = _context.get()
    return {
        "at": utcnow(),
        "actor_id": actor,
        "action": _action(obj, action, changes),
        "record_type": obj.__tablename__,
        "record_id": obj.id,
        "label": str(shown(obj))[:300],
        "changes": changes,
        "note": context[1] if context else None,
    }


def _record(session: Session, _flush_context) -> None:
    actor = current_actor_id()
    entries = []
    for obj in session.new:
        if isinstance(obj, Audited):
            entries.append(_entry(obj, A.CREATE, _changes(session, obj, True), actor))
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj):
            changes = _changes(session, obj, False)
            if changes:
                entries.append(_entry(obj, A.UPDATE, changes, actor))
    for obj in session.deleted:
        if isinstance(obj, Audited):
            entries.append(_entry(obj, A.DELETE, {}, actor))
    if entries:
        session.connection().execute(sa.insert(HistoryEntry), entries)
