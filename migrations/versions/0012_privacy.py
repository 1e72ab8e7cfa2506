"""Personal information (Law 25): anonymized contacts are marked; retention runs are kept.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 05:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("anonymized_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "retention_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("anonymized", sa.Integer(), nullable=False),
        sa.Column("to_review", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_retention_runs_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_runs")),
    )
    op.create_index("ix_retention_runs_at", "retention_runs", ["at"])


def downgrade():
    op.drop_index("ix_retention_runs_at", table_name="retention_runs")
    op.drop_table("retention_runs")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("anonymized_at")
