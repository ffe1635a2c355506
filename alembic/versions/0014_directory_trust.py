"""A directory people can trust: who last confirmed each service (in kind), temporary
messages and saturation, suggestions from anyone, and verification campaigns.

A service verified before this revision keeps its date; its verifier is "import" when a source
listed it and "team" when it was written through the API (source `maraude`). The directory is
the instance's: these tables carry no association and no row-level security, like `service`.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 09:23:49
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "campaign",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("scope", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("moderated", sa.Boolean(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("length(btrim(title)) > 0", name=op.f("ck_campaign_title_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
    )
    op.create_table(
        "campaign_link",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("campaign_id", sa.UUID(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminders", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "answer IS NULL OR answer IN ('confirmed', 'corrected')",
            name=op.f("ck_campaign_link_answer"),
        ),
        sa.CheckConstraint(
            "(answer IS NULL) = (answered_at IS NULL)", name=op.f("ck_campaign_link_answered")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaign.id"],
            name=op.f("fk_campaign_link_campaign_id_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_campaign_link_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_link")),
        sa.UniqueConstraint(
            "campaign_id", "service_id", name=op.f("uq_campaign_link_campaign_id_service_id")
        ),
    )
    op.create_index(
        op.f("ix_campaign_link_service_id"), "campaign_link", ["service_id"], unique=False
    )
    op.create_table(
        "suggestion",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("service_id", sa.UUID(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("proposed", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("campaign_link_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.Text(), server_default="pending", nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by", sa.UUID(), nullable=True),
        sa.CheckConstraint(
            "kind <> 'new-service' OR service_id IS NULL", name=op.f("ck_suggestion_service_given")
        ),
        sa.CheckConstraint(
            "kind IN ('closed', 'moved', 'hours', 'phone', 'not-welcoming', 'other', "
            "'new-service', 'correction')",
            name=op.f("ck_suggestion_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'held') OR (handled_at IS NOT NULL AND contact IS NULL)",
            name=op.f("ck_suggestion_contact_erased"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'held', 'accepted', 'rejected')",
            name=op.f("ck_suggestion_status"),
        ),
        sa.CheckConstraint(
            "char_length(message) BETWEEN 1 AND 2000", name=op.f("ck_suggestion_message_length")
        ),
        sa.CheckConstraint(
            "contact IS NULL OR char_length(contact) <= 254",
            name=op.f("ck_suggestion_contact_length"),
        ),
        sa.ForeignKeyConstraint(
            ["campaign_link_id"],
            ["campaign_link.id"],
            name=op.f("fk_suggestion_campaign_link_id_campaign_link"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_suggestion_service_id_service"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion")),
        sa.UniqueConstraint("reference", name=op.f("uq_suggestion_reference")),
    )
    op.create_index(op.f("ix_suggestion_service_id"), "suggestion", ["service_id"], unique=False)
    op.create_index(
        "ix_suggestion_status_created", "suggestion", ["status", "created_at"], unique=False
    )
    op.add_column(
        "service",
        sa.Column("verified_by", sa.Text(), server_default="import", nullable=False),
    )
    op.add_column(
        "service",
        sa.Column("temporary_message", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.add_column(
        "service", sa.Column("saturated_until", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_check_constraint(
        op.f("ck_service_verified_by"),
        "service",
        "verified_by IN ('structure', 'team', 'import', 'suggestion')",
    )
    op.create_check_constraint(
        op.f("ck_service_temporary_message_object"),
        "service",
        "temporary_message IS NULL OR jsonb_typeof(temporary_message) = 'object'",
    )
    op.execute("UPDATE service SET verified_by = 'team' WHERE source = 'maraude'")


def downgrade() -> None:
    """Revert this revision."""
    op.drop_constraint(op.f("ck_service_temporary_message_object"), "service", type_="check")
    op.drop_constraint(op.f("ck_service_verified_by"), "service", type_="check")
    op.drop_column("service", "saturated_until")
    op.drop_column("service", "temporary_message")
    op.drop_column("service", "verified_by")
    op.drop_index("ix_suggestion_status_created", table_name="suggestion")
    op.drop_index(op.f("ix_suggestion_service_id"), table_name="suggestion")
    op.drop_table("suggestion")
    op.drop_index(op.f("ix_campaign_link_service_id"), table_name="campaign_link")
    op.drop_table("campaign_link")
    op.drop_table("campaign")
