"""Speakers, the draft schedule, and its immutable public releases."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewhub.extensions import db
from reviewhub.models_base import utcnow

SPEAKER_KINDS = ("keynote", "invited", "panelist", "organizer", "presenter")
SLOT_KINDS = (
    "intro", "invited_talk", "conversation", "break", "contributed_talk",
    "poster_session", "panel", "round_table", "other",
)

slot_speakers = sa.Table(
    "slot_speakers",
    db.metadata,
    sa.Column("slot_id", sa.ForeignKey("schedule_slots.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("speaker_id", sa.ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_slot_speakers_speaker_id", "speaker_id"),
)


class Speaker(db.Model):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    affiliation: Mapped[str] = mapped_column(sa.String(300), default="")
    position_title: Mapped[str] = mapped_column(sa.String(200), default="")  # "Research Scientist"
    bio_md: Mapped[str] = mapped_column(sa.Text, default="")
    photo_key: Mapped[str | None] = mapped_column(sa.String(200))
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")  # never shown publicly
    kind: Mapped[str] = mapped_column(sa.String(20), default="keynote")
    position: Mapped[int] = mapped_column(default=0)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    submission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="SET NULL"), index=True
    )


class ScheduleSlot(db.Model):
    __tablename__ = "schedule_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(sa.String(30))
    title: Mapped[str] = mapped_column(sa.String(300))
    room: Mapped[str] = mapped_column(sa.String(100), default="")
    submission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="SET NULL"), index=True
    )

    speakers = relationship("Speaker", secondary=slot_speakers, order_by="Speaker.position")
    submission = relationship("Submission")


class PosterBoard(db.Model):
    """An accepted poster placed in a poster session with its board number."""

    __tablename__ = "poster_boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("schedule_slots.id", ondelete="CASCADE"))
    submission_id: Mapped[int] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), unique=True
    )
    board_number: Mapped[int]

    submission = relationship("Submission")


class ScheduleRelease(db.Model):
    """A frozen public version of the schedule; public pages render only these."""

    __tablename__ = "schedule_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    snapshot: Mapped[dict] = mapped_column(sa.JSON)
    changelog: Mapped[list] = mapped_column(sa.JSON, default=list)
    released_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    released_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (sa.UniqueConstraint("event_id", "version"),)
