"""funds and assets: fund items (资金安排表), payments, the asset ledger (资产管理台账), assets found on inspections

Revision ID: 0006
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

TABLES = ("fund_item", "fund_payment", "asset", "inspection_asset")
YUAN = sa.Numeric(14, 2)


def upgrade() -> None:
    op.create_table('fund_item',
    sa.Column('code', sa.Text(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('heading_zh', sa.Text(), nullable=True),
    sa.Column('title_zh', sa.Text(), nullable=False),
    sa.Column('title_en', sa.Text(), nullable=True),
    sa.Column('budget_yuan', YUAN, nullable=False),
    sa.Column('funding', sa.Text(), server_default='central', nullable=False),
    sa.Column('implementing_unit', sa.Text(), nullable=True),
    sa.Column('scope', sa.Text(), server_default='county', nullable=False),
    sa.Column('site_refs', postgresql.ARRAY(sa.Text()), server_default='{}', nullable=False),
    sa.Column('village_codes', postgresql.ARRAY(sa.Text()), server_default='{}', nullable=False),
    sa.Column('targets_source', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint('budget_yuan >= 0', name='fund_item_budget'),
    sa.CheckConstraint("scope IN ('sites', 'villages', 'county')", name='fund_item_scope'),
    sa.PrimaryKeyConstraint('code'),
    sa.UniqueConstraint('seq')
    )
    op.create_table('fund_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.Text(), nullable=False),
    sa.Column('item_code', sa.Text(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount_yuan', YUAN, nullable=False),
    sa.Column('payee', sa.Text(), nullable=True),
    sa.Column('voucher_ref', sa.Text(), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Text(), server_default='paid', nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint('amount_yuan > 0', name='fund_payment_amount'),
    sa.CheckConstraint("status IN ('planned', 'paid', 'returned')", name='fund_payment_status'),
    sa.ForeignKeyConstraint(['item_code'], ['fund_item.code']),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    op.create_index(op.f('ix_fund_payment_item_code'), 'fund_payment', ['item_code'], unique=False)
    op.create_index(op.f('ix_fund_payment_site_id'), 'fund_payment', ['site_id'], unique=False)
    op.create_table('asset',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.Text(), nullable=False),
    sa.Column('item_code', sa.Text(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', sa.Integer(), server_default='1', nullable=False),
    sa.Column('value_yuan', YUAN, nullable=False),
    sa.Column('acquired_on', sa.Date(), nullable=True),
    sa.Column('owner', sa.Text(), nullable=False),
    sa.Column('status', sa.Text(), server_default='in_use', nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint('quantity > 0', name='asset_quantity'),
    sa.CheckConstraint('value_yuan >= 0', name='asset_value'),
    sa.CheckConstraint("owner IN ('state', 'enterprise')", name='asset_owner'),
    sa.CheckConstraint("status IN ('in_use', 'idle', 'lost', 'disposed')", name='asset_status'),
    sa.ForeignKeyConstraint(['item_code'], ['fund_item.code']),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    op.create_index(op.f('ix_asset_item_code'), 'asset', ['item_code'], unique=False)
    op.create_index(op.f('ix_asset_site_id'), 'asset', ['site_id'], unique=False)
    op.create_table('inspection_asset',
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('in_use', 'idle')", name='inspection_asset_status'),
    sa.ForeignKeyConstraint(['asset_id'], ['asset.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('inspection_id', 'asset_id')
    )
    op.create_index(op.f('ix_inspection_asset_asset_id'), 'inspection_asset', ['asset_id'], unique=False)
    # funds are data: writing them bumps data_state like the other data tables (0001)
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_bump_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION fieldmap_bump_data_version()"
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_data_version ON {table}")
    op.drop_index(op.f('ix_inspection_asset_asset_id'), table_name='inspection_asset')
    op.drop_table('inspection_asset')
    op.drop_index(op.f('ix_asset_site_id'), table_name='asset')
    op.drop_index(op.f('ix_asset_item_code'), table_name='asset')
    op.drop_table('asset')
    op.drop_index(op.f('ix_fund_payment_site_id'), table_name='fund_payment')
    op.drop_index(op.f('ix_fund_payment_item_code'), table_name='fund_payment')
    op.drop_table('fund_payment')
    op.drop_table('fund_item')
