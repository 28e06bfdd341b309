"""Events, their topics, and the per-event roles of users."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.timeutil import ANYWHERE_ON_EARTH


class Role(enum.StrEnum):
    organizer = "organizer"
    reviewer = "reviewer"
    area_chair = "area_chair"  # the committee (issue 16): only when the event turns ACs on
    senior_area_chair = "senior_area_chair"


# The event's dates, in the order the Important Dates table lists them.
EVENT_DATES = [
    ("submission_open_at", "Submissions open"),
    ("abstract_deadline_at", "Abstract Registration"),
    ("submission_deadline_at", "Submission Deadline"),
    ("review_deadline_at", "Review Deadline"),
    ("notification_at", "Final Decisions"),
    ("camera_ready_at", "Camera-ready Deadline"),
]


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    short_name: Mapped[str] = mapped_column(sa.String(100), default="")
    tagline: Mapped[str] = mapped_column(sa.String(300), default="")
    description_md: Mapped[str] = mapped_column(sa.Text, default="")
    call_md: Mapped[str] = mapped_column(sa.Text, default="")
    venue: Mapped[str] = mapped_column(sa.String(300), default="")
    timezone: Mapped[str] = mapped_column(sa.String(64), default=ANYWHERE_ON_EARTH)
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")

    submission_open_at: Mapped[datetime | None]
    abstract_deadline_at: Mapped[datetime | None]
    submission_deadline_at: Mapped[datetime | None]
    # Minutes after a submission deadline during which work is still accepted (HotCRP's grace
    # period): for uploads that started in time. Never shown to authors; the deadline stays.
    submission_grace_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    review_deadline_at: Mapped[datetime | None]
    notification_at: Mapped[datetime | None]
    camera_ready_at: Mapped[datetime | None]
    event_date: Mapped[date | None] = mapped_column(sa.Date)

    double_blind: Mapped[bool] = mapped_column(default=True)
    # Papers written together within this many years make a conflict (publication lists); 0: off.
    coauthor_conflict_years: Mapped[int] = mapped_column(default=3, server_default="3")
    reviews_per_submission: Mapped[int] = mapped_column(default=3)
    default_reviewer_load: Mapped[int] = mapped_column(default=5)
    cfp_open: Mapped[bool] = mapped_column(default=True)
    reviews_visible_to_authors: Mapped[bool] = mapped_column(default=False)
    program_public: Mapped[bool] = mapped_column(default=False)
    # Reviewers see the other reviews of a submission only once they submitted their own.
    reviewers_see_others_after_submit: Mapped[bool] = mapped_column(default=True)
    # Closing (issue 17): once closed, reviewers lose access to submissions and reviews
    # (permissions.is_event_closed). Closed by hand (closed_at) or `close_after_days` after the
    # event day; a reopen after both keeps it open until the next close.
    close_after_days: Mapped[int | None]
    closed_at: Mapped[datetime | None]
    reopened_at: Mapped[datetime | None]
    # Organizers without two-factor sign-in are sent to set it up before any organizer page.
    organizers_require_two_factor: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    topics: Mapped[list["Topic"]] = relationship(
        back_populates="event", order_by="Topic.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("reviews_per_submission >= 0", name="reviews_per_submission_nonneg"),
        sa.CheckConstraint("default_reviewer_load >= 0", name="default_load_nonneg"),
        sa.CheckConstraint("submission_grace_minutes >= 0", name="submission_grace_nonneg"),
    )

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class Topic(db.Model):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="topics")


class Membership(db.Model):
    """A user's role in one event; authorship is implied by the author list instead."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20))
    max_load: Mapped[int | None]  # a reviewer's own cap; the event default when unset
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")
    event: Mapped[Event] = relationship()

    __table_args__ = (sa.UniqueConstraint("user_id", "event_id", "role"),)
