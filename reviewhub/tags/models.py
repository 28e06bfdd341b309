"""Tags of an event and the submissions they are on."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class Tag(db.Model):
    """A label organizers put on submissions; private to `owner` when set, else shared by the
    event's organizers."""

    __tablename__ = "tags"
    __table_args__ = (
        # One shared tag of a name per event, and one private tag of a name per owner: the
        # coalesce makes the shared ones (owner NULL) collide with each other too.
        sa.Index("uq_tags_event_owner_name", "event_id", sa.text("coalesce(owner_id, 0)"), "name", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(40))
    colour: Mapped[str] = mapped_column(sa.String(20), default="grey")
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SubmissionTag(db.Model):
    __tablename__ = "submission_tags"

    tag_id: Mapped[int] = mapped_column(sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewerTag(db.Model):
    """A tag on one of the event's reviewers (the tag belongs to the event, so the pair does
    too); the same shared or private rule as on submissions."""

    __tablename__ = "reviewer_tags"

    tag_id: Mapped[int] = mapped_column(sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
