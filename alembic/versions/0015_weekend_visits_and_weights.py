"""Weeks that follow the guidelines: a zone's counted visits that must fall on a weekend or a
public holiday, and, beside each plan, the zones whose weight the week before raised (their
priority, the weight used and their last visit), so that a coordinator sees why.

A zone written before this revision asks for no weekend visit. A plan made before it has no
weights beside it (NULL): its zones weighed their priority.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.add_column(
        "zone",
        sa.Column("min_weekend_visits", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )
    op.create_check_constraint(
        op.f("ck_zone_weekend_visits"),
        "zone",
        "min_weekend_visits >= 0 AND min_weekend_visits <= max_visits",
    )
    op.add_column(
        "plan", sa.Column("weighted", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_column("plan", "weighted")
    op.drop_constraint(op.f("ck_zone_weekend_visits"), "zone", type_="check")
    op.drop_column("zone", "min_weekend_visits")
