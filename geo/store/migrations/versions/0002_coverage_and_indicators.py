"""coverage indexes, training sessions and staff-entered indicator values

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

NEW_TABLES = ("training_session", "indicator_entry")
# The coverage analysis measures sites in the county's metric CRS (UTM 47N for Mangshi).
# Two expression indexes on ST_Transform(location, 32647): GiST serves the KNN `<->`
# nearest-site probe; SP-GiST (a quad-tree for points) serves the ST_DWithin probe,
# measured 2-2.5x faster than GiST on 50,000 sites (bench/coverage.py).
METRIC_SRID = 32647


def upgrade() -> None:
    op.create_table('training_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.Text(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('level', sa.Text(), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=True),
    sa.Column('attendees', sa.Integer(), nullable=False),
    sa.Column('satisfaction_pct', sa.Float(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("level IN ('county', 'village')", name='training_session_level'),
    sa.CheckConstraint('attendees >= 0', name='training_session_attendees'),
    sa.CheckConstraint('satisfaction_pct IS NULL OR (satisfaction_pct >= 0 AND satisfaction_pct <= 100)', name='training_session_satisfaction'),
    sa.CheckConstraint("level = 'county' OR village_code IS NOT NULL", name='training_session_village_needs_code'),
    sa.ForeignKeyConstraint(['village_code'], ['village.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    op.create_index(op.f('ix_training_session_held_on'), 'training_session', ['held_on'], unique=False)
    op.create_table('indicator_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=False),
    sa.Column('period', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('entered_by', sa.Text(), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('indicator', 'period', name='indicator_entry_indicator_period')
    )
    op.create_index('ix_site_location_metric', 'site', [sa.text(f'ST_Transform(location, {METRIC_SRID})')],
                    postgresql_using='gist')
    op.create_index('ix_site_location_metric_spgist', 'site', [sa.text(f'ST_Transform(location, {METRIC_SRID})')],
                    postgresql_using='spgist')
    # the latest inspection of a site decides whether it still counts as operating
    op.create_index('ix_inspection_site_latest', 'inspection', ['site_id', sa.text('visited_at DESC'), sa.text('id DESC')])
    for table in NEW_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_bump_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION fieldmap_bump_data_version()"
        )


def downgrade() -> None:
    for table in NEW_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_data_version ON {table}")
    op.drop_index('ix_inspection_site_latest', table_name='inspection')
    op.drop_index('ix_site_location_metric_spgist', table_name='site')
    op.drop_index('ix_site_location_metric', table_name='site')
    op.drop_table('indicator_entry')
    op.drop_index(op.f('ix_training_session_held_on'), table_name='training_session')
    op.drop_table('training_session')
