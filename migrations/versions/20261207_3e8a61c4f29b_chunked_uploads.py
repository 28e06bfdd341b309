"""chunked uploads: resumable uploads sent before a submission's save (issue 22)

Revision ID: 3e8a61c4f29b
Revises: 0359dcac325e
Create Date: 2026-12-07 23:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '3e8a61c4f29b'
down_revision = '0359dcac325e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('chunked_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('received', sa.BigInteger(), nullable=False),
    sa.Column('part_key', sa.String(length=64), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('received >= 0 AND received <= size', name=op.f('ck_chunked_uploads_received_in_size')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_chunked_uploads_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_chunked_uploads_submission_id_submissions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['type_id'], ['submission_types.id'], name=op.f('fk_chunked_uploads_type_id_submission_types'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_chunked_uploads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chunked_uploads')),
    sa.UniqueConstraint('token', name=op.f('uq_chunked_uploads_token'))
    )
    with op.batch_alter_table('chunked_uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chunked_uploads_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_chunked_uploads_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_chunked_uploads_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('chunked_uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chunked_uploads_user_id'))
        batch_op.drop_index(batch_op.f('ix_chunked_uploads_updated_at'))
        batch_op.drop_index(batch_op.f('ix_chunked_uploads_event_id'))
    op.drop_table('chunked_uploads')
