"""A chunked upload in progress or finished, not yet taken by a submission's save."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class ChunkedUpload(db.Model):
    """The bytes live in the upload folder under `part_key` (a `.part` name: the sweep keeps
    it while this row names it, and sweeps row and file once abandoned)."""

    __tablename__ = "chunked_uploads"
    __table_args__ = (sa.CheckConstraint("received >= 0 AND received <= size", name="received_in_size"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32), unique=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    type_id: Mapped[int] = mapped_column(sa.ForeignKey("submission_types.id", ondelete="CASCADE"))
    submission_id: Mapped[int | None] = mapped_column(sa.ForeignKey("submissions.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(sa.String(20))
    filename: Mapped[str] = mapped_column(sa.String(255))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    received: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    part_key: Mapped[str] = mapped_column(sa.String(64))
    sha256: Mapped[str] = mapped_column(sa.String(64), default="")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    completed_at: Mapped[datetime | None] = mapped_column()

    @property
    def complete(self) -> bool:
        return self.received == self.size
