"""Pairs of contacts or organizations that someone said are not duplicates.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 05:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "duplicate_dismissals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "contact",
                "organization",
                name="duplicate_kind",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column("low_id", sa.Integer(), nullable=False),
        sa.Column("high_id", sa.Integer(), nullable=False),
        sa.Column("dismissed_by_id", sa.Integer(), nullable=True),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "low_id < high_id", name=op.f("ck_duplicate_dismissals_ordered_pair")
        ),
        sa.ForeignKeyConstraint(
            ["dismissed_by_id"],
            ["users.id"],
            name=op.f("fk_duplicate_dismissals_dismissed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_dismissals")),
        sa.UniqueConstraint(
            "kind",
            "low_id",
            "high_id",
            name=op.f("uq_duplicate_dismissals_kind_low_id_high_id"),
        ),
    )


def downgrade():
    op.drop_table("duplicate_dismissals")
