"""closed events and review freezes: events.close_after_days/closed_at/reopened_at, review_freezes

An event closes by hand or a set number of days after its event day, and reviewers lose
access to it; organizers may freeze the reviews and discussion of an event or a submission.

Revision ID: 5e1c7a0d9b24
Revises: c0c9bf3f943b
Create Date: 2026-12-03 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1c7a0d9b24'
down_revision = 'c0c9bf3f943b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('close_after_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('reopened_at', sa.DateTime(), nullable=True))
    op.create_table(
        'review_freezes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('frozen_by_id', sa.Integer(), nullable=True),
        sa.Column('frozen_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_review_freezes_event_id_events'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['frozen_by_id'], ['users.id'], name=op.f('fk_review_freezes_frozen_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'],
                                name=op.f('fk_review_freezes_submission_id_submissions'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_review_freezes')),
    )
    with op.batch_alter_table('review_freezes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_freezes_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_freezes_submission_id'), ['submission_id'], unique=False)


def downgrade():
    with op.batch_alter_table('review_freezes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_freezes_submission_id'))
        batch_op.drop_index(batch_op.f('ix_review_freezes_event_id'))
    op.drop_table('review_freezes')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('reopened_at')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('close_after_days')
