"""The street network (pgRouting edges per imported area) and round paths along it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 21:31:22.756438
"""

from collections.abc import Sequence

import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_geospatial_table(
        "road_area",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("edge_count", sa.Integer(), nullable=False),
        sa.Column(
            "bbox",
            Geometry(
                geometry_type="POLYGON",
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
            "imported_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_road_area")),
        sa.UniqueConstraint("name", name=op.f("uq_road_area_name")),
    )
    op.create_geospatial_table(
        "road_edge",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("osm_way_id", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.BigInteger(), nullable=False),
        sa.Column("target", sa.BigInteger(), nullable=False),
        sa.Column("length_m", sa.Float(), nullable=False),
        sa.Column("foot_s", sa.Float(), nullable=False),
        sa.Column("foot_reverse_s", sa.Float(), nullable=False),
        sa.Column("bike_s", sa.Float(), nullable=False),
        sa.Column("bike_reverse_s", sa.Float(), nullable=False),
        sa.Column("car_s", sa.Float(), nullable=False),
        sa.Column("car_reverse_s", sa.Float(), nullable=False),
        sa.Column("foot_main", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("bike_main", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("car_main", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "geom",
            Geometry(
                geometry_type="LINESTRING",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.CheckConstraint("length_m > 0", name=op.f("ck_road_edge_length")),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["road_area.id"],
            name=op.f("fk_road_edge_area_id_road_area"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_road_edge")),
    )
    op.create_index(op.f("ix_road_edge_area_id"), "road_edge", ["area_id"], unique=False)
    op.create_geospatial_index(
        "ix_road_edge_geom_bike",
        "road_edge",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_where=sa.text("bike_main"),
        postgresql_ops={},
    )
    op.create_geospatial_index(
        "ix_road_edge_geom_car",
        "road_edge",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_where=sa.text("car_main"),
        postgresql_ops={},
    )
    op.create_geospatial_index(
        "ix_road_edge_geom_foot",
        "road_edge",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_where=sa.text("foot_main"),
        postgresql_ops={},
    )
    op.add_column(
        "plan", sa.Column("paths", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_column("plan", "paths")
    op.drop_geospatial_index(
        "ix_road_edge_geom_foot",
        table_name="road_edge",
        postgresql_using="gist",
        postgresql_where=sa.text("foot_main"),
        column_name="geom",
    )
    op.drop_geospatial_index(
        "ix_road_edge_geom_car",
        table_name="road_edge",
        postgresql_using="gist",
        postgresql_where=sa.text("car_main"),
        column_name="geom",
    )
    op.drop_geospatial_index(
        "ix_road_edge_geom_bike",
        table_name="road_edge",
        postgresql_using="gist",
        postgresql_where=sa.text("bike_main"),
        column_name="geom",
    )
    op.drop_index(op.f("ix_road_edge_area_id"), table_name="road_edge")
    op.drop_geospatial_table("road_edge")
    op.drop_geospatial_table("road_area")
