"""The author response: what the authors read during the period, and saving their response."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from reviewhub import audit, permissions
from reviewhub.errors import DeadlinePassed, DomainError, InvalidTransition, StaleEdit
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import queries
from reviewhub.reviewing.models import QuestionKind, Visibility
from reviewhub.reviewing.process import core
from reviewhub.reviewing.process.models import AuthorResponse
from reviewhub.reviewing.process.rounds import forms_for, response_of, submission_stage
from reviewhub.reviewing.process.settings import settings_of

MAX_CHARS = 100_000  # a hard stop for any one text, far above every sensible word limit
MAIL_KEY = "reviewing/response_arrived"


class InvalidResponse(DomainError):
    """Texts that break the rules; `errors` maps "body" or an assignment id to a message."""

    status_code = 400

    def __init__(self, errors: dict[str, str]):
        super().__init__("Your response needs attention; nothing was saved.")
        self.errors = errors


@dataclass
class ReleasedReview:
    """A submitted review as the authors read it during the response period."""

    assignment_id: int
    pseudonym: str
    answers: list[tuple]  # (label, value, level label)


def released_reviews(submission) -> list[ReleasedReview]:
    """The submitted reviews' author-visible answers, under pseudonyms; scores only when the
    event shows them during the response period."""
    shows_scores = settings_of(submission.event).response_shows_scores
    shown = []
    entries = queries.review_entries(submission)
    forms = forms_for(submission, [e.assignment for e in entries])
    for entry in entries:
        if entry.review is None or entry.review.status != "submitted":
            continue
        form = forms[entry.assignment.id]
        answers = []
        for q in (form.questions if form else []):
            if q.visibility != Visibility.authors or not q.active:
                continue
            if q.kind == QuestionKind.score and not shows_scores:
                continue
            value = (entry.review.answers or {}).get(q.key)
            if value not in (None, ""):
                answers.append((q.label, value, (q.level_labels or {}).get(str(value), "")))
        shown.append(ReleasedReview(entry.assignment.id, entry.pseudonym, answers))
    return shown


def part_labels(reviews: list[ReleasedReview]) -> dict[str, str]:
    return {"body": "Response", **{str(r.assignment_id): f"Reply to {r.pseudonym}" for r in reviews}}


def snapshot(response: AuthorResponse | None) -> dict:
    if response is None:
        return {}
    return {"body": response.body_md or "", **{str(k): v for k, v in (response.replies or {}).items()}}


def save_response(submission, *, by, body: str, replies: dict[str, str], expected_version: int,
                  now: datetime | None = None) -> AuthorResponse:
    """Store the authors' response (and replies under reviews) while the period is open.

    Each text keeps within the event's word limit. `expected_version` is the version the
    author's page showed (0 for none): another author's save in between raises StaleEdit
    carrying what changed. The first save tells the reviewers and organizers (one mail each).
    Raises InvalidTransition, DeadlinePassed, InvalidResponse, StaleEdit. Flushes; audited.
    """
    now = now or utcnow()
    stage = submission_stage(submission, now=now)
    if not stage.response_editable:
        settings = settings_of(submission.event)
        if settings.response_enabled and settings.response_opens_at and now < settings.response_opens_at:
            raise InvalidTransition("The author-response period has not started yet.")
        raise DeadlinePassed("The author-response period is over; the response is locked.")
    reviews = released_reviews(submission)
    texts = _checked(submission, body, replies, reviews)
    response = response_of(submission)
    current = response.version if response else 0
    if expected_version != current:
        # Each part where the saved version differs from what this author sent: theirs, then ours.
        raise StaleEdit("Another author saved this response after you opened it. Nothing of yours was "
                        "saved; your text is kept below.",
                        changes=core.response_changes(texts, snapshot(response), part_labels(reviews)))
    first = response is None
    if first:
        response = AuthorResponse(submission_id=submission.id, version=0, first_saved_at=now)
        db.session.add(response)
    response.body_md = texts.pop("body")
    response.replies = {k: v for k, v in texts.items() if v}
    response.words = sum(core.count_words(t) for t in [response.body_md, *response.replies.values()])
    response.version += 1
    response.updated_at, response.updated_by_id = now, by.id
    db.session.flush()
    audit.record("response.save", event=submission.event, actor=by, obj=response,
                 submission_id=submission.id, version=response.version, words=response.words)
    if first:
        _tell_readers(submission)
    return response


def _checked(submission, body: str, replies: dict[str, str], reviews) -> dict[str, str]:
    limit = settings_of(submission.event).response_word_limit
    allowed = {str(r.assignment_id) for r in reviews}
    texts = {"body": (body or "").strip()}
    for key, text in (replies or {}).items():
        if str(key) not in allowed:
            raise InvalidResponse({"body": "A reply names a review that is not open for response."})
        texts[str(key)] = (text or "").strip()
    errors = {}
    for key, text in texts.items():
        words = core.count_words(text)
        if len(text) > MAX_CHARS:
            errors[key] = f"Keep this under {MAX_CHARS:,} characters."
        elif words > limit:
            errors[key] = f"{words:,} words: the limit is {limit:,}. Shorten it by {words - limit:,}."
    if not any(texts.values()):
        errors["body"] = "Write your response first."
    if errors:
        raise InvalidResponse(errors)
    return texts


def _tell_readers(submission) -> int:
    """One mail per assigned reviewer and unconflicted organizer (never an author): the
    response has arrived. Deduped per submission, so a later edit sends nothing."""
    from reviewhub.accounts.models import User
    from reviewhub.assignment.models import Assignment
    from reviewhub.events.models import Membership
    from reviewhub.mail.services import Recipient, enqueue

    event = submission.event
    reviewer_ids = set(db.session.scalars(sa.select(Assignment.user_id).where(
        Assignment.submission_id == submission.id)))
    organizer_ids = set(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.event_id == event.id, Membership.role == "organizer")))
    users = db.session.scalars(sa.select(User).where(User.id.in_(reviewer_ids | organizer_ids))
                               .order_by(User.id)).all()
    readers = [u for u in users if not permissions.is_conflicted(u, submission)]
    rows = enqueue(MAIL_KEY, to=[Recipient(u.email, u.name) for u in readers],
                   context={"event_name": event.name, "number": submission.number, "title": submission.title,
                            "link": _link(event, submission)},
                   dedupe_key=f"{MAIL_KEY}:{submission.id}", event=event, submission=submission)
    return len(rows)


def _link(event, submission) -> str:
    from flask import url_for

    try:
        return url_for("reviewing.submission", slug=event.slug, sid=submission.id, _external=True)
    except RuntimeError:
        return f"/{event.slug}/reviews/{submission.id}"
