"""text vectors: stored sentence embeddings, one per (model, text hash) (issue 19)

Revision ID: 0359dcac325e
Revises: 3f9b2c7d1e64
Create Date: 2026-12-07 23:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0359dcac325e'
down_revision = '3f9b2c7d1e64'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('text_vectors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model', sa.String(length=100), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('dim', sa.Integer(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_text_vectors')),
    sa.UniqueConstraint('model', 'text_sha256', name=op.f('uq_text_vectors_model_text_sha256'))
    )


def downgrade():
    op.drop_table('text_vectors')
