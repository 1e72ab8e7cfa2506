"""Sort keys: names in lower case without accents, so lists sort "École" among the E's.

Revision ID: 0003
Revises: 0002
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fill(table: str, columns: tuple[str, ...]) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table}")).all()
    for row in rows:
        key = _fold(" ".join(part for part in row[1:] if part).strip())
        connection.execute(
            sa.text(f"UPDATE {table} SET sort_key = :key WHERE id = :id"),
            {"key": key, "id": row[0]},
        )


def upgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sort_key", sa.String(length=250), nullable=True))
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sort_key", sa.String(length=300), nullable=True))
    _fill("contacts", ("family_name", "given_name"))
    _fill("organizations", ("name",))
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.alter_column("sort_key", existing_type=sa.String(length=250), nullable=False)
        batch_op.drop_index(batch_op.f("ix_contacts_family_name"))
        batch_op.create_index(batch_op.f("ix_contacts_sort_key"), ["sort_key"], unique=False)
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.alter_column("sort_key", existing_type=sa.String(length=300), nullable=False)
        batch_op.create_index(batch_op.f("ix_organizations_sort_key"), ["sort_key"], unique=False)


def downgrade():
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organizations_sort_key"))
        batch_op.drop_column("sort_key")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_sort_key"))
        batch_op.create_index(batch_op.f("ix_contacts_family_name"), ["family_name"], unique=False)
        batch_op.drop_column("sort_key")
