"""Reminder settings (immediate or daily digest, kinds turned off); reminders bundled into a
digest, and reminders cancelled because they were no longer due.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 04:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

OLD = ("pending", "sending", "sent", "failed")
NEW = (*OLD, "bundled", "cancelled")


def _in(values) -> str:
    return "status IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def upgrade():
    op.create_table(
        "reminder_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "delivery",
            sa.Enum(
                "immediate",
                "digest",
                name="reminder_delivery",
                native_enum=False,
                create_constraint=True,
                length=9,
            ),
            nullable=False,
        ),
        sa.Column("muted_kinds", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reminder_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_reminder_settings")),
    )
    with op.batch_alter_table("reminders") as batch:
        batch.drop_constraint(batch.f("ck_reminders_reminder_status"), type_="check")
        batch.alter_column(
            "status", type_=sa.String(9), existing_type=sa.String(7), existing_nullable=False
        )
        batch.create_check_constraint("reminder_status", _in(NEW))
        batch.add_column(sa.Column("digest_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_reminders_digest_id_reminders"),
            "reminders",
            ["digest_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index("ix_reminders_digest_id", ["digest_id"])
        batch.create_index("ix_reminders_recipient_id_status", ["recipient_id", "status"])


def downgrade():
    # Bundled reminders become pending (sent one by one); cancelled ones, failed.
    op.execute("UPDATE reminders SET status = 'pending' WHERE status = 'bundled'")
    op.execute("UPDATE reminders SET status = 'failed' WHERE status = 'cancelled'")
    with op.batch_alter_table("reminders") as batch:
        batch.drop_index("ix_reminders_recipient_id_status")
        batch.drop_index("ix_reminders_digest_id")
        batch.drop_constraint("fk_reminders_digest_id_reminders", type_="foreignkey")
        batch.drop_column("digest_id")
        batch.drop_constraint(batch.f("ck_reminders_reminder_status"), type_="check")
        batch.alter_column(
            "status", type_=sa.String(7), existing_type=sa.String(9), existing_nullable=False
        )
        batch.create_check_constraint("reminder_status", _in(OLD))
    op.drop_table("reminder_settings")
