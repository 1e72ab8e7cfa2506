"""Rebuilding the whole search index: after a bulk load, or when it is empty at start."""

from __future__ import annotations

import sqlalchemy as sa

from crm.extensions import db
from crm.search.documents import DOCUMENTS
from crm.search.index import write
from crm.search.models import SearchDocument
from crm.search.schema import sqlite_index

BATCH = 1000


def reindex() -> int:
    """Rewrite every searchable record's document; returns how many. Flushes, no commit."""
    connection = db.session.connection()
    connection.execute(SearchDocument.__table__.delete())
    if connection.dialect.name == "sqlite":
        connection.execute(sqlite_index.delete())
    count = 0
    for model in DOCUMENTS:
        last_id = 0
        while True:
            batch = db.session.scalars(
                sa.select(model).where(model.id > last_id).order_by(model.id).limit(BATCH)
            ).all()
            if not batch:
                break
            for record in batch:
                write(connection, record)
            count += len(batch)
            last_id = batch[-1].id
            db.session.expunge_all()
    return count


def is_empty() -> bool:
    return db.session.scalar(sa.select(SearchDocument.id).limit(1)) is None
