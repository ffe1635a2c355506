"""Associations, accounts, confidential zones, teams, audit log; row-level security.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 20:27:56.401849
"""

from collections.abc import Sequence

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Tables owned by an association: every row carries association_id, and PostgreSQL itself
# hides the rows of every other association, whatever query the application sends. The
# association is set per transaction with set_config(..., true); without it, nothing shows.
TENANT = "nullif(current_setting('app.association_id', true), '')::uuid"
ISOLATED = ("zone", "team")


def _isolate(table: str, using: str) -> None:
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY association_isolation ON {table} USING ({using}) WITH CHECK ({using})"
    )


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "association",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("length(btrim(name)) > 0", name=op.f("ck_association_name_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association")),
        sa.UniqueConstraint("name", name=op.f("uq_association_name")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("actor_id", sa.UUID(), nullable=True),
        sa.Column("actor_role", sa.Text(), nullable=True),
        sa.Column("association_id", sa.UUID(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("object_type", sa.Text(), nullable=False),
        sa.Column("object_id", sa.Text(), nullable=True),
        sa.Column(
            "detail",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(
        op.f("ix_audit_log_association_id"), "audit_log", ["association_id"], unique=False
    )
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("failures", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    op.create_table(
        "app_user",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("association_id", sa.UUID(), nullable=True),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("totp_secret", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(role = 'admin') = (association_id IS NULL)",
            name=op.f("ck_app_user_admin_has_no_association"),
        ),
        sa.CheckConstraint(
            "role IN ('worker', 'coordinator', 'admin')", name=op.f("ck_app_user_role")
        ),
        sa.CheckConstraint(
            "username = lower(username) AND length(username) >= 3",
            name=op.f("ck_app_user_username"),
        ),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_app_user_association_id_association"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username", name=op.f("uq_app_user_username")),
    )
    op.create_index(
        op.f("ix_app_user_association_id"), "app_user", ["association_id"], unique=False
    )
    op.create_geospatial_table(
        "team",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("association_id", sa.UUID(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("mode", sa.Text(), nullable=False),
        sa.Column(
            "start_geom",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "end_geom",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("shifts", sa.Text(), nullable=False),
        sa.Column("skills", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("timezone", sa.Text(), server_default="Europe/Paris", nullable=False),
        sa.Column("holiday_country", sa.Text(), server_default="FR", nullable=False),
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
        sa.CheckConstraint("mode IN ('foot', 'bike', 'car')", name=op.f("ck_team_mode")),
        sa.CheckConstraint("length(btrim(label)) > 0", name=op.f("ck_team_label_not_blank")),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_team_association_id_association"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
    )
    op.create_index(op.f("ix_team_association_id"), "team", ["association_id"], unique=False)
    op.create_geospatial_table(
        "zone",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("association_id", sa.UUID(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column(
            "geom",
            Geometry(
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column("platform", sa.Text(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("premises", sa.Text(), nullable=True),
        sa.Column("owner_agreement", sa.Text(), nullable=True),
        sa.Column("presence", sa.Text(), nullable=False),
        sa.Column("timezone", sa.Text(), server_default="Europe/Paris", nullable=False),
        sa.Column("holiday_country", sa.Text(), server_default="FR", nullable=False),
        sa.Column("estimated_people", sa.Integer(), nullable=True),
        sa.Column("needs", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("visit_minutes", sa.Integer(), server_default=sa.text("30"), nullable=False),
        sa.Column("min_visits", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("max_visits", sa.Integer(), server_default=sa.text("2"), nullable=False),
        sa.Column("min_night_visits", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("requires", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("priority", sa.Integer(), server_default=sa.text("3"), nullable=False),
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
            "(kind = 'online') = (geom IS NULL) AND (kind = 'online') = (platform IS NOT NULL)",
            name=op.f("ck_zone_online_has_platform_not_geometry"),
        ),
        sa.CheckConstraint(
            "geom IS NULL OR GeometryType(geom) IN ('POINT', 'LINESTRING', 'POLYGON')",
            name=op.f("ck_zone_geometry_type"),
        ),
        sa.CheckConstraint(
            "kind <> 'commercial-premises' OR premises IS NOT NULL",
            name=op.f("ck_zone_premises_kind"),
        ),
        sa.CheckConstraint(
            "kind <> 'temporary-gathering' OR (starts_on IS NOT NULL AND ends_on >= starts_on)",
            name=op.f("ck_zone_gathering_dates"),
        ),
        sa.CheckConstraint(
            "kind IN ('street', 'green-space', 'station', 'temporary-gathering', 'commercial-premises', 'housing-complex', 'online')",
            name=op.f("ck_zone_kind"),
        ),
        sa.CheckConstraint(
            "needs <@ ARRAY['trans-specific', 'drug-use', 'trod', 'interpreting']::text[]",
            name=op.f("ck_zone_needs"),
        ),
        sa.CheckConstraint(
            "owner_agreement IS NULL OR owner_agreement IN ('agreed', 'pending', 'refused', 'not-asked')",
            name=op.f("ck_zone_owner_agreement"),
        ),
        sa.CheckConstraint(
            "premises IS NULL OR premises IN ('nightclub', 'bar', 'sauna', 'massage-parlour', 'other')",
            name=op.f("ck_zone_premises"),
        ),
        sa.CheckConstraint(
            "estimated_people IS NULL OR estimated_people >= 0", name=op.f("ck_zone_people")
        ),
        sa.CheckConstraint(
            "min_visits >= 0 AND max_visits >= min_visits AND max_visits <= 21 AND min_night_visits >= 0 AND min_night_visits <= max_visits",
            name=op.f("ck_zone_visits"),
        ),
        sa.CheckConstraint("priority BETWEEN 1 AND 5", name=op.f("ck_zone_priority")),
        sa.CheckConstraint("visit_minutes BETWEEN 1 AND 720", name=op.f("ck_zone_visit_minutes")),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_zone_association_id_association"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_zone")),
    )
    op.create_index(op.f("ix_zone_association_id"), "zone", ["association_id"], unique=False)
    op.create_geospatial_index(
        "ix_zone_geom", "zone", ["geom"], unique=False, postgresql_using="gist", postgresql_ops={}
    )
    op.create_table(
        "auth_session",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("token_hash", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
            name=op.f("fk_auth_session_user_id_app_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_auth_session_token_hash")),
    )
    op.create_index(op.f("ix_auth_session_user_id"), "auth_session", ["user_id"], unique=False)
    for table in ISOLATED:
        _isolate(table, f"association_id = {TENANT}")
    # Directory and admin entries (no association) stay readable by admins through the API.
    _isolate("audit_log", f"association_id IS NULL OR association_id = {TENANT}")


def downgrade() -> None:
    """Revert this revision."""
    for table in (*ISOLATED, "audit_log"):
        op.execute(f"DROP POLICY IF EXISTS association_isolation ON {table}")
    op.drop_index(op.f("ix_auth_session_user_id"), table_name="auth_session")
    op.drop_table("auth_session")
    op.drop_geospatial_index(
        "ix_zone_geom", table_name="zone", postgresql_using="gist", column_name="geom"
    )
    op.drop_index(op.f("ix_zone_association_id"), table_name="zone")
    op.drop_geospatial_table("zone")
    op.drop_index(op.f("ix_team_association_id"), table_name="team")
    op.drop_geospatial_table("team")
    op.drop_index(op.f("ix_app_user_association_id"), table_name="app_user")
    op.drop_table("app_user")
    op.drop_table("login_throttle")
    op.drop_index(op.f("ix_audit_log_association_id"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("association")
