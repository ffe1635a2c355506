"""The prevention library: reviews of its pages by a health professional of the instance, and
the instance's own local pages.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 04:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "info_review",
        sa.Column(
            "id",
            postgresql.UUID(as_uuid=True),
            primary_key=True,
            server_default=sa.text("gen_random_uuid()"),
        ),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("lang", sa.Text(), nullable=False),
        sa.Column("digest", sa.Text(), nullable=False),
        sa.Column("reviewer_role", sa.Text(), nullable=False),
        sa.Column(
            "reviewed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("char_length(digest) = 64", name="ck_info_review_digest"),
        sa.CheckConstraint(
            "reviewer_role IN ('physician', 'midwife', 'nurse', 'pharmacist', "
            "'psychologist', 'other-health-professional')",
            name="ck_info_review_reviewer_role",
        ),
    )
    op.create_index("ix_info_review_slug", "info_review", ["slug"])
    op.create_table(
        "info_local_page",
        sa.Column("slug", sa.Text(), primary_key=True),
        sa.Column("lang", sa.Text(), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "categories", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("lines", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("slug ~ '^local-[a-z0-9-]{1,60}$'", name="ck_info_local_page_slug"),
        sa.CheckConstraint("char_length(body) <= 20000", name="ck_info_local_page_body_length"),
    )


def downgrade() -> None:
    op.drop_table("info_local_page")
    op.drop_index("ix_info_review_slug", table_name="info_review")
    op.drop_table("info_review")
