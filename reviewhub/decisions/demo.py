"""Demo decisions: from "decided" on every submitted work is decided from its reviews and the
decisions are released (their emails go to the outbox); in "program" the accepted works'
presentations are confirmed. Idempotent: only what is missing is added."""

import sqlalchemy as sa

from reviewhub.decisions import presentation, queries, services
from reviewhub.decisions.models import Decision
from reviewhub.demo.phases import at_least
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission, SubmissionState

TALKS, POSTERS = 4, 12


def populate(event, phase: str) -> None:
    if not at_least(phase, "decided"):
        return
    # Authors read their reviews with the decision: part of what the demo shows them.
    event.reviews_visible_to_authors = True
    outcomes = {o.key: o for o in services.ensure_default_outcomes(event)}
    _decide_all(event, outcomes)
    try:
        services.release(event, by=None)
    except services.NothingToRelease:
        pass
    if at_least(phase, "program"):
        _confirm_accepted(event)
    db.session.flush()


def ranked(submissions, scores: dict[int, tuple[float, int]]) -> list:
    """Best mean review score first; without any reviews, a deterministic stand-in order
    (by number) so every run decides the same way."""
    return sorted(submissions, key=lambda s: (-scores.get(s.id, (0.0, 0))[0], s.number))


def _decide_all(event, outcomes) -> None:
    submissions = db.session.scalars(sa.select(Submission).where(
        Submission.event_id == event.id, Submission.status == SubmissionState.submitted)).all()
    decided = set(db.session.scalars(sa.select(Decision.submission_id).where(
        Decision.submission_id.in_([s.id for s in submissions]))))
    order = ranked(submissions, queries.mean_scores([s.id for s in submissions]))
    for rank, submission in enumerate(order):
        if submission.id in decided:
            continue
        key = "accept_talk" if rank < TALKS else "accept_poster" if rank < TALKS + POSTERS else "reject"
        services.decide(submission, outcomes[key], by=None, note="Decided by the demo from the reviews.")


def _confirm_accepted(event) -> None:
    for submission, decision, confirmation in queries.accepted_with_confirmations(event):
        if confirmation is None or confirmation.status == "pending":
            first = submission.authors[0] if submission.authors else None
            presentation.confirm_presentation(
                submission, decision, by=None, attending=True,
                presenter_name=first.name if first else "The authors",
                presenter_affiliation=first.affiliation if first else "")
