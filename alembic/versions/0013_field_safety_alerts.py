"""Safety alerts raised from the field: who raised one, the situation it reports (from a closed
list: no free text), and when a coordinator confirmed it.

The alert table's row-level security is unchanged: a field alert is an association's, so its
policies already hide it from the public, from admins and from every other association.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SITUATIONS = (
    "'violent-client', 'aggression-in-area', 'robbery', 'police-operation', "
    "'dangerous-product-circulating', 'hostile-residents'"
)


def upgrade() -> None:
    """Apply this revision."""
    op.add_column("alert", sa.Column("raised_by", sa.UUID(), nullable=True))
    op.add_column("alert", sa.Column("situation", sa.Text(), nullable=True))
    op.add_column("alert", sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(op.f("ck_alert_situation"), "alert", f"situation IN ({SITUATIONS})")
    op.create_check_constraint(
        op.f("ck_alert_field"),
        "alert",
        "(raised_by IS NULL) = (situation IS NULL) AND (raised_by IS NULL OR kind = 'safety')",
    )
    op.create_check_constraint(
        op.f("ck_alert_confirmed_field"), "alert", "confirmed_at IS NULL OR raised_by IS NOT NULL"
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_constraint(op.f("ck_alert_confirmed_field"), "alert", type_="check")
    op.drop_constraint(op.f("ck_alert_field"), "alert", type_="check")
    op.drop_constraint(op.f("ck_alert_situation"), "alert", type_="check")
    op.drop_column("alert", "confirmed_at")
    op.drop_column("alert", "situation")
    op.drop_column("alert", "raised_by")
