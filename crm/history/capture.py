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
from crm.core.records import Audited, Visibility, label_seen_by
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


class _Outsider:
    """A reader of no member institution: sees only what the whole consortium sees."""

    institution_id = None


def _linked(target) -> object:
    """A linked record as the history keeps it: its name, and for a private one the
    institution it is private to, so that the pages show it to that institution only."""
    name = shown(target)
    if getattr(target, "visibility", None) == Visibility.MEMBER:
        return {"label": name, "private_to": target.institution_id}
    return name


def _entry_label(obj) -> str:
    """The record's name for its entries; a name built from linked records (an exchange's
    student) keeps only what the whole consortium may see."""
    named = label_seen_by(obj, _Outsider()) if hasattr(obj, "label_for") else shown(obj)
    return str(named)[:300]


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
    return _linked(target) if target is not None else f"#{identity}"


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


def _names(items) -> list:
    """Members of a collection by name (private ones with their institution); rows that
    have none (an agreement's workflow steps, kept in a history of their own) are left
    out."""
    names = []
    for item in items:
        name = getattr(item, "history_label", None) or getattr(item, "label", None)
        if isinstance(name, str) and name:
            names.append(_linked(item))
    return sorted(names, key=lambda name: name["label"] if isinstance(name, dict) else name)


def _action(obj, default: HistoryAction, changes: dict) -> HistoryAction:
    context = _context.get()
    # What a workflow step creates (a renewal's draft) is created, not stepped.
    if context is not None and not (default == A.CREATE and context[0] == A.TRANSITION):
        return context[0]
    if default == A.UPDATE and set(changes) == {"archived_at"}:
        return A.RESTORE if changes["archived_at"][1] is None else A.ARCHIVE
    return default


def about(obj) -> dict:
    """The columns of an entry that say which record it is about (for entries written
    by hand: a view, an export, a merge that changed nothing of the kept record)."""
    return {
        "record_type": obj.__tablename__,
        "record_id": obj.id,
        "label": _entry_label(obj),
        # Whose the record is, and whether only they see it: the admins' history and a
        # deleted record's show another institution's private records to nobody else.
        "institution_id": getattr(obj, "institution_id", None),
        "is_private": getattr(obj, "visibility", None) == Visibility.MEMBER,
    }


def _entry(obj, action: HistoryAction, changes: dict, actor: int | None) -> dict:
    context = _context.get()
    return about(obj) | {
        "at": utcnow(),
        "actor_id": actor,
        "action": _action(obj, action, changes),
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
