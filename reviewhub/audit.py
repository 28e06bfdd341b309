"""The audit log: every state change writes one row saying who did what to what."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class AuditLog(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(sa.String(80))
    object_type: Mapped[str] = mapped_column(sa.String(40), default="")
    object_id: Mapped[int | None]
    # The submission the row is about, when it is about one: the log viewer leaves these out
    # for an organizer conflicted with it (set by record() from the object or the details).
    submission_id: Mapped[int | None] = mapped_column(index=True)
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


def record(action: str, *, event=None, actor=None, obj=None, **details) -> AuditLog:
    """Add an audit row to the current transaction (the caller commits)."""
    row = AuditLog(
        event_id=getattr(event, "id", None),
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        submission_id=_submission_of(obj, details),
        details={k: _plain(v) for k, v in details.items()},
    )
    db.session.add(row)
    return row


def _submission_of(obj, details: dict) -> int | None:
    """The submission a row is about: the object itself, the object's submission (an
    assignment, decision, conflict, comment, meta-review; a review through its assignment), or
    a `submission_id` given in the details (an object already deleted)."""
    if type(obj).__name__ == "Submission":
        return obj.id
    for holder in (obj, getattr(obj, "assignment", None)):
        found = getattr(holder, "submission_id", None)
        if isinstance(found, int):
            return found
    found = details.get("submission_id")
    return found if isinstance(found, int) else None


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool, type(None), list, dict)):
        return value
    return str(value)
