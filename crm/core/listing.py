"""Lists: sorting by a whitelisted column, and pages counted in the database."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from crm.extensions import db

PER_PAGE = 50
MAX_PER_PAGE = 200


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.per_page, self.total)


def page_number(raw, pages: int | None = None) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    number = max(1, min(number, 1_000_000))
    return min(number, pages) if pages else number


def paginate(query: sa.Select, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of ``query``'s rows; the total is counted by the database."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )
    page = max(1, min(page, math.ceil(total / per_page) or 1))
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(items=list(items), page=page, per_page=per_page, total=total)


def sort(
    query: sa.Select,
    key: str | None,
    columns: Mapping[str, sa.ColumnElement],
    default: str,
    tiebreak: sa.ColumnElement,
) -> tuple[sa.Select, str]:
    """Order by ``key`` ("name" or "-name" for descending) when it is one of ``columns``."""
    key = key if key and key.lstrip("-") in columns else default
    column = columns[key.lstrip("-")]
    order = column.desc() if key.startswith("-") else column.asc()
    return query.order_by(order, tiebreak.desc() if key.startswith("-") else tiebreak), key
