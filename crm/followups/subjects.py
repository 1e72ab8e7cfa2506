"""The record a follow-up is about, named by the query parameters of the pages that link
to the follow-up form (``?contact_id=12``, ``?exchange_id=3``…)."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa

from crm.core.permissions import get_visible_or_404
from crm.followups.models import SUBJECT_COLUMNS, FollowUp


def subject_model(name: str) -> type:
    return sa.inspect(FollowUp).relationships[name].mapper.class_


def subject_from_args(args: Mapping) -> tuple[str, object] | None:
    """The first ``<name>_id`` argument that names a record, as (name, record).

    A record the user may not see answers 404, as its own page would; a value that is not
    a number names nothing.
    """
    for name in SUBJECT_COLUMNS:
        raw = (args.get(f"{name}_id") or "").strip()
        if raw.isdecimal():
            return name, get_visible_or_404(subject_model(name), int(raw))
    return None


def subject_args(follow_up: FollowUp) -> dict[str, int]:
    """The query argument that names the follow-up's subject, to prepare a similar one."""
    for name in SUBJECT_COLUMNS:
        value = getattr(follow_up, f"{name}_id")
        if value is not None:
            return {f"{name}_id": value}
    return {}
