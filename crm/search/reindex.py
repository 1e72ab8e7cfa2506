"""Rebuilding the whole search index: after a bulk load, or when it is empty at start."""

from __future__ import annotations

import sqlalchemy as sa

from crm.extensions import db
from crm.search.documents import DOCUMENTS, LOAD
from crm.search.models import SearchDocument
from crm.search.schema import sqlite_index

BATCH = 2000


def reindex() -> int:
    """Rewrite every searchable record's document, in batches; returns how many.
    Flushes, does not commit."""
    connection = db.session.connection()
    sqlite = connection.dialect.name == "sqlite"
    documents = SearchDocument.__table__
    connection.execute(documents.delete())
    if sqlite:
        connection.execute(sqlite_index.delete())
    count = 0
    for model, (kind, describe) in DOCUMENTS.items():
        last_id = 0
        while True:
            batch = db.session.scalars(
                sa.select(model)
                .where(model.id > last_id)
                .order_by(model.id)
                .options(*LOAD[model])
                .limit(BATCH)
            ).all()
            if not batch:
                break
            rows = []
            for offset, record in enumerate(batch, start=count + 1):
                title, body = describe(record)
                rows.append(
                    {
                        "id": offset,
                        "kind": kind,
                        "record_id": record.id,
                        "institution_id": record.institution_id,
                        "visibility": record.visibility,
                        "is_archived": record.archived_at is not None,
                        "title": title[:400],
                        "body": body,
                    }
                )
            connection.execute(documents.insert(), rows)
            if sqlite:
                connection.execute(
                    sqlite_index.insert(),
                    [{"rowid": r["id"], "title": r["title"], "body": r["body"]} for r in rows],
                )
            count += len(batch)
            last_id = batch[-1].id
            db.session.expunge_all()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence('search_documents', 'id'), "
            "(SELECT coalesce(max(id), 0) + 1 FROM search_documents), false)"
        )
    return count


def is_empty() -> bool:
    return db.session.scalar(sa.select(SearchDocument.id).limit(1)) is None
