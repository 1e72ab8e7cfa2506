"""Keeps the search index in step with every write, in the same transaction.

After each flush, the documents of the searchable records that were added, changed or
deleted are rewritten. A document may hold words of linked records (a contact's
organization, an agreement's partners, an exchange's student and partner: see
``documents.shown_in``), so when what it shows of one of those, or who may see it,
changes, the documents that link to it are rewritten too.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from crm.agreements.models import Agreement, agreement_organization_parties
from crm.contacts.models import Contact
from crm.exchanges.models import StudentExchange
from crm.organizations.models import Organization
from crm.search.documents import DOCUMENTS
from crm.search.models import SearchDocument
from crm.search.schema import sqlite_index

_documents = SearchDocument.__table__


def install() -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def _after_flush(session: Session, _context) -> None:
    changed = [o for o in (*session.new, *session.dirty) if type(o) in DOCUMENTS]
    deleted = [o for o in session.deleted if type(o) in DOCUMENTS]
    for record in [r for r in session.dirty if _shown_words_changed(r)]:
        changed += _linking_to(session, record)
    if not changed and not deleted:
        return
    connection = session.connection()
    for record in deleted:
        _remove(connection, DOCUMENTS[type(record)][0], record.id)
    for record in {id(r): r for r in changed}.values():
        write(connection, record)


# What documents show of a linked record, or decides whether they may show it.
_SHOWN = {
    Organization: ("name", "acronym", "city", "country", "visibility", "institution_id"),
    Contact: ("given_name", "family_name", "visibility", "institution_id"),
}


def _shown_words_changed(record) -> bool:
    names = _SHOWN.get(type(record), ())
    attrs = sa.inspect(record).attrs
    return any(attrs[name].history.has_changes() for name in names)


def _linking_to(session: Session, record) -> list:
    """The searchable records whose documents may hold words of ``record``."""
    if isinstance(record, Contact):
        return list(
            session.scalars(
                sa.select(StudentExchange).where(StudentExchange.student_id == record.id)
            )
        )
    parties = sa.select(agreement_organization_parties.c.agreement_id).where(
        agreement_organization_parties.c.organization_id == record.id
    )
    return [
        *session.scalars(sa.select(Contact).where(Contact.organization_id == record.id)),
        *session.scalars(sa.select(Agreement).where(Agreement.id.in_(parties))),
        *session.scalars(
            sa.select(StudentExchange).where(StudentExchange.partner_organization_id == record.id)
        ),
    ]


def _remove(connection, kind: str, record_id: int) -> None:
    row_id = connection.scalar(
        sa.select(_documents.c.id).where(
            _documents.c.kind == kind, _documents.c.record_id == record_id
        )
    )
    if row_id is None:
        return
    connection.execute(_documents.delete().where(_documents.c.id == row_id))
    if connection.dialect.name == "sqlite":
        connection.execute(sqlite_index.delete().where(sqlite_index.c.rowid == row_id))


def write(connection, record) -> None:
    """Write (or rewrite) the record's search document: one upsert, so that two
    transactions writing the same record's document never collide on its key."""
    kind, describe = DOCUMENTS[type(record)]
    title, body = describe(record)
    values = {
        "kind": kind,
        "record_id": record.id,
        "institution_id": record.institution_id,
        "visibility": record.visibility,
        "is_archived": record.archived_at is not None,
        "title": title[:400],
        "body": body,
    }
    dialect_insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(_documents).values(values)
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "record_id"],
        set_={name: statement.excluded[name] for name in values if name not in _KEY},
    ).returning(_documents.c.id)
    row_id = connection.execute(statement).scalar_one()
    if connection.dialect.name == "sqlite":
        connection.execute(sqlite_index.delete().where(sqlite_index.c.rowid == row_id))
        connection.execute(sqlite_index.insert().values(rowid=row_id, title=title, body=body))


_KEY = {"kind", "record_id"}
