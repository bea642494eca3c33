"""county metric srid: each county's metric CRS (its UTM zone) instead of a fixed EPSG:32647

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# 32600 + floor((lon + 180) / 6) + 1 from the outline's centroid (northern hemisphere; 32700 south)
FILL = (
    "UPDATE county SET metric_srid = (CASE WHEN ST_Y(ST_Centroid(geom)) >= 0 THEN 32600 ELSE 32700 END"
    " + floor((ST_X(ST_Centroid(geom)) + 180) / 6)::int + 1)"
)


def upgrade() -> None:
    op.add_column('county', sa.Column('metric_srid', sa.Integer(), nullable=True))
    op.execute(FILL)


def downgrade() -> None:
    op.drop_column('county', 'metric_srid')
