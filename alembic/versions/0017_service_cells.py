"""Counts of public services per cell of the web-map grid, kept by triggers, for the map's
zoomed-out tiles of a national instance: a tile of France at zoom 5 would otherwise read a
quarter of a million services to count them.

`service_cell` holds, per tile of zoom 11 (about 20 km across in France) and per kind (the
categories, languages, publics and conditions a service has, and the month of its last
check), how many public located services it holds and the sum of their coordinates (their
mean is where the group is drawn). Statement-level triggers on `service` keep it exact within
the transaction that changes services: an import of a hundred thousand services updates it
with one grouped statement. `service_cell_total` holds the same per cell and month only, for
tiles counted without a filter (the national map as it opens). The views of `opendata`
publish both to the open-data role.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 05:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GRID = 2048
"""Tiles across the world at zoom 11."""
KEY = ("x", "y", "category_ids", "languages", "publics", "conditions", "checked")
KEY_SQL = ", ".join(KEY)


def _grouped(rows: str) -> str:
    """The cells and counts of the public located services among `rows`."""
    lat = "greatest(-85.05, least(85.05, ST_Y(r.geom)))"
    return f"""
        SELECT least({GRID - 1}, greatest(0,
                   floor((ST_X(r.geom) + 180) / 360 * {GRID})))::int AS x,
               least({GRID - 1}, greatest(0, floor((1 - ln(tan(radians({lat}))
                   + 1 / cos(radians({lat}))) / pi()) / 2 * {GRID})))::int AS y,
               r.category_ids, r.languages, r.publics, r.conditions,
               date_trunc('month', coalesce(r.last_verified, r.created_at::date))::date
                   AS checked,
               count(*)::int AS services, sum(ST_X(r.geom)) AS lon_sum,
               sum(ST_Y(r.geom)) AS lat_sum
        FROM {rows} r
        WHERE r.geom IS NOT NULL AND r.withdrawn_at IS NULL AND r.visibility = 'public'
        GROUP BY 1, 2, 3, 4, 5, 6, 7
    """


def _totals(rows: str) -> str:
    """The same per cell and month only."""
    return f"""
        SELECT x, y, checked, sum(services)::int AS services, sum(lon_sum) AS lon_sum,
               sum(lat_sum) AS lat_sum
        FROM ({_grouped(rows)}) g GROUP BY x, y, checked
    """


def upgrade() -> None:
    """Apply this revision."""
    op.execute(
        """
        CREATE TABLE service_cell (
            x int NOT NULL, y int NOT NULL, category_ids int[] NOT NULL,
            languages text[] NOT NULL, publics text[] NOT NULL, conditions text[] NOT NULL,
            checked date NOT NULL, services int NOT NULL, lon_sum float8 NOT NULL,
            lat_sum float8 NOT NULL,
            PRIMARY KEY (x, y, category_ids, languages, publics, conditions, checked)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE service_cell_total (
            x int NOT NULL, y int NOT NULL, checked date NOT NULL, services int NOT NULL,
            lon_sum float8 NOT NULL, lat_sum float8 NOT NULL, PRIMARY KEY (x, y, checked)
        )
        """
    )
    op.execute(f"INSERT INTO service_cell {_grouped('service')}")
    op.execute(f"INSERT INTO service_cell_total {_totals('service')}")
    key_match = " AND ".join(f"c.{k} = g.{k}" for k in KEY)
    total_match = "c.x = g.x AND c.y = g.y AND c.checked = g.checked"
    op.execute(
        f"""
        CREATE FUNCTION maraude_service_cells() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                WITH g AS ({_grouped("old_rows")})
                UPDATE service_cell c
                SET services = c.services - g.services, lon_sum = c.lon_sum - g.lon_sum,
                    lat_sum = c.lat_sum - g.lat_sum
                FROM g WHERE {key_match};
                DELETE FROM service_cell c WHERE c.services <= 0 AND EXISTS (
                    SELECT 1 FROM ({_grouped("old_rows")}) g WHERE {key_match});
                WITH g AS ({_totals("old_rows")})
                UPDATE service_cell_total c
                SET services = c.services - g.services, lon_sum = c.lon_sum - g.lon_sum,
                    lat_sum = c.lat_sum - g.lat_sum
                FROM g WHERE {total_match};
                DELETE FROM service_cell_total c WHERE c.services <= 0;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO service_cell {_grouped("new_rows")}
                ON CONFLICT ({KEY_SQL}) DO UPDATE
                SET services = service_cell.services + excluded.services,
                    lon_sum = service_cell.lon_sum + excluded.lon_sum,
                    lat_sum = service_cell.lat_sum + excluded.lat_sum;
                INSERT INTO service_cell_total {_totals("new_rows")}
                ON CONFLICT (x, y, checked) DO UPDATE
                SET services = service_cell_total.services + excluded.services,
                    lon_sum = service_cell_total.lon_sum + excluded.lon_sum,
                    lat_sum = service_cell_total.lat_sum + excluded.lat_sum;
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    for event, tables in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        op.execute(
            f"CREATE TRIGGER service_cells_{event.lower()} AFTER {event} ON service "
            f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION maraude_service_cells()"
        )
    op.execute("CREATE VIEW opendata.service_cell AS SELECT * FROM public.service_cell")
    op.execute(
        "CREATE VIEW opendata.service_cell_total AS SELECT * FROM public.service_cell_total"
    )


def downgrade() -> None:
    """Revert this revision."""
    op.execute("DROP VIEW opendata.service_cell_total")
    op.execute("DROP VIEW opendata.service_cell")
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER service_cells_{event} ON service")
    op.execute("DROP FUNCTION maraude_service_cells()")
    op.execute("DROP TABLE service_cell_total")
    op.execute("DROP TABLE service_cell")
