"""Saying that two records are not duplicates. Operations flush; views commit."""

from __future__ import annotations

import sqlalchemy as sa

from crm.duplicates.models import DuplicateDismissal, DuplicateKind, ordered
from crm.extensions import db


def dismiss(kind: DuplicateKind, a: int, b: int, user) -> DuplicateDismissal:
    """Record the pair once; saying it again changes nothing."""
    low, high = ordered(a, b)
    dismissal = db.session.scalar(
        sa.select(DuplicateDismissal).where(
            DuplicateDismissal.kind == kind,
            DuplicateDismissal.low_id == low,
            DuplicateDismissal.high_id == high,
        )
    )
    if dismissal is None:
        dismissal = DuplicateDismissal(kind=kind, low_id=low, high_id=high, dismissed_by=user)
        db.session.add(dismissal)
        db.session.flush()
    return dismissal
