"""An event's committee settings, area-chair and senior-area-chair assignments, meta-reviews."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class MetaReviewWriters(enum.StrEnum):
    area_chairs = "area_chairs"
    organizers = "organizers"  # a workshop without ACs: the organizers write them


class MetaReviewState(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"


class CommitteeSettings(db.Model):
    """The "Committee" section of an event's settings. No row (or all off): today's flow."""

    __tablename__ = "committee_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    area_chairs: Mapped[bool] = mapped_column(default=False)
    senior_area_chairs: Mapped[bool] = mapped_column(default=False)
    area_chair_load: Mapped[int] = mapped_column(default=35)  # default cap of submissions per AC
    meta_reviews: Mapped[bool] = mapped_column(default=False)
    meta_review_writers: Mapped[str] = mapped_column(sa.String(20), default=MetaReviewWriters.area_chairs)
    meta_review_to_authors: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.CheckConstraint("area_chair_load >= 0", name="area_chair_load_nonneg"),)

    @property
    def acs_write_meta_reviews(self) -> bool:
        return self.meta_reviews and self.area_chairs and self.meta_review_writers == MetaReviewWriters.area_chairs


class AreaChairAssignment(db.Model):
    """The one area chair of a submission; locked ones survive later automatic runs."""

    __tablename__ = "area_chair_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("submissions.id", ondelete="CASCADE"), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(sa.String(20), default="manual")  # manual or auto
    locked: Mapped[bool] = mapped_column(default=False)
    run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assignment_runs.id", ondelete="SET NULL"), index=True)
    affinity: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission = relationship("Submission")
    user = relationship("User")


class SeniorAreaChairLink(db.Model):
    """An area chair under one senior area chair, in one event."""

    __tablename__ = "senior_area_chair_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    area_chair_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    senior_area_chair_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(sa.String(20), default="manual")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    area_chair = relationship("User", foreign_keys=[area_chair_id])
    senior_area_chair = relationship("User", foreign_keys=[senior_area_chair_id])

    __table_args__ = (sa.UniqueConstraint("event_id", "area_chair_id"),)


class MetaReview(db.Model):
    """The meta-review of a submission: a recommendation, a text to authors, one to organizers."""

    __tablename__ = "meta_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("submissions.id", ondelete="CASCADE"), unique=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    recommendation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("decision_outcomes.id", ondelete="SET NULL"), index=True)
    text_to_authors: Mapped[str] = mapped_column(sa.Text, default="")
    text_confidential: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(20), default=MetaReviewState.draft)
    version: Mapped[int] = mapped_column(default=1)
    # A senior area chair's change of the recommendation, with the reason they gave.
    sac_note: Mapped[str] = mapped_column(sa.Text, default="")
    sac_edited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    sac_edited_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]

    recommendation = relationship("DecisionOutcome")
    author = relationship("User", foreign_keys=[author_id])

    __table_args__ = (sa.CheckConstraint("status in ('draft', 'submitted')", name="meta_review_status"),)
