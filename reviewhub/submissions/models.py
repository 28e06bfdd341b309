"""Submission types, submissions, their authors, files and conflicts of interest."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class SubmissionState(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"
    withdrawn = "withdrawn"


ALLOWED_TRANSITIONS = {
    SubmissionState.draft: {SubmissionState.submitted, SubmissionState.withdrawn},
    SubmissionState.submitted: {SubmissionState.withdrawn, SubmissionState.draft},
    SubmissionState.withdrawn: set(),
}


class BlindState(enum.StrEnum):
    clean = "clean"  # blind_key holds the cleaned copy
    failed = "failed"  # could not be cleaned: blind readers never get this file
    pending = "pending"  # being cleaned in a job: blind readers wait


class AIUse(enum.StrEnum):
    none = "none"
    assisted = "assisted"
    generated = "generated"


class ConflictSource(enum.StrEnum):
    author = "author"  # declared by an author
    reviewer = "reviewer"  # declared by the reviewer
    bid = "bid"  # the reviewer bid "conflict"
    email_domain = "email_domain"  # found: same institutional mail domain
    affiliation = "affiliation"  # found: same affiliation
    coauthor = "coauthor"  # found: wrote a paper together recently (publication lists)
    organizer = "organizer"  # set by an organizer


submission_topics = sa.Table(
    "submission_topics",
    db.metadata,
    sa.Column("submission_id", sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("topic_id", sa.ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_submission_topics_topic_id", "topic_id"),
)


class SubmissionType(db.Model):
    """What an event accepts: a paper, a creative work, ...; each with its files and limits."""

    __tablename__ = "submission_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(100))
    description_md: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    deadline_at: Mapped[datetime | None]  # overrides the event's submission deadline
    page_limit: Mapped[int | None]
    max_file_mb: Mapped[int] = mapped_column(default=20)
    # File kinds (pdf, zip, image, audio, video) and which of them are required.
    allowed_kinds: Mapped[list] = mapped_column(sa.JSON, default=list)
    required_kinds: Mapped[list] = mapped_column(sa.JSON, default=list)
    allow_link: Mapped[bool] = mapped_column(default=False)
    needs_statement: Mapped[bool] = mapped_column(default=False)  # an artist statement

    event = relationship("Event")

    __table_args__ = (sa.UniqueConstraint("event_id", "key"),)


class Submission(db.Model):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # Shown to people: "#12"; sequential per event. NULL only inside the transaction that
    # creates the submission: it is numbered last, to hold the event's numbering lock briefly.
    number: Mapped[int | None]
    type_id: Mapped[int] = mapped_column(sa.ForeignKey("submission_types.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    abstract_md: Mapped[str] = mapped_column(sa.Text, default="")
    keywords: Mapped[str] = mapped_column(sa.String(500), default="")
    artist_statement: Mapped[str] = mapped_column(sa.Text, default="")
    link_url: Mapped[str] = mapped_column(sa.String(1000), default="")
    ai_use: Mapped[str] = mapped_column(sa.String(20), default=AIUse.none)
    ai_use_details: Mapped[str] = mapped_column(sa.Text, default="")
    presentation_preference: Mapped[str] = mapped_column(sa.String(20), default="either")
    consent_to_publish: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(20), default=SubmissionState.draft, index=True)
    version: Mapped[int] = mapped_column(default=1)  # optimistic locking
    # The highest reviewer ordinal this submission has ever given (assignment.numbering): kept
    # here, not read off the assignments, so a deleted assignment's number is never given again.
    last_reviewer_number: Mapped[int] = mapped_column(default=0, server_default="0")
    # Makes a double-clicked or retried "create" idempotent.
    client_token: Mapped[str | None] = mapped_column(sa.String(64))
    deadline_extension_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]

    event = relationship("Event")
    type: Mapped[SubmissionType] = relationship()
    topics = relationship("Topic", secondary=submission_topics, order_by="Topic.position")
    authors: Mapped[list["Authorship"]] = relationship(
        back_populates="submission", order_by="Authorship.position", cascade="all, delete-orphan"
    )
    files: Mapped[list["SubmissionFile"]] = relationship(
        back_populates="submission", order_by="SubmissionFile.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.UniqueConstraint("event_id", "number"),
        sa.UniqueConstraint("event_id", "client_token"),
        sa.CheckConstraint("status in ('draft', 'submitted', 'withdrawn')", name="status_valid"),
        sa.CheckConstraint("ai_use in ('none', 'assisted', 'generated')", name="ai_use_valid"),
    )

    @property
    def contact_authors(self) -> list["Authorship"]:
        return [a for a in self.authors if a.is_contact]

    def __repr__(self) -> str:
        return f"<Submission {self.event_id}#{self.number}>"


class Authorship(db.Model):
    __tablename__ = "authorships"
    # "Is this user an author?" matches addresses in any case (the user's own submissions,
    # conflicts of interest): an index on lower(email) keeps that a lookup.
    __table_args__ = (sa.Index("ix_authorships_email_lower", sa.func.lower(sa.text("email"))),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    affiliation: Mapped[str] = mapped_column(sa.String(200), default="")
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    is_contact: Mapped[bool] = mapped_column(default=False)

    submission: Mapped[Submission] = relationship(back_populates="authors")
    user = relationship("User")


class SubmissionFile(db.Model):
    __tablename__ = "submission_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    # What the file is for: main, supplementary, media, statement, camera_ready, final_media.
    purpose: Mapped[str] = mapped_column(sa.String(30))
    kind: Mapped[str] = mapped_column(sa.String(20))  # pdf, zip, image, audio, video
    original_name: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    page_count: Mapped[int | None]
    extracted_text: Mapped[str] = mapped_column(sa.Text, default="")
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The copy double-blind readers get (submissions.blinding), made at upload in double-blind
    # events: its storage key, its state (BlindState; NULL: none made, e.g. a single-blind
    # event's file or a ZIP), what it lost, and why a file could not be cleaned.
    blind_key: Mapped[str | None] = mapped_column(sa.String(200))
    blind_state: Mapped[str | None] = mapped_column(sa.String(20))
    blind_removed: Mapped[list] = mapped_column(sa.JSON, default=list)
    blind_problem: Mapped[str] = mapped_column(sa.String(500), default="")

    submission: Mapped[Submission] = relationship(back_populates="files")

    __table_args__ = (
        sa.CheckConstraint("blind_state in ('clean', 'failed', 'pending')", name="blind_state_valid"),
    )


class Conflict(db.Model):
    """A user who must not review or see the reviews of a submission."""

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(sa.String(20))
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    # An organizer may override a found conflict, with a reason; the row stays for the audit.
    overridden: Mapped[bool] = mapped_column(default=False)
    override_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    overridden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission: Mapped[Submission] = relationship()
    user = relationship("User", foreign_keys=[user_id])

    __table_args__ = (sa.UniqueConstraint("submission_id", "user_id", "source"),)
