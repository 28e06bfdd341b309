"""Review forms, reviews with their history, and the discussion of a submission."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class Visibility(enum.StrEnum):
    authors = "authors"  # authors (after release), reviewers and organizers
    reviewers = "reviewers"  # reviewers and organizers
    organizers = "organizers"  # organizers only
    committee = "committee"  # area chairs and organizers only (discussion comments; issue 16)


class QuestionKind(enum.StrEnum):
    score = "score"
    text = "text"
    choice = "choice"


class ReviewState(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"


class ReviewForm(db.Model):
    __tablename__ = "review_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    submission_type_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("submission_types.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))

    questions: Mapped[list["ReviewQuestion"]] = relationship(
        back_populates="form", order_by="ReviewQuestion.position", cascade="all, delete-orphan"
    )


class ReviewQuestion(db.Model):
    __tablename__ = "review_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(sa.ForeignKey("review_forms.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    key: Mapped[str] = mapped_column(sa.String(60))  # answers are stored under this key
    kind: Mapped[str] = mapped_column(sa.String(20))
    label: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    required: Mapped[bool] = mapped_column(default=True)
    visibility: Mapped[str] = mapped_column(sa.String(20), default=Visibility.authors)
    min_score: Mapped[int | None]
    max_score: Mapped[int | None]
    level_labels: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # {"1": "strong reject"}
    choices: Mapped[list] = mapped_column(sa.JSON, default=list)
    # Retired questions are hidden from new reviews but keep the answers already given.
    active: Mapped[bool] = mapped_column(default=True)

    form: Mapped[ReviewForm] = relationship(back_populates="questions")

    __table_args__ = (sa.UniqueConstraint("form_id", "key"),)


class Review(db.Model):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assignments.id", ondelete="CASCADE"), unique=True
    )
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    overall: Mapped[int | None]  # denormalised for ranking queries
    confidence: Mapped[int | None]
    status: Mapped[str] = mapped_column(sa.String(20), default=ReviewState.draft, index=True)
    version: Mapped[int] = mapped_column(default=1)
    reopened: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    assignment = relationship("Assignment")


class ReviewVersion(db.Model):
    """Every saved state of a review, so an organizer can read and restore history."""

    __tablename__ = "review_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(sa.ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(20))
    saved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class Comment(db.Model):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body_md: Mapped[str] = mapped_column(sa.Text)
    visibility: Mapped[str] = mapped_column(sa.String(20), default=Visibility.reviewers)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User")


class ReviewFreeze(db.Model):
    """During an incident the organizers freeze the reviews and discussion of the whole event
    (submission_id None) or of one submission: no review is saved and no comment posted while
    the row exists. Lifting the freeze deletes it (the audit log keeps both)."""

    __tablename__ = "review_freezes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    frozen_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    frozen_at: Mapped[datetime] = mapped_column(default=utcnow)
