"""tags: organizers' labels on submissions (shared, or private to one organizer)

Revision ID: 7a9c3e5b1d20
Revises: e0f1a2b3c4d5
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = '7a9c3e5b1d20'
down_revision = 'e0f1a2b3c4d5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'tags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('colour', sa.String(length=20), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_tags_event_id_events'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_tags_owner_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    )
    op.create_index(op.f('ix_tags_event_id'), 'tags', ['event_id'], unique=False)
    op.create_index('uq_tags_event_owner_name', 'tags', ['event_id', sa.text('coalesce(owner_id, 0)'), 'name'],
                    unique=True)
    op.create_table(
        'submission_tags',
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('added_by_id', sa.Integer(), nullable=True),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_submission_tags_added_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                                name=op.f('fk_submission_tags_submission_id_submissions'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_submission_tags_tag_id_tags'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('tag_id', 'submission_id', name=op.f('pk_submission_tags')),
    )
    op.create_index(op.f('ix_submission_tags_submission_id'), 'submission_tags', ['submission_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_submission_tags_submission_id'), table_name='submission_tags')
    op.drop_table('submission_tags')
    op.drop_index('uq_tags_event_owner_name', table_name='tags')
    op.drop_index(op.f('ix_tags_event_id'), table_name='tags')
    op.drop_table('tags')
