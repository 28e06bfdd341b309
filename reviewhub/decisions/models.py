"""Decision outcomes, decisions with their release, and presentation confirmations."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class DecisionOutcome(db.Model):
    __tablename__ = "decision_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str] = mapped_column(sa.String(200))
    is_accept: Mapped[bool] = mapped_column(default=False)
    presentation_format: Mapped[str] = mapped_column(sa.String(20), default="none")  # talk, poster
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.UniqueConstraint("event_id", "key"),)


class ReleaseBatch(db.Model):
    """One press of "release decisions" (or of "send correction"): dedupes its emails."""

    __tablename__ = "release_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20), default="release")  # release or correction
    summary: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Decision(db.Model):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), unique=True
    )
    outcome_id: Mapped[int] = mapped_column(sa.ForeignKey("decision_outcomes.id"), index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Invisible to authors until released; a change after release needs a correction batch.
    released_at: Mapped[datetime | None]
    release_batch_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("release_batches.id", ondelete="SET NULL")
    )
    changed_since_release: Mapped[bool] = mapped_column(default=False)
    # What the authors were told: stays until a correction releases the changed outcome.
    released_outcome_id: Mapped[int | None] = mapped_column(sa.ForeignKey("decision_outcomes.id"))

    outcome: Mapped[DecisionOutcome] = relationship(foreign_keys=[outcome_id])
    released_outcome: Mapped[DecisionOutcome | None] = relationship(foreign_keys=[released_outcome_id])
    submission = relationship("Submission")


class PresentationConfirmation(db.Model):
    __tablename__ = "presentation_confirmations"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")  # confirmed, declined
    presenter_name: Mapped[str] = mapped_column(sa.String(200), default="")
    presenter_affiliation: Mapped[str] = mapped_column(sa.String(200), default="")
    confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The camera-ready terms the authors chose (decisions.terms): a licence the event offers,
    # whether the work is non-archival, and when they agreed to the publishing terms.
    licence: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    non_archival: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    terms_agreed_at: Mapped[datetime | None]


class PublishingTerms(db.Model):
    """What an event's accepted authors choose from at camera-ready (off while no row exists)."""

    __tablename__ = "publishing_terms"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    licences: Mapped[list] = mapped_column(sa.JSON, default=list)  # keys of decisions.terms.LICENCES
    allow_non_archival: Mapped[bool] = mapped_column(default=False)
    terms_md: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
