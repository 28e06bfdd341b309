"""The event's review-process settings and its review rounds (services and reads)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.reviewing.process.models import ReviewProcessSettings, ReviewRound

SETTING_FIELDS = (
    "response_enabled", "response_opens_at", "response_deadline_at", "response_word_limit",
    "response_shows_scores", "subreviewers_allowed", "subreviewers_need_approval", "ratings_enabled",
)
MAX_WORD_LIMIT = 20000


def settings_of(event) -> ReviewProcessSettings:
    """The event's settings; an unsaved all-off row when it never configured them."""
    row = db.session.scalar(sa.select(ReviewProcessSettings).where(ReviewProcessSettings.event_id == event.id))
    if row is None:
        row = ReviewProcessSettings(event_id=event.id, response_enabled=False, response_word_limit=500,
                                    response_shows_scores=False, subreviewers_allowed=False,
                                    subreviewers_need_approval=False, ratings_enabled=False)
    return row


def update_settings(event, *, by, **values) -> ReviewProcessSettings:
    """Save the review-process section. The response period needs both dates, in order.
    Flushes; audited."""
    if values.get("response_enabled"):
        opens, closes = values.get("response_opens_at"), values.get("response_deadline_at")
        if opens is None or closes is None:
            raise DomainError("An author-response period needs a start and a deadline.")
        if closes <= opens:
            raise DomainError("The response deadline must come after its start.")
    limit = values.get("response_word_limit")
    if limit is not None and not 1 <= limit <= MAX_WORD_LIMIT:
        raise DomainError(f"Choose a word limit between 1 and {MAX_WORD_LIMIT:,}.")
    row = settings_of(event)
    if row.id is None:
        db.session.add(row)
    changed = {}
    for key in SETTING_FIELDS:
        if key in values and getattr(row, key) != values[key]:
            changed[key] = str(values[key])
            setattr(row, key, values[key])
    db.session.flush()
    audit.record("review_process.updated", event=event, actor=by, obj=row, changed=changed)
    return row


def list_rounds(event) -> list[ReviewRound]:
    return list(db.session.scalars(sa.select(ReviewRound).where(ReviewRound.event_id == event.id)
                                   .order_by(ReviewRound.position, ReviewRound.id)))


def get_round(event, round_id: int) -> ReviewRound | None:
    return db.session.scalar(sa.select(ReviewRound).where(ReviewRound.id == round_id,
                                                          ReviewRound.event_id == event.id))


def add_round(event, *, by, name: str, deadline_at: datetime | None, own_form: bool) -> ReviewRound:
    """A new round after the others; with `own_form` its review form starts as a copy of the
    event's first form, to edit in the form editor. Flushes; audited."""
    name = (name or "").strip()
    if not name or len(name) > 60:
        raise DomainError("Give the round a name of at most 60 characters.")
    if any(r.name.lower() == name.lower() for r in list_rounds(event)):
        raise DomainError(f"There is a round named {name} already.")
    rounds = list_rounds(event)
    row = ReviewRound(event_id=event.id, name=name, deadline_at=deadline_at,
                      position=(rounds[-1].position + 1) if rounds else 0)
    db.session.add(row)
    db.session.flush()
    if own_form:
        row.form_id = _copy_form(event, name).id
    db.session.flush()
    audit.record("review_round.added", event=event, actor=by, obj=row, name=name)
    return row


def update_round(event, round_: ReviewRound, *, by, deadline_at: datetime | None) -> None:
    """A new deadline for a round. Flushes; audited."""
    round_.deadline_at = deadline_at
    db.session.flush()
    audit.record("review_round.updated", event=event, actor=by, obj=round_, deadline=deadline_at)


def _copy_form(event, round_name: str):
    """A form of no submission type: the first type's form's questions, copied."""
    from reviewhub.reviewing import defaults
    from reviewhub.reviewing.form_services import ensure_default_forms
    from reviewhub.reviewing.models import ReviewForm, ReviewQuestion

    forms = ensure_default_forms(event)
    form = ReviewForm(event_id=event.id, submission_type_id=None, name=f"{round_name} review form")
    db.session.add(form)
    db.session.flush()
    if not forms:  # an event without submission types yet: the paper questions
        for position, spec in enumerate(defaults.questions_for("paper")):
            db.session.add(ReviewQuestion(form_id=form.id, position=position, **spec))
        db.session.flush()
        return form
    for q in forms[0].questions:
        db.session.add(ReviewQuestion(
            form_id=form.id, position=q.position, key=q.key, kind=q.kind, label=q.label,
            description=q.description, required=q.required, visibility=q.visibility,
            min_score=q.min_score, max_score=q.max_score, level_labels=dict(q.level_labels or {}),
            choices=list(q.choices or []), active=q.active))
    db.session.flush()
    return form
