"""Health alerts: public ones, and those of one association's teams (row-level security).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 00:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT = "nullif(current_setting('app.association_id', true), '')::uuid"
# Public alerts (no association) show to everyone; an association's only to it. Writes: an
# association's session touches its own alerts only; public ones are written by sessions with
# no association (admins).
VISIBLE = f"association_id IS NULL OR association_id = {TENANT}"
WRITABLE = f"association_id = {TENANT} OR (association_id IS NULL AND {TENANT} IS NULL)"


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "alert",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("association_id", sa.UUID(), nullable=True),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("severity", sa.Text(), nullable=False),
        sa.Column("urgency", sa.Text(), nullable=False),
        sa.Column("certainty", sa.Text(), nullable=False),
        sa.Column("onset", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "area",
            Geometry(
                geometry_type="MULTIPOLYGON", srid=4326, spatial_index=False,
                from_text="ST_GeomFromEWKT", name="geometry",
            ),
            nullable=True,
        ),
        sa.Column("circle", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("messages", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("product", sa.Text(), nullable=True),
        sa.Column("batch", sa.Text(), nullable=True),
        sa.Column("created_by", sa.UUID(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('equipment-recall', 'infection-cluster', 'toxic-substance', 'safety')",
            name=op.f("ck_alert_kind"),
        ),
        sa.CheckConstraint("expires > onset", name=op.f("ck_alert_period")),
        sa.CheckConstraint(
            "kind <> 'safety' OR association_id IS NOT NULL", name=op.f("ck_alert_safety_private")
        ),
        sa.ForeignKeyConstraint(
            ["association_id"], ["association.id"],
            name=op.f("fk_alert_association_id_association"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert")),
    )
    op.create_index(op.f("ix_alert_association_id"), "alert", ["association_id"], unique=False)
    op.execute("ALTER TABLE alert ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE alert FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY alert_read ON alert FOR SELECT USING ({VISIBLE})")
    op.execute(f"CREATE POLICY alert_write ON alert USING ({WRITABLE}) WITH CHECK ({WRITABLE})")


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("alert")
