"""Missions and the meetings held during them, for tests; each commits and returns it."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from crm.extensions import db
from crm.interactions.models import Interaction
from crm.missions.models import Mission

_n = itertools.count(1)


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def mission(institution, name=None, country="MA", starts_on=date(2026, 3, 21), **values):
    values.setdefault("ends_on", starts_on)
    return _save(
        Mission(
            name=name or f"Mission {next(_n)}",
            country=country,
            starts_on=starts_on,
            institution=institution,
            **values,
        )
    )


def meeting(mission, contacts, staff, at=datetime(2026, 3, 23, 14, tzinfo=UTC), **values):
    values.setdefault("institution", mission.institution)
    return _save(
        Interaction(
            kind="meeting",
            subject=values.pop("subject", f"Rencontre {next(_n)}"),
            occurred_at=at,
            mission_id=mission.id,
            contacts=list(contacts),
            staff=list(staff),
            **values,
        )
    )
