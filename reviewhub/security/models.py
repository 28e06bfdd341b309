"""One row per refused request: who, from where, which route and object, when."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from reviewhub.extensions import db
from reviewhub.models_base import utcnow

KINDS = ("forbidden", "not_found", "csrf", "rate_limited")


class SecurityEvent(db.Model):
    __tablename__ = "security_events"
    # The threshold counts one account's or one address's recent rows: both are indexed with
    # the time, so the count reads only that window's index entries.
    __table_args__ = (
        sa.Index("ix_security_events_user_id_at", "user_id", "at"),
        sa.Index("ix_security_events_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # one of KINDS
    source: Mapped[str] = mapped_column(sa.String(20))  # permission, lookup, csrf, login, two_factor
    status: Mapped[int]
    # No foreign key: the log outlives deleted accounts, and a write must never wait on users.
    user_id: Mapped[int | None]
    address: Mapped[str] = mapped_column(sa.String(64))
    method: Mapped[str] = mapped_column(sa.String(10))
    route: Mapped[str] = mapped_column(sa.String(120))  # the endpoint, e.g. submissions.show
    path: Mapped[str] = mapped_column(sa.String(500))
    object: Mapped[str] = mapped_column(sa.String(300), default="")  # the URL's ids: "slug=x sid=5"
