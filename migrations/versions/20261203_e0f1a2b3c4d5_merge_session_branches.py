"""Join this session's schema branches (each domain's change was made in parallel from
c0c9bf3f943b and touches its own tables).

Revision ID: e0f1a2b3c4d5
Revises: 5f0b1e7c9a24, a16c0a11c4a1, a16e0c0d5e01, 5e1c7a0d9b24, 6286edced082
Create Date: 2026-12-03
"""

revision = 'e0f1a2b3c4d5'
down_revision = ('5f0b1e7c9a24', 'a16c0a11c4a1', 'a16e0c0d5e01', '5e1c7a0d9b24', '6286edced082')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
