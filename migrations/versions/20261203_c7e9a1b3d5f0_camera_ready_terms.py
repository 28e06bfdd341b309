"""camera-ready terms: publishing_terms per event; the licence an accepted work's authors chose

Revision ID: c7e9a1b3d5f0
Revises: b4c6d8e0f2a3
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = 'c7e9a1b3d5f0'
down_revision = 'b4c6d8e0f2a3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'publishing_terms',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('licences', sa.JSON(), nullable=False),
        sa.Column('allow_non_archival', sa.Boolean(), nullable=False),
        sa.Column('terms_md', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_publishing_terms_event_id_events'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_publishing_terms')),
    )
    with op.batch_alter_table('presentation_confirmations') as batch:
        batch.add_column(sa.Column('licence', sa.String(length=40), server_default='', nullable=False))
        batch.add_column(sa.Column('non_archival', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column('terms_agreed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('presentation_confirmations') as batch:
        batch.drop_column('terms_agreed_at')
        batch.drop_column('non_archival')
        batch.drop_column('licence')
    op.drop_table('publishing_terms')
