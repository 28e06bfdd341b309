"""Reviewer recruitment, profiles, bids, assignments and assignment runs."""

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class BidValue(enum.StrEnum):
    eager = "eager"
    willing = "willing"
    neutral = "neutral"
    not_willing = "not_willing"
    conflict = "conflict"


class InvitationState(enum.StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    revoked = "revoked"


reviewer_topics = sa.Table(
    "reviewer_topics",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("topic_id", sa.ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_reviewer_topics_topic_id", "topic_id"),
)


class ReviewerProfile(db.Model):
    """A reviewer's expertise, kept across events."""

    __tablename__ = "reviewer_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    expertise: Mapped[str] = mapped_column(sa.Text, default="")
    keywords: Mapped[str] = mapped_column(sa.String(500), default="")
    past_papers: Mapped[str] = mapped_column(sa.Text, default="")  # titles and abstracts
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")


class ReviewerInvitation(db.Model):
    __tablename__ = "reviewer_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    affiliation: Mapped[str] = mapped_column(sa.String(200), default="")
    token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=lambda: secrets.token_urlsafe(32)
    )
    status: Mapped[str] = mapped_column(sa.String(20), default=InvitationState.pending)
    # The role the invitation offers: reviewer, or (committee) area_chair / senior_area_chair.
    role: Mapped[str] = mapped_column(sa.String(20), default="reviewer", server_default="reviewer")
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    responded_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]

    event = relationship("Event")

    __table_args__ = (sa.UniqueConstraint("event_id", "email", "role"),)


class Bid(db.Model):
    __tablename__ = "bids"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(sa.String(20))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("submission_id", "user_id"),)


class Assignment(db.Model):
    """A reviewer assigned to a submission; locked ones survive later automatic runs."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(20), default="reviewer")
    source: Mapped[str] = mapped_column(sa.String(20), default="manual")  # manual or auto
    locked: Mapped[bool] = mapped_column(default=False)
    run_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assignment_runs.id", ondelete="SET NULL"), index=True
    )
    affinity: Mapped[float | None]
    # The reviewer's ordinal on the submission ("Reviewer 2"), given once and never reused or
    # renumbered: a discussion thread or an author's decision mail names reviewers by it.
    # Given by assignment.numbering from the submission's counter.
    reviewer_number: Mapped[int]
    # The review round (reviewing.process); None is the event's first round.
    review_round_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("review_rounds.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission = relationship("Submission")
    user = relationship("User")

    __table_args__ = (sa.UniqueConstraint("submission_id", "user_id"),
                      sa.UniqueConstraint("submission_id", "reviewer_number"))


class AssignmentRun(db.Model):
    """One run of the automatic assignment: its inputs, its result, and whether it was applied."""

    __tablename__ = "assignment_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default="running")
    # Whom the run assigns: reviewers, or (committee) the one area chair of each submission.
    role: Mapped[str] = mapped_column(sa.String(20), default="reviewer", server_default="reviewer")
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    summary: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    pairs: Mapped[list] = mapped_column(sa.JSON, default=list)  # [[submission_id, user_id, score]]
    objective: Mapped[float | None]
    lp_bound: Mapped[float | None]
    duration_s: Mapped[float | None]
    job_id: Mapped[int | None] = mapped_column(sa.ForeignKey("jobs.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None]
    applied_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class TextVector(db.Model):
    """A text's embedding, stored once: keyed by the model and the text's sha256, so a text
    that did not change is never embedded again, and the same text (a past paper listed by two
    reviewers) only once. ``vector`` is little-endian float16 (``embedding.to_bytes``). It holds
    no owner: it is found through the texts (assignment/vectors.py), never listed."""

    __tablename__ = "text_vectors"
    __table_args__ = (sa.UniqueConstraint("model", "text_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    model: Mapped[str] = mapped_column(sa.String(100))
    text_sha256: Mapped[str] = mapped_column(sa.String(64))
    dim: Mapped[int]
    vector: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
