"""group_mails: mails organizers compose for a chosen group

Revision ID: 9d2e4f6a8b31
Revises: 3b8d6f0a2c17
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = '9d2e4f6a8b31'
down_revision = '3b8d6f0a2c17'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'group_mails',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('group', sa.String(length=30), nullable=False),
        sa.Column('query', sa.String(length=1000), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('sent_count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_group_mails_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_group_mails_event_id_events'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_group_mails')),
    )
    op.create_index(op.f('ix_group_mails_event_id'), 'group_mails', ['event_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_group_mails_event_id'), table_name='group_mails')
    op.drop_table('group_mails')
