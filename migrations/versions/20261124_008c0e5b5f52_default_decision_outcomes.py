"""default decision outcomes for events that have none

Events made before outcomes were created with the event got them on the first visit of the
Outcomes page (a write on GET); that page no longer writes, so existing events get them here.

Revision ID: 008c0e5b5f52
Revises: 5b1e0c7a9d42
Create Date: 2026-11-24 19:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '008c0e5b5f52'
down_revision = '5b1e0c7a9d42'
branch_labels = None
depends_on = None

# A copy, not an import: a migration keeps meaning what it meant when it was written.
DEFAULT_OUTCOMES = [
    ("accept_talk", "Accept — contributed talk", True, "talk"),
    ("accept_poster", "Accept — poster", True, "poster"),
    ("reject", "Reject", False, "none"),
]

events = sa.table("events", sa.column("id", sa.Integer))
outcomes = sa.table(
    "decision_outcomes",
    sa.column("event_id", sa.Integer), sa.column("key", sa.String), sa.column("label", sa.String),
    sa.column("is_accept", sa.Boolean), sa.column("presentation_format", sa.String),
    sa.column("position", sa.Integer),
)


def upgrade():
    connection = op.get_bind()
    without = connection.scalars(
        sa.select(events.c.id).where(~sa.exists().where(outcomes.c.event_id == events.c.id))
    ).all()
    rows = [
        {"event_id": event_id, "key": key, "label": label, "is_accept": is_accept,
         "presentation_format": fmt, "position": position}
        for event_id in without
        for position, (key, label, is_accept, fmt) in enumerate(DEFAULT_OUTCOMES)
    ]
    if rows:
        op.bulk_insert(outcomes, rows)


def downgrade():
    pass  # the outcomes may be in use by decisions by now: they stay
