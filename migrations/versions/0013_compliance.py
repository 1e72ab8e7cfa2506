"""Law 25 registers: confidentiality incidents and communications of personal information;
the privacy safeguards of organizations outside Québec.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25 06:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _stamps():
    """The Audited columns (crm/core/records.py)."""
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
    ]


def _stamp_keys(table):
    return [
        sa.ForeignKeyConstraint(
            [column],
            ["users.id"],
            name=op.f(f"fk_{table}_{column}_users"),
            ondelete="SET NULL",
        )
        for column in ("created_by_id", "updated_by_id")
    ]


def upgrade():
    op.create_table(
        "confidentiality_incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("information_concerned", sa.Text(), nullable=True),
        sa.Column("information_unknown_reason", sa.Text(), nullable=True),
        sa.Column("circumstances", sa.Text(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("occurred_until", sa.Date(), nullable=True),
        sa.Column("discovered_on", sa.Date(), nullable=False),
        sa.Column("people_affected", sa.Integer(), nullable=False),
        sa.Column("is_estimate", sa.Boolean(), nullable=False),
        sa.Column("risk_assessment", sa.Text(), nullable=False),
        sa.Column("is_serious_risk", sa.Boolean(), nullable=False),
        sa.Column("commission_notified_on", sa.Date(), nullable=True),
        sa.Column("people_notified_on", sa.Date(), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        *_stamps(),
        sa.CheckConstraint(
            "people_affected >= 0",
            name=op.f("ck_confidentiality_incidents_people_affected_not_negative"),
        ),
        sa.CheckConstraint(
            "occurred_until IS NULL OR occurred_until >= occurred_on",
            name=op.f("ck_confidentiality_incidents_period_in_order"),
        ),
        sa.CheckConstraint(
            "discovered_on >= occurred_on",
            name=op.f("ck_confidentiality_incidents_known_after_start"),
        ),
        sa.CheckConstraint(
            "information_concerned IS NOT NULL OR information_unknown_reason IS NOT NULL",
            name=op.f("ck_confidentiality_incidents_information_described"),
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["member_institutions.id"],
            name=op.f("fk_confidentiality_incidents_institution_id_member_institutions"),
            ondelete="RESTRICT",
        ),
        *_stamp_keys("confidentiality_incidents"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confidentiality_incidents")),
    )
    op.create_index(
        "ix_confidentiality_incidents_institution_id",
        "confidentiality_incidents",
        ["institution_id"],
    )
    op.create_index(
        "ix_confidentiality_incidents_occurred_on", "confidentiality_incidents", ["occurred_on"]
    )

    op.create_table(
        "communications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=True),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("exported_by_id", sa.Integer(), nullable=True),
        sa.Column("exported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.Column("recipient_organization_id", sa.Integer(), nullable=True),
        sa.Column("recipient_organization_name", sa.String(length=300), nullable=True),
        sa.Column("purpose", sa.String(length=1000), nullable=False),
        sa.Column("is_outside_quebec", sa.Boolean(), nullable=False),
        sa.Column("includes_students", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "record_count >= 0", name=op.f("ck_communications_record_count_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["exported_by_id"],
            ["users.id"],
            name=op.f("fk_communications_exported_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_organization_id"],
            ["organizations.id"],
            name=op.f("fk_communications_recipient_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communications")),
    )
    op.create_index("ix_communications_kind", "communications", ["kind"])
    op.create_index("ix_communications_exported_by_id", "communications", ["exported_by_id"])
    op.create_index("ix_communications_exported_at", "communications", ["exported_at"])
    op.create_index(
        "ix_communications_recipient_organization_id",
        "communications",
        ["recipient_organization_id"],
    )

    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outside_quebec", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("pia_done_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("data_agreement_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("privacy_document", sa.String(length=500), nullable=True))
    # Existing partners: outside Québec when outside Canada, as the form's default.
    op.execute("UPDATE organizations SET outside_quebec = (country <> 'CA')")
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.alter_column("outside_quebec", existing_type=sa.Boolean(), nullable=False)


def downgrade():
    with op.batch_alter_table("organizations", schema=None) as batch_op:
        batch_op.drop_column("privacy_document")
        batch_op.drop_column("data_agreement_on")
        batch_op.drop_column("pia_done_on")
        batch_op.drop_column("outside_quebec")
    op.drop_index("ix_communications_recipient_organization_id", table_name="communications")
    op.drop_index("ix_communications_exported_at", table_name="communications")
    op.drop_index("ix_communications_exported_by_id", table_name="communications")
    op.drop_index("ix_communications_kind", table_name="communications")
    op.drop_table("communications")
    op.drop_index(
        "ix_confidentiality_incidents_occurred_on", table_name="confidentiality_incidents"
    )
    op.drop_index(
        "ix_confidentiality_incidents_institution_id", table_name="confidentiality_incidents"
    )
    op.drop_table("confidentiality_incidents")
