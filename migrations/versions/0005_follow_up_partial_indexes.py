"""Partial indexes on the follow-ups' subject columns: each is mostly empty, and a full
index looks useless to the query planner, which then scans every follow-up.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SUBJECTS = ("organization", "contact", "interaction", "mission", "agreement", "project", "exchange")


def upgrade():
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        for name in SUBJECTS:
            batch_op.drop_index(f"ix_follow_ups_{name}_id")
    for name in SUBJECTS:
        condition = sa.text(f"{name}_id IS NOT NULL")
        op.create_index(
            f"ix_follow_ups_{name}_id",
            "follow_ups",
            [f"{name}_id"],
            sqlite_where=condition,
            postgresql_where=condition,
        )


def downgrade():
    for name in SUBJECTS:
        op.drop_index(f"ix_follow_ups_{name}_id", table_name="follow_ups")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        for name in SUBJECTS:
            batch_op.create_index(f"ix_follow_ups_{name}_id", [f"{name}_id"], unique=False)
