"""Searching: the user's words become quoted prefix terms (never query syntax), matched by
the database's full-text engine without regard to case or accents, ranked, and limited
to what the user may see.

Ranking every match of a common word costs time in proportion to the matches (tens of
thousands at 200,000 contacts). So records whose title holds every word come first,
ranked; the others follow, ranked when they are few, newest first when they are many.
"""

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
RANK_AT_MOST = 2000  # more matches than this are listed newest first, unranked
_WORD = re.compile(r"\w+", re.UNICODE)
_d = SearchDocument


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


def search(user: User, text: str, limit: int = 50, kind: str | None = None) -> list[Hit]:
    words = terms(text)
    if not words:
        return []
    engine = _Postgres(words) if db.engine.dialect.name == "postgresql" else _Sqlite(words)
    hits = _run(engine.title_matches(), user, kind, limit, engine.rank)
    if len(hits) < limit:
        matches = engine.all_matches()
        found = {(h.kind, h.record_id) for h in hits}
        rank = engine.rank if _count(matches, user, kind) <= RANK_AT_MOST else _d.id.desc()
        hits += [
            h for h in _run(matches, user, kind, limit, rank) if (h.kind, h.record_id) not in found
        ][: limit - len(hits)]
    return sorted(hits, key=lambda hit: hit.is_archived)  # stable: archived ones last


def _filtered(statement: sa.Select, user: User, kind: str | None) -> sa.Select:
    visible = sa.or_(
        _d.visibility == Visibility.CONSORTIUM, _d.institution_id == user.institution_id
    )
    statement = statement.where(visible)
    return statement.where(_d.kind == kind) if kind else statement


def _run(statement: sa.Select, user, kind, limit, rank) -> list[Hit]:
    statement = _filtered(statement, user, kind).order_by(_d.is_archived, rank, _d.title)
    return [Hit(*row) for row in db.session.execute(statement.limit(limit))]


def _count(statement: sa.Select, user, kind) -> int:
    counted = _filtered(statement, user, kind).with_only_columns(_d.id).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(counted))


class _Sqlite:
    """FTS5: each word a quoted prefix; bm25 weighs the title ten times the body."""

    rank = sa.text(f"bm25({SQLITE_TABLE}, 10.0, 1.0)")

    def __init__(self, words: list[str]):
        self.words = ['"{}"*'.format(w.replace('"', '""')) for w in words]

    def _matching(self, expression: str) -> sa.Select:
        return (
            sa.select(_d.kind, _d.record_id, _d.title, _d.is_archived)
            .join(sqlite_index, sqlite_index.c.rowid == _d.id)
            .where(sa.text(f"{SQLITE_TABLE} MATCH :match").bindparams(match=expression))
        )

    def title_matches(self) -> sa.Select:
        return self._matching(" AND ".join(f"title : {w}" for w in self.words))

    def all_matches(self) -> sa.Select:
        return self._matching(" ".join(self.words))


class _Postgres:
    """tsvector: each word a prefix lexeme; the title is weight A."""

    def __init__(self, words: list[str]):
        self.tsv = sa.literal_column(f"search_documents.{POSTGRES_COLUMN}")
        self.words = words
        self.query = sa.func.to_tsquery("simple", " & ".join(f"'{w}':*" for w in words))
        self.rank = sa.func.ts_rank_cd(self.tsv, self.query).desc()

    def _matching(self, query) -> sa.Select:
        return sa.select(_d.kind, _d.record_id, _d.title, _d.is_archived).where(
            self.tsv.op("@@")(query)
        )

    def title_matches(self) -> sa.Select:
        return self._matching(
            sa.func.to_tsquery("simple", " & ".join(f"'{w}':*A" for w in self.words))
        )

    def all_matches(self) -> sa.Select:
        return self._matching(self.query)


def matching_ids(kind: str, text: str) -> sa.Select | None:
    """The ids of the records of ``kind`` whose document holds every word of ``text``
    (prefixes, any case or accents): for the text filter of a list. None: no words."""
    words = terms(text)
    if not words:
        return None
    engine = _Postgres(words) if db.engine.dialect.name == "postgresql" else _Sqlite(words)
    return engine.all_matches().with_only_columns(_d.record_id).where(_d.kind == kind)
