"""indexes for conference-size lookups

Revision ID: 2477106c07c6
Revises: 4f8d14abf178
Create Date: 2026-11-24 17:51:55.227018

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2477106c07c6'
down_revision = '4f8d14abf178'
branch_labels = None
depends_on = None


def upgrade():
    # Expression index (autogenerate cannot compare these on SQLite, so it is written by hand).
    op.create_index("ix_authorships_email_lower", "authorships", [sa.text("lower(email)")], unique=False)
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_run_id'), ['run_id'], unique=False)

    with op.batch_alter_table('reviewer_topics', schema=None) as batch_op:
        batch_op.create_index('ix_reviewer_topics_topic_id', ['topic_id'], unique=False)

    with op.batch_alter_table('schedule_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_slots_submission_id'), ['submission_id'], unique=False)

    with op.batch_alter_table('slot_speakers', schema=None) as batch_op:
        batch_op.create_index('ix_slot_speakers_speaker_id', ['speaker_id'], unique=False)

    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speakers_submission_id'), ['submission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_speakers_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('submission_topics', schema=None) as batch_op:
        batch_op.create_index('ix_submission_topics_topic_id', ['topic_id'], unique=False)



def downgrade():
    op.drop_index("ix_authorships_email_lower", table_name="authorships")
    with op.batch_alter_table('submission_topics', schema=None) as batch_op:
        batch_op.drop_index('ix_submission_topics_topic_id')

    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speakers_user_id'))
        batch_op.drop_index(batch_op.f('ix_speakers_submission_id'))

    with op.batch_alter_table('slot_speakers', schema=None) as batch_op:
        batch_op.drop_index('ix_slot_speakers_speaker_id')

    with op.batch_alter_table('schedule_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schedule_slots_submission_id'))

    with op.batch_alter_table('reviewer_topics', schema=None) as batch_op:
        batch_op.drop_index('ix_reviewer_topics_topic_id')

    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_run_id'))

