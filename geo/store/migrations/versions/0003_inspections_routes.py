"""inspection records (GPS distance, photos) and planned routes

Revision ID: 0003
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import geoalchemy2
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('inspection', sa.Column('gps_distance_m', sa.Float(), nullable=True))
    op.add_column('inspection', sa.Column('gps_accuracy_m', sa.Float(), nullable=True))
    op.add_column('inspection', sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
    # Records already stored get their distance the same way new ones do: geography metres.
    op.execute(
        "UPDATE inspection i SET gps_distance_m = ST_Distance(i.position::geography, s.location::geography) "
        "FROM site s WHERE s.id = i.site_id AND i.position IS NOT NULL"
    )
    op.create_table('inspection_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('original_name', sa.Text(), nullable=True),
    sa.Column('content_type', sa.Text(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("content_type IN ('image/jpeg', 'image/png', 'image/webp')", name='inspection_photo_type'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_inspection_photo_inspection_id'), 'inspection_photo', ['inspection_id'], unique=False)
    # photos are inspection data: writing one bumps data_state like the other data tables (0001)
    op.execute(
        "CREATE TRIGGER inspection_photo_bump_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        "ON inspection_photo FOR EACH STATEMENT EXECUTE FUNCTION fieldmap_bump_data_version()"
    )
    op.create_table('route',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('request', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('tours', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('stops', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('unplaced', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('matrix_method', sa.Text(), nullable=False),
    sa.Column('total_distance_m', sa.Float(), nullable=False),
    sa.Column('total_drive_s', sa.Float(), nullable=False),
    sa.Column('path', geoalchemy2.types.Geometry(geometry_type='MULTILINESTRING', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.add_column('road', sa.Column('ref', sa.Text(), nullable=True))
    op.create_unique_constraint('road_ref_key', 'road', ['ref'])


def downgrade() -> None:
    op.drop_constraint('road_ref_key', 'road', type_='unique')
    op.drop_column('road', 'ref')
    op.drop_table('route')
    op.execute("DROP TRIGGER IF EXISTS inspection_photo_bump_data_version ON inspection_photo")
    op.drop_index(op.f('ix_inspection_photo_inspection_id'), table_name='inspection_photo')
    op.drop_table('inspection_photo')
    op.drop_column('inspection', 'updated_at')
    op.drop_column('inspection', 'gps_accuracy_m')
    op.drop_column('inspection', 'gps_distance_m')
