"""Searching: the user's words become quoted prefix terms (never query syntax), matched by
the database's full-text engine without regard to case or accents, ranked, and limited
to what the user may see."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from crm.core.countries import fold
from crm.core.records import Visibility
from crm.extensions import db
from crm.search.models import SearchDocument
from crm.search.schema import POSTGRES_COLUMN, SQLITE_TABLE, sqlite_index
from crm.users.models import User

MAX_TERMS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    kind: str
    record_id: int
    title: str
    is_archived: bool


def terms(text: str) -> list[str]:
    """The words of what the user typed, folded (lower case, no accents): punctuation,
    quotes, ``*``, ``-``, ``:`` and operators like NEAR, AND, OR are plain text here."""
    words = [fold(word) for word in _WORD.findall(text or "")]
    return [w for w in dict.fromkeys(words) if w][:MAX_TERMS]


def _visible(user: User):
    d = SearchDocument
    return sa.or_(d.visibility == Visibility.CONSORTIUM, d.institution_id == user.institution_id)


def search(user: User, text: str, limit: int = 50, kind: str | None = None) -> list[Hit]:
    words = terms(text)
    if not words:
        return []
    d = SearchDocument
    if db.engine.dialect.name == "postgresql":
        tsv = sa.literal_column(f"search_documents.{POSTGRES_COLUMN}")
        query = sa.func.to_tsquery("simple", " & ".join(f"'{w}':*" for w in words))
        statement = (
            sa.select(d.kind, d.record_id, d.title, d.is_archived)
            .where(tsv.op("@@")(query))
            .order_by(d.is_archived, sa.func.ts_rank_cd(tsv, query).desc(), d.title)
        )
    else:
        match = " ".join('"{}"*'.format(w.replace('"', '""')) for w in words)
        statement = (
            sa.select(d.kind, d.record_id, d.title, d.is_archived)
            .join(sqlite_index, sqlite_index.c.rowid == d.id)
            .where(sa.text(f"{SQLITE_TABLE} MATCH :match").bindparams(match=match))
            .order_by(d.is_archived, sa.text(f"bm25({SQLITE_TABLE}, 10.0, 1.0)"), d.title)
        )
    statement = statement.where(_visible(user))
    if kind:
        statement = statement.where(d.kind == kind)
    return [Hit(*row) for row in db.session.execute(statement.limit(limit))]
