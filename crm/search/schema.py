"""The parts of the search index that are the database's own (made by migration 0004),
which the models do not describe."""

from __future__ import annotations

import sqlalchemy as sa

SQLITE_TABLE = "search_index"  # FTS5, with its shadow tables search_index_*
POSTGRES_COLUMN = "tsv"
# The FTS5 table as SQLAlchemy sees it: its rowid is the search document's id.
sqlite_index = sa.table(SQLITE_TABLE, sa.column("rowid"), sa.column("title"), sa.column("body"))


def include_name(name, type_, parent_names) -> bool:
    """For Alembic's comparison of models and database: leave these parts out."""
    if type_ == "table" and name and name.startswith(SQLITE_TABLE):
        return False
    if type_ == "column" and name == POSTGRES_COLUMN:
        return parent_names.get("table_name") != "search_documents"
    return not (type_ == "index" and name == "ix_search_documents_tsv")
