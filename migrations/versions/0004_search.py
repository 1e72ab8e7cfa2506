"""Full-text search: a document per searchable record, indexed by the database's own
engine (FTS5 on SQLite; tsvector with an accent-folding GIN index on PostgreSQL).
The documents are written by `crm init` (and `crm search reindex`) and on every write.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')"
)
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """CREATE OR REPLACE FUNCTION crm_unaccent(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
    """ALTER TABLE search_documents ADD COLUMN tsv tsvector
       GENERATED ALWAYS AS (
         setweight(to_tsvector('simple', crm_unaccent(title)), 'A') ||
         setweight(to_tsvector('simple', crm_unaccent(coalesce(body, ''))), 'B')
       ) STORED""",
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING gin (tsv)",
]


def upgrade():
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column(
            "visibility",
            sa.Enum("consortium", "member", name="visibility", native_enum=False,
                    create_constraint=True),
            nullable=False,
        ),
        sa.Column("is_archived", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["institution_id"], ["member_institutions.id"],
            name=op.f("fk_search_documents_institution_id_member_institutions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
        sa.UniqueConstraint("kind", "record_id", name=op.f("uq_search_documents_kind_record_id")),
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_CREATE:
            op.execute(statement)
    else:
        op.execute(SQLITE_CREATE)


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    if not postgresql:
        op.execute("DROP TABLE IF EXISTS search_index")
    op.drop_table("search_documents")  # with its tsv column and index on PostgreSQL
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS crm_unaccent(text)")
