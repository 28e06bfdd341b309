"""custom questions: an event's own questions on the submission form and of reviewers (issue 21)

Revision ID: 3f9b2c7d1e64
Revises: 3f8b2d6c91ae
Create Date: 2026-12-07 23:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3f9b2c7d1e64'
down_revision = '3f8b2d6c91ae'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=20), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('help_text', sa.String(length=1000), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('min_value', sa.Double(), nullable=True),
    sa.Column('max_value', sa.Double(), nullable=True),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('for_reviewers', sa.Boolean(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind in ('text', 'long_text', 'number', 'single', 'multiple', 'checkbox', 'date', 'file')", name=op.f('ck_questions_kind_valid')),
    sa.CheckConstraint("target in ('submission', 'reviewer')", name=op.f('ck_questions_target_valid')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_questions_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['type_id'], ['submission_types.id'], name=op.f('fk_questions_type_id_submission_types'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions')),
    sa.UniqueConstraint('event_id', 'key', name=op.f('uq_questions_event_id_key'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_event_id'), ['event_id'], unique=False)

    op.create_table('question_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('number', sa.Double(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(submission_id is null) <> (user_id is null)', name=op.f('ck_question_answers_one_owner')),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_answers_question_id_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_question_answers_submission_id_submissions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_question_answers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_answers')),
    sa.UniqueConstraint('question_id', 'submission_id', name=op.f('uq_question_answers_question_id_submission_id')),
    sa.UniqueConstraint('question_id', 'user_id', name=op.f('uq_question_answers_question_id_user_id'))
    )
    with op.batch_alter_table('question_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_answers_submission_id'), ['submission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_answers_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('question_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_answers_user_id'))
        batch_op.drop_index(batch_op.f('ix_question_answers_submission_id'))
    op.drop_table('question_answers')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_event_id'))
    op.drop_table('questions')
