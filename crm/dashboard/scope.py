"""What a dashboard or a board report is about: who looks, which member, which period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import url_for

from crm.dashboard.period import Period
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.users.models import User


@dataclass(frozen=True)
class Figure:
    """A number and the list that shows the records it counts."""

    value: int
    url: str


@dataclass(frozen=True)
class Scope:
    user: User
    institution: MemberInstitution | None  # None: the whole consortium
    period: Period
    today: date

    @property
    def code(self) -> str | None:
        return self.institution.code if self.institution else None

    def filters(self, **more) -> dict:
        """The list filters of this scope (the member institution) plus ``more``."""
        return {"institution": self.code, **more}

    def link(self, endpoint: str, **args) -> str:
        """The list behind a figure: the scope's institution and ``args``."""
        return list_url(endpoint, self.filters(**args))


def list_url(endpoint: str, filters: dict) -> str:
    """A list's address with ``filters`` in its query string (empty ones left out)."""
    return url_for(endpoint, **{k: v for k, v in filters.items() if v not in (None, "")})


def count_of(query: sa.Select) -> int:
    """How many rows ``query`` gives, counted by the database."""
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )


def counts(query: sa.Select, *keys) -> dict:
    """``query``'s rows counted by the database per ``keys``: column names of its rows, or
    functions of its subquery giving an expression ({key, or tuple of keys: count})."""
    found = query.order_by(None).subquery()
    columns = [key(found) if callable(key) else found.c[key] for key in keys]
    rows = db.session.execute(sa.select(*columns, sa.func.count()).group_by(*columns)).all()
    return {(row[0] if len(keys) == 1 else tuple(row[:-1])): row[-1] for row in rows}
