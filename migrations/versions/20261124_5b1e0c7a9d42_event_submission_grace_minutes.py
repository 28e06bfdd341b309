"""event submission grace minutes

Revision ID: 5b1e0c7a9d42
Revises: 2477106c07c6
Create Date: 2026-11-24 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b1e0c7a9d42'
down_revision = '2477106c07c6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_grace_minutes', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(op.f('ck_events_submission_grace_nonneg'), 'submission_grace_minutes >= 0')


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_events_submission_grace_nonneg'), type_='check')
        batch_op.drop_column('submission_grace_minutes')
