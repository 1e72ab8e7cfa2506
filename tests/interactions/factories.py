"""Interactions for tests; each is committed and returned."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from crm.extensions import db
from crm.interactions.models import Interaction

_n = itertools.count(1)


def interaction(institution, contacts=(), when=None, subject=None, **values) -> Interaction:
    values.setdefault("kind", "meeting")
    record = Interaction(
        subject=subject or f"Rencontre {next(_n)}",
        occurred_at=when or datetime(2026, 3, 23, 14, 30, tzinfo=UTC),
        institution=institution,
        contacts=list(contacts),
        **values,
    )
    db.session.add(record)
    db.session.commit()
    return record
