"""The street network: imported areas and their edges, with a time per mode."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from geoalchemy2 import Geometry
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from geo.base import Base
from geo.vocab import (
    Mode,
)


class RoadArea(Base):
    """An imported street-network extract: re-importing the same file changes nothing, a new
    extract of the same area replaces its edges."""

    __tablename__ = "road_area"

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    source_file: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)
    edge_count: Mapped[int] = mapped_column(Integer)
    bbox: Mapped[Any] = mapped_column(Geometry("POLYGON", srid=4326, spatial_index=False))
    imported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class RoadEdge(Base):
    """A routable stretch of street between two junctions (vertices are OSM node ids).

    Seconds per mode along and against the drawing direction, -1 where the mode may not pass
    (pgRouting's convention); `<mode>_main` marks the edges of the mode's large strongly
    connected parts, the only ones points are snapped to (not a car park's closed loop).
    """

    __tablename__ = "road_edge"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    area_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("road_area.id", ondelete="CASCADE"), index=True
    )
    osm_way_id: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[int] = mapped_column(BigInteger)
    target: Mapped[int] = mapped_column(BigInteger)
    length_m: Mapped[float] = mapped_column(Float)
    foot_s: Mapped[float] = mapped_column(Float)
    foot_reverse_s: Mapped[float] = mapped_column(Float)
    bike_s: Mapped[float] = mapped_column(Float)
    bike_reverse_s: Mapped[float] = mapped_column(Float)
    car_s: Mapped[float] = mapped_column(Float)
    car_reverse_s: Mapped[float] = mapped_column(Float)
    foot_main: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    bike_main: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    car_main: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    geom: Mapped[Any] = mapped_column(Geometry("LINESTRING", srid=4326, spatial_index=False))

    __table_args__ = (
        CheckConstraint("length_m > 0", name="length"),
        *(
            Index(
                f"ix_road_edge_geom_{mode.value}",
                "geom",
                postgresql_using="gist",
                postgresql_where=text(f"{mode.value}_main"),
            )
            for mode in Mode
        ),
    )
