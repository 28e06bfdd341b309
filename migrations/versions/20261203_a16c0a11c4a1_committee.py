"""committee: settings, area-chair and senior-area-chair assignments, meta-reviews (issue 16)

Invitations and assignment runs gain the role they are for (reviewer by default), so the
reviewer invitation flow and the assignment solver serve area chairs too. An invitation is
unique per event, address and role: one person may be invited as reviewer and as AC.

Revision ID: a16c0a11c4a1
Revises: c0c9bf3f943b
Create Date: 2026-12-03 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a16c0a11c4a1'
down_revision = 'c0c9bf3f943b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('committee_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('area_chairs', sa.Boolean(), nullable=False),
    sa.Column('senior_area_chairs', sa.Boolean(), nullable=False),
    sa.Column('area_chair_load', sa.Integer(), nullable=False),
    sa.Column('meta_reviews', sa.Boolean(), nullable=False),
    sa.Column('meta_review_writers', sa.String(length=20), nullable=False),
    sa.Column('meta_review_to_authors', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('area_chair_load >= 0', name=op.f('ck_committee_settings_area_chair_load_nonneg')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_committee_settings_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_settings')),
    sa.UniqueConstraint('event_id', name=op.f('uq_committee_settings_event_id'))
    )
    op.create_table('area_chair_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('affinity', sa.Double(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['assignment_runs.id'], name=op.f('fk_area_chair_assignments_run_id_assignment_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_area_chair_assignments_submission_id_submissions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_area_chair_assignments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area_chair_assignments')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_area_chair_assignments_submission_id'))
    )
    with op.batch_alter_table('area_chair_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_chair_assignments_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_area_chair_assignments_user_id'), ['user_id'], unique=False)
    op.create_table('senior_area_chair_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('area_chair_id', sa.Integer(), nullable=False),
    sa.Column('senior_area_chair_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_chair_id'], ['users.id'], name=op.f('fk_senior_area_chair_links_area_chair_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_senior_area_chair_links_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['senior_area_chair_id'], ['users.id'], name=op.f('fk_senior_area_chair_links_senior_area_chair_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_senior_area_chair_links')),
    sa.UniqueConstraint('event_id', 'area_chair_id', name=op.f('uq_senior_area_chair_links_event_id_area_chair_id'))
    )
    with op.batch_alter_table('senior_area_chair_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_senior_area_chair_links_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_senior_area_chair_links_senior_area_chair_id'), ['senior_area_chair_id'], unique=False)
    op.create_table('meta_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('recommendation_id', sa.Integer(), nullable=True),
    sa.Column('text_to_authors', sa.Text(), nullable=False),
    sa.Column('text_confidential', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('sac_note', sa.Text(), nullable=False),
    sa.Column('sac_edited_by_id', sa.Integer(), nullable=True),
    sa.Column('sac_edited_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status in ('draft', 'submitted')", name=op.f('ck_meta_reviews_meta_review_status')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_meta_reviews_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['decision_outcomes.id'], name=op.f('fk_meta_reviews_recommendation_id_decision_outcomes'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sac_edited_by_id'], ['users.id'], name=op.f('fk_meta_reviews_sac_edited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_meta_reviews_submission_id_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meta_reviews')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_meta_reviews_submission_id'))
    )
    with op.batch_alter_table('meta_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meta_reviews_recommendation_id'), ['recommendation_id'], unique=False)
    with op.batch_alter_table('reviewer_invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=20), server_default='reviewer', nullable=False))
        batch_op.drop_constraint('uq_reviewer_invitations_event_id_email', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_reviewer_invitations_event_id_email_role'),
                                          ['event_id', 'email', 'role'])
    with op.batch_alter_table('assignment_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=20), server_default='reviewer', nullable=False))


def downgrade():
    with op.batch_alter_table('assignment_runs', schema=None) as batch_op:
        batch_op.drop_column('role')
    op.execute("DELETE FROM reviewer_invitations WHERE role <> 'reviewer'")
    with op.batch_alter_table('reviewer_invitations', schema=None) as batch_op:
        batch_op.drop_constraint('uq_reviewer_invitations_event_id_email_role', type_='unique')
        batch_op.create_unique_constraint('uq_reviewer_invitations_event_id_email', ['event_id', 'email'])
        batch_op.drop_column('role')
    op.drop_table('meta_reviews')
    op.drop_table('senior_area_chair_links')
    op.drop_table('area_chair_assignments')
    op.drop_table('committee_settings')
