"""version notify: the data-version trigger tells every listening worker (pg_notify), and
account/token changes notify too, so workers answer cached pages without asking for the version

Revision ID: 0010
Revises: 0004
"""
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# Same bump as 0001, plus a notification carrying "version changed_at" (delivered at commit).
BUMP_WITH_NOTIFY = """
CREATE OR REPLACE FUNCTION fieldmap_bump_data_version() RETURNS trigger AS $$
DECLARE
    v bigint;
    at timestamptz;
BEGIN
    UPDATE data_state SET version = version + 1, changed_at = now() WHERE id = 1
        RETURNING version, changed_at INTO v, at;
    PERFORM pg_notify('fieldmap_data', v::text || ' ' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

BUMP_PLAIN = """
CREATE OR REPLACE FUNCTION fieldmap_bump_data_version() RETURNS trigger AS $$
BEGIN
    UPDATE data_state SET version = version + 1, changed_at = now() WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

# Credentials remembered by a worker are forgotten when a token or an account changes
# (logout, revocation, role change, disabled user).
AUTH_NOTIFY = """
CREATE OR REPLACE FUNCTION fieldmap_notify_auth() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('fieldmap_auth', TG_TABLE_NAME);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
AUTH_TABLES = ("auth_token", "app_user")


def upgrade() -> None:
    op.execute(BUMP_WITH_NOTIFY)
    op.execute(AUTH_NOTIFY)
    for table in AUTH_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify_auth AFTER UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION fieldmap_notify_auth()"
        )


def downgrade() -> None:
    for table in AUTH_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_notify_auth ON {table}")
    op.execute("DROP FUNCTION IF EXISTS fieldmap_notify_auth()")
    op.execute(BUMP_PLAIN)
