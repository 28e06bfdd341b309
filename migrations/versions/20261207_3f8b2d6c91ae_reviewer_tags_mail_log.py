"""reviewer tags, and the outbox found by address (each person's mail log)

Revision ID: 3f8b2d6c91ae
Revises: 5e8a1c3f7b92
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '3f8b2d6c91ae'
down_revision = '5e8a1c3f7b92'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reviewer_tags',
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('added_by_id', sa.Integer(), nullable=True),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_reviewer_tags_added_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_reviewer_tags_tag_id_tags'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reviewer_tags_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('tag_id', 'user_id', name=op.f('pk_reviewer_tags')),
    )
    op.create_index(op.f('ix_reviewer_tags_user_id'), 'reviewer_tags', ['user_id'], unique=False)
    op.create_index('ix_outbox_messages_to_email_lower', 'outbox_messages', [sa.text('lower(to_email)')],
                    unique=False)


def downgrade():
    op.drop_index('ix_outbox_messages_to_email_lower', table_name='outbox_messages')
    op.drop_index(op.f('ix_reviewer_tags_user_id'), table_name='reviewer_tags')
    op.drop_table('reviewer_tags')
