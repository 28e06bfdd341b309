"""users.totp_secret holds a sealed (Fernet) secret, longer than the plain base32 one

Revision ID: d3f5a7b9c1e2
Revises: 7a41c2e9b0d3
Create Date: 2026-12-07 23:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'd3f5a7b9c1e2'
down_revision = '7a41c2e9b0d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=64), type_=sa.String(length=255),
                              existing_nullable=True)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=255), type_=sa.String(length=64),
                              existing_nullable=True)
