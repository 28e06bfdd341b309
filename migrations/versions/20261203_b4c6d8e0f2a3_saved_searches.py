"""saved_searches: an organizer's named searches of the submissions list

Revision ID: b4c6d8e0f2a3
Revises: 9d2e4f6a8b31
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = 'b4c6d8e0f2a3'
down_revision = '9d2e4f6a8b31'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'saved_searches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('query', sa.String(length=1000), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_saved_searches_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_searches_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_searches')),
        sa.UniqueConstraint('event_id', 'user_id', 'name', name=op.f('uq_saved_searches_event_id_user_id_name')),
    )
    op.create_index(op.f('ix_saved_searches_event_id'), 'saved_searches', ['event_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_saved_searches_event_id'), table_name='saved_searches')
    op.drop_table('saved_searches')
