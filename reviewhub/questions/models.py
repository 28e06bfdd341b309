"""An event's custom questions and their answers."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewhub.extensions import db
from reviewhub.models_base import utcnow


class Question(db.Model):
    """One question of an event: asked on the submission form (`target` submission; of one
    type, or of every type when `type_id` is NULL) or of reviewers (`target` reviewer).
    A question with answers is retired, never deleted: the answers stay readable."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(sa.String(20), default="submission")
    type_id: Mapped[int | None] = mapped_column(sa.ForeignKey("submission_types.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(40))  # the search's name: qa:key=...
    label: Mapped[str] = mapped_column(sa.String(300))
    help_text: Mapped[str] = mapped_column(sa.String(1000), default="")
    kind: Mapped[str] = mapped_column(sa.String(20))  # questions.core.KINDS
    options: Mapped[list] = mapped_column(sa.JSON, default=list)  # the choices of a choice kind
    min_value: Mapped[float | None]
    max_value: Mapped[float | None]
    required: Mapped[bool] = mapped_column(default=False)
    for_reviewers: Mapped[bool] = mapped_column(default=False)  # answers shown to reviewers
    public: Mapped[bool] = mapped_column(default=False)  # answers shown on accepted works' pages
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission_type = relationship("SubmissionType")

    __table_args__ = (
        sa.UniqueConstraint("event_id", "key"),
        sa.CheckConstraint("target in ('submission', 'reviewer')", name="target_valid"),
        sa.CheckConstraint("kind in ('text', 'long_text', 'number', 'single', 'multiple', 'checkbox', "
                           "'date', 'file')", name="kind_valid"),
    )


class Answer(db.Model):
    """One answer: to a submission question (one row per question and submission) or to a
    reviewer question (one per question and user). `value` is the clean value (core); `text`
    and `number` are what the search matches."""

    __tablename__ = "question_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"))
    submission_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    value: Mapped[object] = mapped_column(sa.JSON)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    number: Mapped[float | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("question_id", "submission_id"),
        sa.UniqueConstraint("question_id", "user_id"),
        sa.CheckConstraint("(submission_id is null) <> (user_id is null)", name="one_owner"),
    )
