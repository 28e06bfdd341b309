"""submission number set last in its transaction (nullable until then)

Revision ID: 8c3d2f6a1b07
Revises: 008c0e5b5f52
Create Date: 2026-11-24 20:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c3d2f6a1b07'
down_revision = '008c0e5b5f52'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=True)


def downgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)
