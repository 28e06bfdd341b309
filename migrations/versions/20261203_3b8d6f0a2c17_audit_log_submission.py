"""audit_log.submission_id: the submission a row is about (for the log viewer), backfilled

Revision ID: 3b8d6f0a2c17
Revises: 7a9c3e5b1d20
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = '3b8d6f0a2c17'
down_revision = '7a9c3e5b1d20'
branch_labels = None
depends_on = None

# Which objects name their submission, and how (object_type -> SQL giving the submission id).
BACKFILL = {
    "Submission": "audit_log.object_id",
    "Assignment": "(SELECT submission_id FROM assignments WHERE assignments.id = audit_log.object_id)",
    "Review": "(SELECT a.submission_id FROM reviews r JOIN assignments a ON a.id = r.assignment_id"
              " WHERE r.id = audit_log.object_id)",
    "Decision": "(SELECT submission_id FROM decisions WHERE decisions.id = audit_log.object_id)",
    "Conflict": "(SELECT submission_id FROM conflicts WHERE conflicts.id = audit_log.object_id)",
    "Comment": "(SELECT submission_id FROM comments WHERE comments.id = audit_log.object_id)",
}


def upgrade():
    with op.batch_alter_table('audit_log') as batch:
        batch.add_column(sa.Column('submission_id', sa.Integer(), nullable=True))
        batch.create_index(batch.f('ix_audit_log_submission_id'), ['submission_id'], unique=False)
    for object_type, source in BACKFILL.items():
        op.execute(sa.text(f"UPDATE audit_log SET submission_id = {source} WHERE object_type = :kind")
                   .bindparams(kind=object_type))


def downgrade():
    with op.batch_alter_table('audit_log') as batch:
        batch.drop_index(batch.f('ix_audit_log_submission_id'))
        batch.drop_column('submission_id')
