"""The coordinator's console: plans kept as revisions with their locked rounds, and accounts
that must change the password they were given.

`plan.revision_of` names the plan a coordinator's edit was made from (its rounds changed by
hand and checked by the planner's validator); `plan.locked` the rounds a re-planning keeps.
`app_user.must_change_password` is set on an account created by someone else: its first
login leads to changing the password, and the team pages lead there until it is changed. Every role
that may read the accounts' names may read the new column (0011 grants columns one by one).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 10:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EACH_READER = """
DO $$
DECLARE grantee name;
BEGIN
  FOR grantee IN
    SELECT DISTINCT p.grantee FROM information_schema.column_privileges p
    WHERE p.table_name = 'app_user' AND p.column_name = 'username'
      AND p.privilege_type = 'SELECT'
      AND p.grantee <> (SELECT tableowner FROM pg_tables WHERE tablename = 'app_user')
  LOOP
    EXECUTE format('GRANT SELECT (must_change_password) ON app_user TO %I', grantee);
  END LOOP;
END $$
"""


def upgrade() -> None:
    op.execute(
        "ALTER TABLE plan ADD COLUMN revision_of uuid REFERENCES plan (id) ON DELETE SET NULL"
    )
    op.execute("ALTER TABLE plan ADD COLUMN locked integer[] NOT NULL DEFAULT '{}'")
    op.execute("CREATE INDEX plan_newest ON plan (association_id, created_at DESC, id DESC)")
    op.execute(
        "ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false"
    )
    op.execute(_EACH_READER)


def downgrade() -> None:
    op.execute("ALTER TABLE app_user DROP COLUMN must_change_password")
    op.execute("DROP INDEX plan_newest")
    op.execute("ALTER TABLE plan DROP COLUMN locked")
    op.execute("ALTER TABLE plan DROP COLUMN revision_of")
