"""Login hardening: a TOTP code works once (the last time-step used per account), and refresh
tokens belong to a family revoked whole when a used token is replayed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 01:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("app_user", sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.add_column("auth_session", sa.Column("family_id", sa.UUID(), nullable=True))
    op.execute("UPDATE auth_session SET family_id = id")
    op.alter_column("auth_session", "family_id", nullable=False)
    op.create_index("ix_auth_session_family_id", "auth_session", ["family_id"])


def downgrade() -> None:
    op.drop_index("ix_auth_session_family_id", table_name="auth_session")
    op.drop_column("auth_session", "family_id")
    op.drop_column("app_user", "totp_last_step")
