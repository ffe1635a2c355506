"""Referral directory: services and their opening schedules.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 19:27:19.178672
"""

from collections.abc import Sequence

import sqlalchemy as sa
from geoalchemy2 import Geography, Geometry
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXTENSIONS = ("postgis", "btree_gist", "intarray", "pg_trgm", "unaccent")

# Category ids as stored: the position of the slug in this array (geo/categories.py).
CATEGORY_SLUGS = "ARRAY['emergency-care', 'general-care', 'trod', 'cegidd', 'sexual-health-centre', 'csapa', 'caarud', 'scmr', 'pregnancy-ivg', 'prep-pep', 'police-trained', 'social-rights', 'exit-pathway', 'protection-assistance', 'emergency-shelter', 'vaccination', 'mental-health', 'hygiene', 'food', 'community-health', 'police', 'pharmacy']::text[]"

FUNCTIONS = (
    """
    CREATE OR REPLACE FUNCTION maraude_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION maraude_category_ids(text[]) RETURNS int[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
      SELECT coalesce(array_agg(array_position({CATEGORY_SLUGS}, c) ORDER BY o), '{{}}')
      FROM unnest($1) WITH ORDINALITY AS t(c, o)
    $$
    """,
)


def upgrade() -> None:
    """Apply this revision."""
    for ext in EXTENSIONS:
        op.execute(f"CREATE EXTENSION IF NOT EXISTS {ext}")
    for ddl in FUNCTIONS:
        op.execute(ddl)
    op.create_table(
        "opening_schedule",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("opening_hours", sa.Text(), nullable=False),
        sa.Column("timezone", sa.Text(), nullable=False),
        sa.Column("holiday_country", sa.Text(), nullable=False),
        sa.Column("horizon", postgresql.TSTZRANGE(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opening_schedule")),
        sa.UniqueConstraint(
            "opening_hours",
            "timezone",
            "holiday_country",
            name=op.f("uq_opening_schedule_opening_hours_timezone_holiday_country"),
        ),
    )
    op.create_table(
        "opening_interval",
        sa.Column("schedule_id", sa.BigInteger(), nullable=False),
        sa.Column("during", postgresql.TSTZRANGE(), nullable=False),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["opening_schedule.id"],
            name=op.f("fk_opening_interval_schedule_id_opening_schedule"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("schedule_id", "during", name=op.f("pk_opening_interval")),
    )
    op.create_index(
        "ix_opening_interval_during",
        "opening_interval",
        ["during"],
        unique=False,
        postgresql_using="gist",
    )
    op.create_geospatial_table(
        "service",
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("categories", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column(
            "category_ids",
            postgresql.ARRAY(sa.Integer()),
            sa.Computed("maraude_category_ids(categories)", persisted=True),
            nullable=False,
        ),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column(
            "geog",
            Geography(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeogFromText",
                name="geography",
            ),
            sa.Computed("(geom)::geography", persisted=True),
            nullable=True,
        ),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("postcode", sa.Text(), nullable=True),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("website", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("opening_hours", sa.Text(), nullable=True),
        sa.Column("timezone", sa.Text(), server_default="Europe/Paris", nullable=False),
        sa.Column("holiday_country", sa.Text(), server_default="FR", nullable=False),
        sa.Column("schedule_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "closures",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("closed_ranges", postgresql.TSTZMULTIRANGE(), nullable=True),
        sa.Column(
            "languages",
            postgresql.ARRAY(sa.Text()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column(
            "interpreting",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
        ),
        sa.Column("publics", postgresql.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column(
            "conditions",
            postgresql.ARRAY(sa.Text()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("wheelchair", sa.Text(), nullable=True),
        sa.Column("accessibility", sa.Text(), nullable=True),
        sa.Column("visibility", sa.Text(), server_default="public", nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=False),
        sa.Column("last_verified", sa.Date(), nullable=True),
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
            "array_to_string(languages, ',') ~ '^([a-z]{2}(,|$))*$'",
            name=op.f("ck_service_languages_iso"),
        ),
        sa.CheckConstraint(
            "conditions <@ ARRAY['free', 'anonymous', 'no-appointment', 'unconditional']::text[]",
            name=op.f("ck_service_conditions"),
        ),
        sa.CheckConstraint(
            "publics <@ ARRAY['women', 'men', 'trans', 'minors', 'undocumented', 'drug-users', 'sex-workers']::text[]",
            name=op.f("ck_service_publics"),
        ),
        sa.CheckConstraint(
            "visibility IN ('public', 'professionals', 'confidential-address')",
            name=op.f("ck_service_visibility"),
        ),
        sa.CheckConstraint(
            "wheelchair IS NULL OR wheelchair IN ('yes', 'limited', 'no')",
            name=op.f("ck_service_wheelchair"),
        ),
        sa.CheckConstraint(
            "cardinality(categories) > 0 AND array_position(category_ids, NULL) IS NULL",
            name=op.f("ck_service_categories_known"),
        ),
        sa.CheckConstraint("length(btrim(name)) > 0", name=op.f("ck_service_name_not_blank")),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["opening_schedule.id"],
            name=op.f("fk_service_schedule_id_opening_schedule"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service")),
        sa.UniqueConstraint("source", "source_id", name=op.f("uq_service_source_source_id")),
    )
    op.create_index(
        "ix_service_geog_category_ids",
        "service",
        ["geog", "category_ids"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={"category_ids": "gist__int_ops"},
    )
    op.create_geospatial_index(
        "ix_service_geom",
        "service",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_index(
        "ix_service_name_search",
        "service",
        [sa.text("maraude_unaccent(lower(name)) gin_trgm_ops")],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(op.f("ix_service_schedule_id"), "service", ["schedule_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(op.f("ix_service_schedule_id"), table_name="service")
    op.drop_index("ix_service_name_search", table_name="service", postgresql_using="gin")
    op.drop_geospatial_index(
        "ix_service_geom",
        table_name="service",
        postgresql_using="gist",
        column_name="geom",
    )
    op.drop_index(
        "ix_service_geog_category_ids",
        table_name="service",
        postgresql_using="gist",
        postgresql_ops={"category_ids": "gist__int_ops"},
    )
    op.drop_geospatial_table("service")
    op.drop_index(
        "ix_opening_interval_during", table_name="opening_interval", postgresql_using="gist"
    )
    op.drop_table("opening_interval")
    op.drop_table("opening_schedule")
    op.execute("DROP FUNCTION IF EXISTS maraude_category_ids(text[])")
    op.execute("DROP FUNCTION IF EXISTS maraude_unaccent(text)")
