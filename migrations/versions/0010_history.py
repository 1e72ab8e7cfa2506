"""The history of every record: who changed what, when, from what to what.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 05:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ACTIONS = (
    "create",
    "update",
    "delete",
    "archive",
    "restore",
    "transition",
    "merge",
    "import",
    "anonymize",
    "export",
    "view",
)


def upgrade():
    op.create_table(
        "history_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "action",
            sa.Enum(
                *ACTIONS,
                name="history_action",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("is_private", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_history_entries_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["member_institutions.id"],
            name=op.f("fk_history_entries_institution_id_member_institutions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_entries")),
    )
    op.create_index("ix_history_entries_actor_id", "history_entries", ["actor_id"])
    op.create_index("ix_history_entries_at", "history_entries", ["at"])
    op.create_index(
        "ix_history_entries_record", "history_entries", ["record_type", "record_id", "at"]
    )


def downgrade():
    op.drop_index("ix_history_entries_record", table_name="history_entries")
    op.drop_index("ix_history_entries_at", table_name="history_entries")
    op.drop_index("ix_history_entries_actor_id", table_name="history_entries")
    op.drop_table("history_entries")
