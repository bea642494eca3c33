"""initial schema

Revision ID: 0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa
import geoalchemy2
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


DATA_TABLES = ("county", "township", "village", "site", "specialty_village", "inspection", "road")

BUMP_FUNCTION = """
CREATE OR REPLACE FUNCTION fieldmap_bump_data_version() RETURNS trigger AS $$
BEGIN
    UPDATE data_state SET version = version + 1, changed_at = now() WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    # pgRouting where the server has it (routing falls back to straight lines without it)
    op.execute(
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgrouting') "
        "THEN CREATE EXTENSION IF NOT EXISTS pgrouting; END IF; END $$"
    )
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('table', sa.Text(), nullable=False),
    sa.Column('key', sa.Text(), nullable=True),
    sa.Column('before', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('after', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('county',
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('name_en', sa.Text(), nullable=True),
    sa.Column('geom', geoalchemy2.types.Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("code ~ '^[0-9]{6}$'", name='county_code_6_digits'),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('data_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('id = 1', name='data_state_single_row'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('road',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('geom', geoalchemy2.types.Geometry(geometry_type='LINESTRING', srid=4326, dimension=2, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('class', sa.Text(), nullable=True),
    sa.Column('speed_kmh', sa.Float(), nullable=True),
    sa.Column('length_m', sa.Float(), nullable=True),
    sa.Column('source_node', sa.BigInteger(), nullable=True),
    sa.Column('target_node', sa.BigInteger(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_road_source_node'), 'road', ['source_node'], unique=False)
    op.create_index(op.f('ix_road_target_node'), 'road', ['target_node'], unique=False)
    op.create_table('township',
    sa.Column('code', sa.String(length=9), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('county_code', sa.String(length=6), nullable=False),
    sa.Column('geom', geoalchemy2.types.Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('geom_source', sa.Text(), nullable=True),
    sa.Column('seat', geoalchemy2.types.Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('seat_source', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("code ~ '^[0-9]{9}$'", name='township_code_9_digits'),
    sa.CheckConstraint("geom_source IS NULL OR geom_source IN ('official', 'approximate')", name='township_geom_source'),
    sa.CheckConstraint("kind IN ('subdistrict', 'town', 'township', 'farm')", name='township_kind'),
    sa.CheckConstraint('left(code, 6) = county_code', name='township_code_in_county'),
    sa.ForeignKeyConstraint(['county_code'], ['county.code'], ),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_table('village',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('township_code', sa.String(length=9), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('poverty_alleviated', sa.Boolean(), nullable=False),
    sa.Column('households', sa.Integer(), nullable=True),
    sa.Column('poverty_households', sa.Integer(), nullable=True),
    sa.Column('location', geoalchemy2.types.Geometry(geometry_type='POINT', srid=4326, dimension=2, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('location_source', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("code ~ '^[0-9]{12}$'", name='village_code_12_digits'),
    sa.CheckConstraint("kind IN ('village', 'community')", name='village_kind'),
    sa.CheckConstraint('households IS NULL OR households >= 0', name='village_households'),
    sa.CheckConstraint('left(code, 9) = township_code', name='village_code_in_township'),
    sa.CheckConstraint('poverty_households IS NULL OR (poverty_households >= 0 AND (households IS NULL OR poverty_households <= households))', name='village_poverty_households'),
    sa.ForeignKeyConstraint(['township_code'], ['township.code'], ),
    sa.PrimaryKeyConstraint('code')
    )
    op.create_index(op.f('ix_village_township_code'), 'village', ['township_code'], unique=False)
    op.create_table('site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=True),
    sa.Column('township_code', sa.String(length=9), nullable=True),
    sa.Column('location', geoalchemy2.types.Geometry(geometry_type='POINT', srid=4326, dimension=2, from_text='ST_GeomFromEWKT', name='geometry', nullable=False), nullable=False),
    sa.Column('status', sa.Text(), server_default='operating', nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('capabilities', postgresql.ARRAY(sa.Text()), server_default='{}', nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('service_centre', 'live_base', 'live_station', 'village_station', 'township_station', 'warehouse', 'sorting_centre')", name='site_kind'),
    sa.CheckConstraint("status IN ('planned', 'building', 'operating', 'suspended', 'closed')", name='site_status'),
    sa.ForeignKeyConstraint(['township_code'], ['township.code'], ),
    sa.ForeignKeyConstraint(['village_code'], ['village.code'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    op.create_index(op.f('ix_site_kind'), 'site', ['kind'], unique=False)
    op.create_index(op.f('ix_site_township_code'), 'site', ['township_code'], unique=False)
    op.create_index(op.f('ix_site_village_code'), 'site', ['village_code'], unique=False)
    op.create_table('specialty_village',
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('product', sa.Text(), nullable=True),
    sa.Column('brand', sa.Text(), nullable=True),
    sa.Column('online_sales_yuan', sa.Float(), nullable=True),
    sa.Column('active_shops', sa.Integer(), nullable=True),
    sa.Column('jobs_driven', sa.Integer(), nullable=True),
    sa.Column('trainees', sa.Integer(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['village_code'], ['village.code'], ),
    sa.PrimaryKeyConstraint('village_code', 'year')
    )
    op.create_table('inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.Text(), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('visited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('mode', sa.Text(), nullable=False),
    sa.Column('inspector', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('stalled', sa.Boolean(), nullable=False),
    sa.Column('idle_funds', sa.Boolean(), nullable=False),
    sa.Column('idle_assets', sa.Boolean(), nullable=False),
    sa.Column('position', geoalchemy2.types.Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("mode IN ('announced', 'unannounced')", name='inspection_mode'),
    sa.CheckConstraint("outcome IN ('normal', 'needs_rectification', 'rectified', 'closed')", name='inspection_outcome'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    op.create_index(op.f('ix_inspection_site_id'), 'inspection', ['site_id'], unique=False)
    # Every write to a data table bumps data_state, so rendered pages know when to refresh.
    op.execute("INSERT INTO data_state (id, version, changed_at) VALUES (1, 0, now())")
    op.execute(BUMP_FUNCTION)
    for table in DATA_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_bump_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION fieldmap_bump_data_version()"
        )


def downgrade() -> None:
    for table in DATA_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_data_version ON {table}")
    op.execute("DROP FUNCTION IF EXISTS fieldmap_bump_data_version()")
    op.drop_index(op.f('ix_inspection_site_id'), table_name='inspection')
    op.drop_table('inspection')
    op.drop_table('specialty_village')
    op.drop_index(op.f('ix_site_village_code'), table_name='site')
    op.drop_index(op.f('ix_site_township_code'), table_name='site')
    op.drop_index(op.f('ix_site_kind'), table_name='site')
    op.drop_table('site')
    op.drop_index(op.f('ix_village_township_code'), table_name='village')
    op.drop_table('village')
    op.drop_table('township')
    op.drop_index(op.f('ix_road_target_node'), table_name='road')
    op.drop_index(op.f('ix_road_source_node'), table_name='road')
    op.drop_table('road')
    op.drop_table('data_state')
    op.drop_table('county')
    op.drop_table('audit_log')
