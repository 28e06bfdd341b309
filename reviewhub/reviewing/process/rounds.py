"""Which round an assignment is reviewed in, its deadline and its form; a submission's stage."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import lateness
from reviewhub.reviewing.process import stage as stage_mod
from reviewhub.reviewing.process.models import AuthorResponse, ReviewRound
from reviewhub.reviewing.process.settings import list_rounds, settings_of


def round_of(assignment, rounds: list[ReviewRound] | None = None) -> ReviewRound | None:
    """The assignment's round; the event's first round when it names none; None without rounds."""
    if rounds is None:
        rounds = list_rounds(assignment.submission.event)
    if not rounds:
        return None
    return next((r for r in rounds if r.id == assignment.review_round_id), rounds[0])


def deadline_for(assignment) -> datetime | None:
    """The review deadline of the assignment: its round's, else the event's (reviewing.lateness)."""
    return deadlines_for(assignment.submission.event, [assignment])[assignment.id]


def deadlines_for(event, assignments) -> dict[int, datetime | None]:
    """{assignment id: its review deadline} for many assignments of an event, in one query."""
    rounds = [(r.id, r.deadline_at) for r in list_rounds(event)]
    return {a.id: lateness.due_at(a.review_round_id, rounds, event.review_deadline_at) for a in assignments}


def form_for_assignment(assignment):
    """The round's own form when it has one, else the submission type's form."""
    return forms_for(assignment.submission, [assignment])[assignment.id]


def forms_for(submission, assignments) -> dict:
    """{assignment id: its review form} for assignments of one submission, in two queries."""
    from reviewhub.reviewing import queries

    rounds = list_rounds(submission.event)
    type_form = None
    out = {}
    for assignment in assignments:
        current = round_of(assignment, rounds)
        if current is not None and current.form_id is not None:
            out[assignment.id] = current.form
            continue
        if type_form is None:
            type_form = queries.form_for_submission(submission)
        out[assignment.id] = type_form
    return out


def response_of(submission) -> AuthorResponse | None:
    return db.session.scalar(sa.select(AuthorResponse).where(AuthorResponse.submission_id == submission.id))


def submission_stage(submission, *, now: datetime | None = None) -> stage_mod.Stage:
    """The stage of one submission, from its event's settings, its assignments' rounds, its
    response and its decision (a handful of queries)."""
    from reviewhub.assignment.models import Assignment
    from reviewhub.decisions.models import Decision

    event = submission.event
    settings = settings_of(event)
    rounds = list_rounds(event)
    used = set(db.session.scalars(sa.select(Assignment.review_round_id)
                                  .where(Assignment.submission_id == submission.id)))
    facts_rounds = tuple(
        stage_mod.RoundFacts(r.name, r.deadline_at) for r in rounds
        if r.id in used or (r is rounds[0] and (None in used or not used)))
    if not rounds:
        facts_rounds = (stage_mod.RoundFacts("review", event.review_deadline_at),)
    decided = db.session.scalar(sa.select(sa.func.count()).select_from(Decision).where(
        Decision.submission_id == submission.id, Decision.released_at.is_not(None))) > 0
    enabled = settings.response_enabled
    from reviewhub.committee.services.metareviews import has_submitted_meta_review

    return stage_mod.review_stage(stage_mod.StageFacts(
        now=now or utcnow(), rounds=facts_rounds,
        response_opens_at=settings.response_opens_at if enabled else None,
        response_deadline_at=settings.response_deadline_at if enabled else None,
        has_response=response_of(submission) is not None,
        meta_review_submitted=has_submitted_meta_review(submission),
        decided=decided,
    ))
