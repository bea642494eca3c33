"""login lockout per (username, client address), with backoff

Revision ID: 0007
Revises: 0004

Not a data table: no data-version trigger (a failed login must not invalidate the caches of
every map, or guessing passwords would also be a way to keep the service busy).
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_failure',
    sa.Column('username', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('failures', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('first_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('username', 'address'),
    )
    op.create_index('ix_login_failure_address_last_at', 'login_failure', ['address', 'last_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_login_failure_address_last_at', table_name='login_failure')
    op.drop_table('login_failure')
