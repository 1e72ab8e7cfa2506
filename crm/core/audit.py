"""Stamps who created and last changed every record, in one place for every write path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from crm.core.records import Audited

_actor_id: ContextVar[int | None] = ContextVar("actor_id", default=None)


@contextmanager
def acting_as(user_id: int | None) -> Iterator[None]:
    """Attribute writes outside a request (command line, worker) to a user."""
    token = _actor_id.set(user_id)
    try:
        yield
    finally:
        _actor_id.reset(token)


def current_actor_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return _actor_id.get()


def install() -> None:
    if not event.contains(Session, "before_flush", _stamp):
        event.listen(Session, "before_flush", _stamp)


def _stamp(session: Session, _context, _instances) -> None:
    actor = current_actor_id()
    if actor is None:
        return
    for obj in session.new:
        if isinstance(obj, Audited):
            obj.created_by_id = obj.created_by_id or actor
            obj.updated_by_id = actor
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj, include_collections=False):
            obj.updated_by_id = actor
