"""Planned weeks, planning jobs, and the job queue (procrastinate).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 20:50:30.449057
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from pathlib import Path

from sqlalchemy.util import await_

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT = "nullif(current_setting('app.association_id', true), '')::uuid"
# The job queue's own schema, as procrastinate 3.10 ships it (kept here so that this
# migration never changes when the package does; later versions come with migrations).
QUEUE_SCHEMA = Path(__file__).with_name("procrastinate-3.10.0.sql")


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "plan",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("association_id", sa.UUID(), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("scenario", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_plan_association_id_association"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
    )
    op.create_index(op.f("ix_plan_association_id"), "plan", ["association_id"], unique=False)
    op.create_table(
        "plan_job",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("association_id", sa.UUID(), nullable=False),
        sa.Column("requested_by", sa.UUID(), nullable=True),
        sa.Column("status", sa.Text(), server_default="queued", nullable=False),
        sa.Column("progress", sa.Float(), server_default=sa.text("0"), nullable=False),
        sa.Column("request", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("plan_id", sa.UUID(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed')",
            name=op.f("ck_plan_job_status"),
        ),
        sa.CheckConstraint("progress BETWEEN 0 AND 1", name=op.f("ck_plan_job_progress")),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_plan_job_association_id_association"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_job")),
    )
    op.create_index(
        op.f("ix_plan_job_association_id"), "plan_job", ["association_id"], unique=False
    )
    for table in ("plan", "plan_job"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY association_isolation ON {table} "
            f"USING (association_id = {TENANT}) WITH CHECK (association_id = {TENANT})"
        )
    # Many statements at once: sent through the driver, which prepares nothing without arguments.
    driver = op.get_bind().connection.driver_connection
    await_(driver.execute(QUEUE_SCHEMA.read_text(encoding="utf-8")))


def downgrade() -> None:
    """Revert this revision."""
    for name in (
        "procrastinate_jobs",
        "procrastinate_periodic_defers",
        "procrastinate_events",
        "procrastinate_workers",
    ):
        op.execute(f"DROP TABLE IF EXISTS {name} CASCADE")
    op.execute(
        "DO $$ DECLARE f record; BEGIN FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' "
        "AND p.proname LIKE 'procrastinate%' LOOP EXECUTE 'DROP FUNCTION ' || f.sig || ' CASCADE'; "
        "END LOOP; END $$"
    )
    op.execute(
        "DO $$ DECLARE t record; BEGIN FOR t IN SELECT typname FROM pg_type "
        "WHERE typname LIKE 'procrastinate%' AND typtype IN ('e', 'c') LOOP "
        "EXECUTE 'DROP TYPE IF EXISTS ' || quote_ident(t.typname) || ' CASCADE'; END LOOP; END $$"
    )
    op.drop_index(op.f("ix_plan_job_association_id"), table_name="plan_job")
    op.drop_table("plan_job")
    op.drop_index(op.f("ix_plan_association_id"), table_name="plan")
    op.drop_table("plan")
