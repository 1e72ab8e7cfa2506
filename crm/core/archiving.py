"""Archiving hides a record from lists without losing it; deleting removes it for good,
and is refused while other records depend on it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from crm.core.db import utcnow
from crm.core.errors import ConflictError, ValidationError, check_version
from crm.extensions import db


def archive(record, expected_version) -> None:
    check_version(record, expected_version)
    record.archived_at = utcnow()
    db.session.flush()


def restore(record, expected_version) -> None:
    check_version(record, expected_version)
    record.archived_at = None
    db.session.flush()


def delete(record, expected_version) -> None:
    check_version(record, expected_version)
    try:
        with db.session.begin_nested():
            db.session.delete(record)
            db.session.flush()
    except IntegrityError:
        raise ValidationError(
            "record",
            _l(
                "Other records (agreements, exchanges, projects…) still refer to this one: "
                "archive it instead."
            ),
        ) from None


__all__ = ["ConflictError", "archive", "delete", "restore"]
