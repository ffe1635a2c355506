"""Open data for GIS partners and data hubs: the schema `opendata`, whose views publish the public
columns of public services and nothing else, read through a role that can read nothing else.

- `opendata.service`: services shown to the public with their address (not withdrawn, visibility
  `public`: never professionals-only, never a confidential address), their public columns and
  their position. The views run with their owner's rights: the reading role needs no right on
  any table.
- `opendata.service_change`: every service's ids (its own, its source's, its HSDS id) and its
  last change, with whether it is still published, and the services deleted since (`service_removal`, kept by a trigger): a data hub
  asking for the changes since a moment gets the withdrawn ones as tombstones.
- The login function that reads password hashes and TOTP secrets (0011) was executable by any
  role, as PostgreSQL lets every new function be: only the roles that write accounts (the
  application's) may call it now.

The reading role itself is made by `maraude db setup` (roles are the cluster's, not the schema
owner's to make); its `USAGE` on `opendata` and `SELECT` on the views are granted after every
upgrade (`geo.migrate.grant_open_data`).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 05:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PUBLISHED = "s.withdrawn_at IS NULL AND s.visibility = 'public'"
NAMESPACE = "5d0f4c52-8f0e-4b53-9a57-0c8b8d4c2f61"
"""The namespace of the ids of HSDS exports (datasets/hsds_vocabulary.py)."""
HSDS_ID = (
    "CASE WHEN s.source = 'hsds' THEN s.source_id ELSE "
    f"uuid_generate_v5('{NAMESPACE}'::uuid, 'service:' || s.source || ':' || s.source_id)::text "
    "END"
)
"""A service's id in HSDS, as the exports give it: its own when it came from HSDS."""

# Every role but the owner that writes accounts (the application's role, whatever its name).
_EACH_WRITER = """
DO $$
DECLARE grantee name;
BEGIN
  FOR grantee IN
    SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g
    WHERE g.table_name = 'app_user' AND g.privilege_type = 'INSERT'
      AND g.grantee <> (SELECT tableowner FROM pg_tables WHERE tablename = 'app_user')
  LOOP
    EXECUTE format('{statement}', grantee);
  END LOOP;
END $$
"""


def upgrade() -> None:
    """Apply this revision."""
    op.execute("REVOKE EXECUTE ON FUNCTION maraude_login_record(text) FROM PUBLIC")
    op.execute(
        _EACH_WRITER.replace(
            "{statement}", "GRANT EXECUTE ON FUNCTION maraude_login_record(text) TO %I"
        )
    )
    op.execute(
        "CREATE TABLE service_removal ("
        " service_id uuid PRIMARY KEY,"
        " source text NOT NULL,"
        " source_id text NOT NULL,"
        " hsds_id text NOT NULL,"
        " removed_at timestamptz NOT NULL DEFAULT clock_timestamp())"
    )
    op.execute(f"CREATE INDEX ix_service_hsds_id ON service (({HSDS_ID.replace('s.', '')}))")
    op.execute(
        f"""
        CREATE FUNCTION maraude_service_removed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO service_removal (service_id, source, source_id, hsds_id)
            VALUES (OLD.id, OLD.source, OLD.source_id, {HSDS_ID.replace("s.", "OLD.")})
            ON CONFLICT (service_id) DO UPDATE SET removed_at = clock_timestamp();
            RETURN OLD;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER service_removed AFTER DELETE ON service "
        "FOR EACH ROW EXECUTE FUNCTION maraude_service_removed()"
    )
    op.execute("CREATE INDEX ix_service_updated_at ON service (updated_at, id)")
    op.execute("CREATE SCHEMA IF NOT EXISTS opendata")
    op.execute(
        f"""
        CREATE VIEW opendata.service AS
        SELECT s.id, s.name, s.categories, s.category_ids, s.address, s.postcode, s.city,
               s.phone, s.website, s.email, s.description, s.opening_hours, s.timezone,
               s.holiday_country, s.closures, s.languages, s.interpreting, s.publics,
               s.conditions, s.wheelchair, s.accessibility, s.source, s.source_id,
               coalesce(s.last_verified, s.created_at::date) AS last_verified,
               s.verified_by, s.temporary_message, s.saturated_until, s.updated_at,
               s.geom, s.geog, {HSDS_ID} AS hsds_id
        FROM public.service s
        WHERE {PUBLISHED}
        """
    )
    op.execute(
        f"""
        CREATE VIEW opendata.service_change AS
        SELECT s.id, s.source, s.source_id, {HSDS_ID} AS hsds_id, s.updated_at AS changed_at,
               ({PUBLISHED}) AS published,
               coalesce(s.last_verified, s.created_at::date) AS last_verified
        FROM public.service s
        UNION ALL
        SELECT r.service_id, r.source, r.source_id, r.hsds_id, r.removed_at, false, NULL::date
        FROM public.service_removal r
        WHERE NOT EXISTS (SELECT 1 FROM public.service s WHERE s.id = r.service_id)
        """
    )


def downgrade() -> None:
    """Revert this revision."""
    op.execute("DROP VIEW opendata.service_change")
    op.execute("DROP VIEW opendata.service")
    op.execute("DROP INDEX ix_service_updated_at")
    op.execute("DROP INDEX ix_service_hsds_id")
    op.execute("DROP TRIGGER service_removed ON service")
    op.execute("DROP FUNCTION maraude_service_removed()")
    op.execute("DROP TABLE service_removal")
    op.execute("GRANT EXECUTE ON FUNCTION maraude_login_record(text) TO PUBLIC")
