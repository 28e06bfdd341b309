"""stable reviewer numbers: assignments.reviewer_number, submissions.last_reviewer_number

Pseudonyms ("Reviewer 2") were each assignment's position in id order on its submission, so
removing an assignment renamed the reviewers after it. The ordinal is now stored and given
once. Existing assignments keep the numbers they were shown under (id order per submission),
and each submission's counter starts at its highest.

Revision ID: c0c9bf3f943b
Revises: 8c3d2f6a1b07
Create Date: 2026-11-24 22:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c0c9bf3f943b'
down_revision = '8c3d2f6a1b07'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_reviewer_number', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewer_number', sa.Integer(), nullable=True))
    # UPDATE ... FROM and window functions: PostgreSQL, and SQLite from 3.33.
    op.execute(
        "UPDATE assignments SET reviewer_number = ranked.n FROM ("
        " SELECT id, row_number() OVER (PARTITION BY submission_id ORDER BY id) AS n FROM assignments"
        ") AS ranked WHERE assignments.id = ranked.id"
    )
    op.execute(
        "UPDATE submissions SET last_reviewer_number = ("
        " SELECT max(reviewer_number) FROM assignments WHERE assignments.submission_id = submissions.id"
        ") WHERE id IN (SELECT submission_id FROM assignments)"
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.alter_column('reviewer_number', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f('uq_assignments_submission_id_reviewer_number'), ['submission_id', 'reviewer_number'])


def downgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_assignments_submission_id_reviewer_number'), type_='unique')
        batch_op.drop_column('reviewer_number')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('last_reviewer_number')
