"""A mail an organizer composed for a group: what, to whom (as a rule), when it was sent."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class GroupMail(db.Model):
    __tablename__ = "group_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    group: Mapped[str] = mapped_column(sa.String(30))
    query: Mapped[str] = mapped_column(sa.String(1000), default="")
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    sent_count: Mapped[int] = mapped_column(default=0)
