"""Stored results of the integrity check, so the page reads them without recomputing."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class SimilarityFlag(db.Model):
    __tablename__ = "similarity_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    submission_a_id: Mapped[int] = mapped_column(sa.ForeignKey("submissions.id", ondelete="CASCADE"))
    submission_b_id: Mapped[int] = mapped_column(sa.ForeignKey("submissions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(20), default="text")  # text or image
    similarity: Mapped[float]
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(20), default="new")  # new, fine, investigate
    note: Mapped[str] = mapped_column(sa.Text, default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission_a = relationship("Submission", foreign_keys=[submission_a_id])
    submission_b = relationship("Submission", foreign_keys=[submission_b_id])

    __table_args__ = (
        sa.UniqueConstraint("event_id", "submission_a_id", "submission_b_id", "kind"),
    )
