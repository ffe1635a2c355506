"""Accounts isolated like the other association tables, and their secrets out of reach.

`app_user` is under forced row-level security: a transaction sees the accounts of the
association set for it, or every account only when it is set as the instance's own work
(`app.instance`: logins, admins managing accounts). The role that serves requests cannot
select password hashes and TOTP secrets at all: logging in reads them for one named account
through `maraude_login_record`, a function that runs as the schema owner.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 01:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TENANT = "nullif(current_setting('app.association_id', true), '')::uuid"
VISIBLE = f"association_id = {TENANT} OR current_setting('app.instance', true) = 'on'"
READABLE = "id, association_id, username, role, created_at, disabled_at, totp_last_step"

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
    {statements}
  END LOOP;
END $$
"""


def _each_writer(*statements: str) -> str:
    body = " ".join(f"EXECUTE format('{s}', grantee);" for s in statements)
    return _EACH_WRITER.replace("{statements}", body)


def upgrade() -> None:
    op.execute("ALTER TABLE app_user ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE app_user FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY association_isolation ON app_user USING ({VISIBLE}) WITH CHECK ({VISIBLE})"
    )
    op.execute(
        _each_writer(
            "REVOKE SELECT ON app_user FROM %I", f"GRANT SELECT ({READABLE}) ON app_user TO %I"
        )
    )
    op.execute(
        """
        CREATE FUNCTION maraude_login_record(p_username text)
        RETURNS TABLE (
            id uuid, association_id uuid, username text, role text, password_hash text,
            totp_secret text, disabled_at timestamptz
        )
        LANGUAGE plpgsql STABLE SECURITY DEFINER
        SET search_path = public, pg_temp
        AS $$
        DECLARE
            previous text := current_setting('app.instance', true);
        BEGIN
            -- The one account asked for, seen as the instance's own work for this query only.
            PERFORM set_config('app.instance', 'on', true);
            RETURN QUERY
                SELECT u.id, u.association_id, u.username, u.role, u.password_hash,
                       u.totp_secret, u.disabled_at
                FROM app_user u WHERE u.username = lower(btrim(p_username));
            PERFORM set_config('app.instance', coalesce(previous, ''), true);
        END
        $$
        """
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION maraude_login_record(text)")
    op.execute(
        _each_writer(f"REVOKE SELECT ({READABLE}) ON app_user FROM %I", "GRANT SELECT ON app_user TO %I")
    )
    op.execute("DROP POLICY association_isolation ON app_user")
    op.execute("ALTER TABLE app_user NO FORCE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE app_user DISABLE ROW LEVEL SECURITY")
