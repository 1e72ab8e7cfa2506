"""One row per searchable record: its title and text, and who may see it.

The full-text index itself is the database's own: an FTS5 table ``search_index`` on SQLite,
a generated ``tsv`` column with a GIN index on PostgreSQL (made by migration 0004; see
``schema.py``). Both are kept in sync on every write (``index.py``).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from crm.core.db import str_enum
from crm.core.records import Visibility
from crm.extensions import db


class SearchDocument(db.Model):
    __tablename__ = "search_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    record_id: Mapped[int]
    institution_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member_institutions.id", ondelete="CASCADE")
    )
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility, "visibility"))
    is_archived: Mapped[bool] = mapped_column(default=False)
    title: Mapped[str] = mapped_column(sa.String(400))
    body: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (sa.UniqueConstraint("kind", "record_id"),)
