"""Decisions: outcomes, deciding (one or many), releasing with the decision emails, corrections.

Every function flushes and never commits. Releasing marks decisions and writes their outbox
rows in the caller's transaction, so either both happen or neither does.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from sqlalchemy.orm import selectinload

from reviewhub import audit, pagecache
from reviewhub.decisions import queries
from reviewhub.decisions.models import Decision, DecisionOutcome, ReleaseBatch
from reviewhub.errors import DomainError, InvalidTransition
from reviewhub.extensions import db
from reviewhub.mail.rendering import TemplateProblem
from reviewhub.mail.services import Planned, Recipient, enqueue_many
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import Submission, SubmissionState
from reviewhub.timeutil import format_local

DEFAULT_OUTCOMES = [
    ("accept_talk", "Accept — contributed talk", True, "talk"),
    ("accept_poster", "Accept — poster", True, "poster"),
    ("reject", "Reject", False, "none"),
]
# The placeholders a decision email may use (the template editor checks against these).
DECISION_PLACEHOLDERS = {
    "event", "event_name", "submission_title", "submission_number", "author_names", "outcome",
    "reviews", "camera_ready_deadline", "confirmation_link", "recipient_name", "is_correction",
    "meta_review",  # the meta-review's text to authors, when the event sends it (committee)
}


class NothingToRelease(DomainError):
    status_code = 409


def ensure_default_outcomes(event) -> list[DecisionOutcome]:
    """The three usual outcomes, added once (an event's own outcomes are kept)."""
    existing = {o.key for o in queries.list_outcomes(event)}
    for position, (key, label, is_accept, fmt) in enumerate(DEFAULT_OUTCOMES):
        if key not in existing:
            db.session.add(DecisionOutcome(event_id=event.id, key=key, label=label, is_accept=is_accept,
                                           presentation_format=fmt, position=position))
    db.session.flush()
    return queries.list_outcomes(event)


def save_outcome(event, *, by, key: str, label: str, is_accept: bool, presentation_format: str,
                 outcome: DecisionOutcome | None = None) -> DecisionOutcome:
    """Create an outcome, or change one; keys are unique per event."""
    clash = db.session.scalar(sa.select(DecisionOutcome.id).where(
        DecisionOutcome.event_id == event.id, DecisionOutcome.key == key))
    if clash is not None and (outcome is None or clash != outcome.id):
        raise DomainError(f"Another outcome already uses the key “{key}”.")
    if outcome is None:
        position = len(queries.list_outcomes(event))
        outcome = DecisionOutcome(event_id=event.id, position=position)
        db.session.add(outcome)
    outcome.key, outcome.label, outcome.is_accept = key, label, is_accept
    outcome.presentation_format = presentation_format if is_accept else "none"
    db.session.flush()
    audit.record("decisions.outcome_saved", event=event, actor=by, obj=outcome, key=key, label=label)
    return outcome


def decide(submission: Submission, outcome: DecisionOutcome, *, by, note: str = "") -> Decision:
    """Set (or change) a submission's decision. Pending until released; changing a released
    one marks it changed_since_release, and authors keep seeing the released outcome until
    a correction is sent. Flushes."""
    if submission.status != SubmissionState.submitted:
        raise InvalidTransition("Only submitted works can be decided.")
    if outcome.event_id != submission.event_id:
        raise DomainError("That outcome belongs to another event.")
    decision = queries.get_decision(submission)
    if decision is None:
        decision = Decision(submission_id=submission.id, outcome_id=outcome.id)
        db.session.add(decision)
    before = decision.outcome_id
    decision.outcome_id, decision.note = outcome.id, note
    decision.decided_by_id, decision.decided_at = getattr(by, "id", None), utcnow()
    if decision.released_at is not None:
        decision.changed_since_release = outcome.id != decision.released_outcome_id
        pagecache.changed(submission.event)  # a work no longer accepted leaves the public pages
    db.session.flush()
    audit.record("decisions.decided", event=submission.event, actor=by, obj=decision,
                 submission=submission.number, outcome=outcome.key, before=before)
    return decision


def bulk_decide(event, submission_ids: list[int], outcome: DecisionOutcome, *, by) -> int:
    """Decide many submissions at once; ones not submitted (or of another event) are
    skipped. Returns how many were decided."""
    submissions = db.session.scalars(sa.select(Submission).where(
        Submission.event_id == event.id, Submission.id.in_(submission_ids),
        Submission.status == SubmissionState.submitted)).all()
    for submission in submissions:
        decide(submission, outcome, by=by)
    return len(submissions)


@dataclass
class SummaryLine:
    outcome: str
    is_accept: bool
    emails: int = 0
    recipients: int = 0


@dataclass
class ReleaseSummary:
    lines: list[SummaryLine] = field(default_factory=list)

    @property
    def emails(self) -> int:
        return sum(line.emails for line in self.lines)

    @property
    def recipients(self) -> int:
        return sum(line.recipients for line in self.lines)

    def text(self) -> str:
        """'42 accept emails to 97 recipients, 58 reject emails to 131 recipients'."""
        return ", ".join(f"{line.emails} “{line.outcome}” email{'s' if line.emails != 1 else ''} "
                         f"to {line.recipients} recipient{'s' if line.recipients != 1 else ''}"
                         for line in self.lines) or "nothing to send"


def _pending(event, *, correction: bool, exclude=frozenset()):
    """Decisions waiting for a release (or, for a correction, changed since theirs), but those
    of the submissions in `exclude` (the releasing organizer's conflicts: they neither count
    nor send them; an unconflicted organizer does)."""
    condition = (Decision.changed_since_release.is_(True) & Decision.released_at.is_not(None)
                 if correction else Decision.released_at.is_(None))
    query = (sa.select(Decision.id).join(Submission, Submission.id == Decision.submission_id)
             .where(Submission.event_id == event.id, Submission.status == SubmissionState.submitted,
                    condition))
    return query.where(Submission.id.not_in(sorted(exclude))) if exclude else query


def _load(decision_ids) -> list[Decision]:
    # populate_existing: the release UPDATE bypassed the session, so loaded rows are stale.
    return list(db.session.scalars(
        sa.select(Decision).where(Decision.id.in_(decision_ids)).execution_options(populate_existing=True)
        .options(selectinload(Decision.outcome),
                 selectinload(Decision.submission).selectinload(Submission.authors))
        .order_by(Decision.id)))


def recipients_of(submission: Submission) -> list[Recipient]:
    """Every author, once per address."""
    seen, people = set(), []
    for author in submission.authors:
        if author.email.strip().lower() not in seen:
            seen.add(author.email.strip().lower())
            people.append(Recipient(author.email.strip(), author.name))
    return people


def release_summary(event, *, correction: bool = False, exclude=frozenset()) -> ReleaseSummary:
    """What pressing "release" (or "send correction") would send, per outcome."""
    lines: dict[int, SummaryLine] = {}
    for decision in _load(db.session.scalars(_pending(event, correction=correction, exclude=exclude)).all()):
        line = lines.setdefault(decision.outcome_id, SummaryLine(decision.outcome.label, decision.outcome.is_accept))
        line.emails += 1
        line.recipients += len(recipients_of(decision.submission))
    ordered = sorted(lines.items(), key=lambda item: (not item[1].is_accept, item[0]))
    return ReleaseSummary([line for _, line in ordered])


def release(event, *, by, correction: bool = False, exclude=frozenset()) -> ReleaseBatch:
    """Release every pending decision (or send corrections for changed released ones) and
    write one outbox row per (batch, submission, recipient), in the caller's transaction.

    The UPDATE that marks the decisions re-checks that they are still unreleased, so a
    double-click or a concurrent second release claims nothing and sends nothing twice.
    Raises NothingToRelease when there is nothing to do. Flushes. Decisions of the submissions
    in `exclude` (the releasing organizer's conflicts) are left for an unconflicted organizer.
    """
    candidates = db.session.scalars(_pending(event, correction=correction, exclude=exclude)).all()
    if not candidates:
        raise NothingToRelease("There are no changed decisions to correct." if correction
                               else "There are no unreleased decisions.")
    batch = ReleaseBatch(event_id=event.id, kind="correction" if correction else "release",
                         created_by_id=getattr(by, "id", None))
    db.session.add(batch)
    db.session.flush()
    still = (Decision.changed_since_release.is_(True) if correction else Decision.released_at.is_(None))
    claimed = db.session.scalars(
        sa.update(Decision).where(Decision.id.in_(candidates), still)
        .values(released_at=utcnow(), release_batch_id=batch.id, changed_since_release=False,
                released_outcome_id=Decision.outcome_id)
        .returning(Decision.id).execution_options(synchronize_session=False)
    ).all()
    if not claimed:
        raise NothingToRelease("These decisions were released a moment ago.")
    decisions = _load(claimed)
    summary = _write_emails(event, batch, decisions, correction=correction)
    batch.summary = {"text": summary.text(), "emails": summary.emails, "recipients": summary.recipients,
                     "decisions": len(decisions)}
    db.session.flush()
    pagecache.changed(event)  # accepted works' public standing follows released decisions
    audit.record("decisions.corrected" if correction else "decisions.released", event=event, actor=by,
                 obj=batch, decisions=len(decisions), emails=summary.recipients)
    return batch


def _write_emails(event, batch, decisions: list[Decision], *, correction: bool) -> ReleaseSummary:
    reviews = (queries.author_visible_reviews_many([d.submission for d in decisions])
               if event.reviews_visible_to_authors else {})
    link = confirmation_link(event)
    metas = _meta_texts(event, [d.submission_id for d in decisions])
    planned, summary = [], {}
    for decision in decisions:
        outcome, submission = decision.outcome, decision.submission
        people = recipients_of(submission)
        context = decision_context(event, submission, outcome, reviews.get(submission.id, []), link,
                                   correction=correction, meta_review=metas.get(submission.id, ""))
        for person in people:
            planned.append(Planned(
                f"decisions/{outcome.key}", person, context, f"decision:{batch.id}:sub:{submission.id}",
                submission.id, "decisions/accept" if outcome.is_accept else "decisions/reject",
                "Correction: " if correction else ""))
        line = summary.setdefault(outcome.id, SummaryLine(outcome.label, outcome.is_accept))
        line.emails, line.recipients = line.emails + 1, line.recipients + len(people)
    try:
        enqueue_many(planned, event=event)
    except TemplateProblem as error:
        raise DomainError(f"A decision email template cannot be rendered: {error}") from error
    return ReleaseSummary(sorted(summary.values(), key=lambda line: not line.is_accept))


def _meta_texts(event, submission_ids) -> dict[int, str]:
    from reviewhub.committee.services.metareviews import author_texts

    return author_texts(event, submission_ids)


def decision_context(event, submission, outcome, reviews, link: str, *, correction: bool = False,
                     meta_review: str = "") -> dict:
    """The placeholders of a decision email (plain strings: nothing for the sandbox to reach)."""
    return {
        "event": event.name, "event_name": event.name,
        "submission_title": submission.title, "submission_number": submission.number,
        "author_names": ", ".join(a.name for a in submission.authors),
        "outcome": outcome.label, "reviews": queries.reviews_as_text(reviews),
        "camera_ready_deadline": format_local(event.camera_ready_at, event.timezone),
        "confirmation_link": link, "is_correction": correction, "meta_review": meta_review,
    }


def confirmation_link(event) -> str:
    """The author's decision page, absolute (emails are read outside the site)."""
    if has_request_context():
        return url_for("decisions.mine", slug=event.slug, _external=True)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return url_for("decisions.mine", slug=event.slug, _external=True)


def preview_context(event, submission, key: str) -> dict:
    """The context a decision mail of `key` would get for this submission (template preview)."""
    outcomes = {f"decisions/{o.key}": o for o in queries.list_outcomes(event)}
    decision = queries.get_decision(submission)
    outcome = outcomes.get(key) or (decision.outcome if decision else None) \
        or DecisionOutcome(key="example", label="[outcome]", is_accept=True)
    reviews = queries.author_visible_reviews(submission) if event.reviews_visible_to_authors else []
    return decision_context(event, submission, outcome, reviews, confirmation_link(event),
                            meta_review=_meta_texts(event, [submission.id]).get(submission.id, ""))
