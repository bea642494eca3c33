"""import: a station's address, person in charge and phone, as clerks' sheets carry them

Revision ID: 0009
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # site already bumps data_state through its trigger (0001); new columns need nothing more.
    op.add_column('site', sa.Column('address', sa.Text(), nullable=True))
    op.add_column('site', sa.Column('contact', sa.Text(), nullable=True))
    op.add_column('site', sa.Column('phone', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('site', 'phone')
    op.drop_column('site', 'contact')
    op.drop_column('site', 'address')
