"""publications and publication_imports; events.coauthor_conflict_years

Revision ID: 5e8a1c3f7b92
Revises: d3f5a7b9c1e2
Create Date: 2026-12-07 23:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = '5e8a1c3f7b92'
down_revision = 'd3f5a7b9c1e2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('title_key', sa.String(length=500), nullable=False),
    sa.Column('abstract', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('coauthors', sa.JSON(), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_publications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
    sa.UniqueConstraint('user_id', 'title_key', name='uq_publications_user_title')
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publications_user_id'), ['user_id'], unique=False)

    op.create_table('publication_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('papers', sa.JSON(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('duplicates', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_publication_imports_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publication_imports'))
    )
    with op.batch_alter_table('publication_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publication_imports_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coauthor_conflict_years', sa.Integer(), server_default='3', nullable=False))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('coauthor_conflict_years')
    with op.batch_alter_table('publication_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publication_imports_user_id'))
    op.drop_table('publication_imports')
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publications_user_id'))
    op.drop_table('publications')
