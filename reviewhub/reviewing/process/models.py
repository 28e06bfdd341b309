"""Tables of the review process; an event without a settings row runs today's flat review."""

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewhub.extensions import db
from reviewhub.models_base import utcnow

DEFAULT_WORD_LIMIT = 500


class ReviewProcessSettings(db.Model):
    """One row per event that configured its review process (absent: everything off)."""

    __tablename__ = "review_process_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    response_enabled: Mapped[bool] = mapped_column(default=False)
    response_opens_at: Mapped[datetime | None]
    response_deadline_at: Mapped[datetime | None]
    response_word_limit: Mapped[int] = mapped_column(default=DEFAULT_WORD_LIMIT)
    response_shows_scores: Mapped[bool] = mapped_column(default=False)
    subreviewers_allowed: Mapped[bool] = mapped_column(default=False)
    subreviewers_need_approval: Mapped[bool] = mapped_column(default=False)
    ratings_enabled: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        sa.CheckConstraint("response_word_limit > 0", name="response_word_limit_positive"),
    )


class ReviewRound(db.Model):
    """A named review round with its deadline and, optionally, its own review form. The
    first round (lowest position) is the round of every assignment that names none."""

    __tablename__ = "review_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    position: Mapped[int] = mapped_column(default=0)
    deadline_at: Mapped[datetime | None]
    form_id: Mapped[int | None] = mapped_column(sa.ForeignKey("review_forms.id", ondelete="SET NULL"))

    form = relationship("ReviewForm")

    __table_args__ = (sa.UniqueConstraint("event_id", "name"),)


class AuthorResponse(db.Model):
    """The authors' one response to the reviews of a submission, with an optional reply under
    each review ({assignment id: Markdown}); `version` is its optimistic lock."""

    __tablename__ = "author_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("submissions.id", ondelete="CASCADE"), unique=True)
    body_md: Mapped[str] = mapped_column(sa.Text, default="")
    replies: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    words: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=0)
    first_saved_at: Mapped[datetime] = mapped_column(default=utcnow)  # when it "arrived"
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class SubReviewState(enum.StrEnum):
    awaiting_approval = "awaiting_approval"  # an organizer must approve before the mail goes out
    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    revoked = "revoked"


class SubReviewRequest(db.Model):
    """A reviewer's request that an external expert write the review of one assignment: a
    per-assignment grant once accepted (the sub-reviewer sees only that submission)."""

    __tablename__ = "subreview_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=lambda: secrets.token_urlsafe(32))
    status: Mapped[str] = mapped_column(sa.String(20), default=SubReviewState.pending, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    responded_at: Mapped[datetime | None]

    assignment = relationship("Assignment")
    user = relationship("User", foreign_keys=[user_id])


class ReviewRating(db.Model):
    """One reader's helpfulness rating of a review (HotCRP's review ratings): +1 or -1."""

    __tablename__ = "review_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    value: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("review_id", "user_id"),
                      sa.CheckConstraint("value IN (-1, 1)", name="rating_value"))
