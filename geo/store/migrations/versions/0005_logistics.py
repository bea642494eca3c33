"""logistics: site.parent_site (the site a site is supplied from), shipment (two-way flows)

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the ref of the site this one is supplied from (县→乡→村); NULL: derived by travel time
    op.add_column('site', sa.Column('parent_site', sa.Text(), nullable=True))
    op.create_table('shipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Text(), nullable=False),
    sa.Column('direction', sa.Text(), nullable=False),
    sa.Column('category', sa.Text(), nullable=False),
    sa.Column('parcels', sa.Integer(), nullable=True),
    sa.Column('weight_kg', sa.Float(), nullable=True),
    sa.Column('value_yuan', sa.Float(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("direction IN ('down', 'up')", name='shipment_direction'),
    sa.CheckConstraint("month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'", name='shipment_month'),
    sa.CheckConstraint('(parcels IS NULL OR parcels >= 0) AND (weight_kg IS NULL OR weight_kg >= 0) '
                       'AND (value_yuan IS NULL OR value_yuan >= 0)', name='shipment_amounts'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('site_id', 'month', 'direction', 'category', name='shipment_key')
    )
    op.create_index(op.f('ix_shipment_month'), 'shipment', ['month'], unique=False)
    op.execute(
        "CREATE TRIGGER shipment_bump_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        "ON shipment FOR EACH STATEMENT EXECUTE FUNCTION fieldmap_bump_data_version()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS shipment_bump_data_version ON shipment")
    op.drop_index(op.f('ix_shipment_month'), table_name='shipment')
    op.drop_table('shipment')
    op.drop_column('site', 'parent_site')
