"""blind copies of submission files: submission_files.blind_key, blind_state, blind_removed,
blind_problem

Double-blind readers get a copy of each PDF, image, audio and video file without its
identifying metadata and active content, made at upload (submissions.blinding). Existing files
have none (blind_state NULL) and are cleaned when a blind reader asks for them.

Revision ID: 5f0b1e7c9a24
Revises: c0c9bf3f943b
Create Date: 2026-12-03 13:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5f0b1e7c9a24'
down_revision = 'c0c9bf3f943b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submission_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('blind_key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('blind_state', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('blind_removed', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('blind_problem', sa.String(length=500), nullable=True))
        batch_op.create_check_constraint(op.f('ck_submission_files_blind_state_valid'),
                                         "blind_state in ('clean', 'failed', 'pending')")
    op.execute("UPDATE submission_files SET blind_removed = '[]', blind_problem = ''")
    with op.batch_alter_table('submission_files', schema=None) as batch_op:
        batch_op.alter_column('blind_removed', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('blind_problem', existing_type=sa.String(length=500), nullable=False)


def downgrade():
    with op.batch_alter_table('submission_files', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_submission_files_blind_state_valid'), type_='check')
        batch_op.drop_column('blind_problem')
        batch_op.drop_column('blind_removed')
        batch_op.drop_column('blind_state')
        batch_op.drop_column('blind_key')
