"""Reviews: GET /api/v1/events/{slug}/reviews[/{id}] (what the caller may read, as the
reviewing and decision pages show it) and GET/PUT .../submissions/{id}/review (a reviewer's
own review, saved through the review form's service: deadlines, freezes, versions, audit)."""

import sqlalchemy as sa
from flask import g
from sqlalchemy.orm import selectinload

from reviewhub import permissions
from reviewhub.api.base import api_v1, event_in_scope, page
from reviewhub.api.resources import subs_schemas as schemas
from reviewhub.api.resources.subs_common import domain_failed, failed, submission_in_scope
from reviewhub.assignment.models import Assignment
from reviewhub.decisions.queries import get_decision
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.reviewing import queries, services
from reviewhub.reviewing.form_services import ensure_default_forms
from reviewhub.reviewing.models import Review, Visibility
from reviewhub.reviewing.process.rounds import deadline_for, form_for_assignment, forms_for
from reviewhub.reviewing.pseudonyms import pseudonym
from reviewhub.submissions.models import Submission


@api_v1.route("/events/<slug>/reviews")
@api_v1.etag
@api_v1.arguments(schemas.ReviewArgs, location="query")
@api_v1.response(200, schemas.ReviewPage)
def reviews(args, slug):
    """Every review the caller may read: organizers all of the works they are not conflicted
    with (with the reviewers' names); reviewers their own and, once the event's rule shows
    them, their co-reviewers' submitted ones; authors the released ones, without identity."""
    event = event_in_scope(slug)
    user = g.api_user
    if permissions.can_see_progress(user, event):
        return _organizer_page(event, user, args)
    readable = [(review, level) for review, level in _readable(event, user, args.get("submission"))
                if not args.get("status") or review.status == args["status"]]
    start = (args["page"] - 1) * args["limit"]
    chosen = readable[start:start + args["limit"]]
    return {"items": [present(review, level) for review, level in chosen], "total": len(readable),
            "page": args["page"], "limit": args["limit"]}


@api_v1.route("/events/<slug>/reviews/<int:review_id>")
@api_v1.etag
@api_v1.response(200, schemas.ReviewOut)
def review(slug, review_id):
    """One review, as much of it as the caller may read (404 as for a missing one otherwise)."""
    event = event_in_scope(slug)
    found = queries.get_review(event, review_id)
    level = None
    if found is not None:
        submission = found.assignment.submission
        level = permissions.review_reading(g.api_user, found, submission, get_decision(submission))
    permissions.require(level is not None, hide=True)
    return present(found, level)


@api_v1.route("/events/<slug>/submissions/<int:sid>/review")
@api_v1.etag
@api_v1.response(200, schemas.OwnReviewOut)
def own_review(slug, sid):
    """The caller's own review of a submission assigned to them: its form and its answers."""
    _event, submission, assignment = _writable(slug, sid)
    return _own(submission, assignment)


@api_v1.route("/events/<slug>/submissions/<int:sid>/review", methods=["PUT"])
@api_v1.arguments(schemas.ReviewIn)
@api_v1.response(200, schemas.OwnReviewOut)
@api_v1.alt_response(409, description="saved elsewhere since `version`, or past the deadline")
@api_v1.alt_response(422, description="answers that do not fit the form, by question key")
def save_own_review(data, slug, sid):
    """Save (or with `submit`, submit) the caller's own review, as the review form does."""
    _event, submission, assignment = _writable(slug, sid)
    raw, bad = {}, {}
    for key, value in data["answers"].items():
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            bad[key] = ["Give a level number, a choice or a text."]
        else:
            raw[key] = str(value)
    if bad:
        return failed(422, "Some answers need attention.", {"answers": bad})
    try:
        services.save_review(assignment, by=g.api_user, raw=raw, submit=data["submit"],
                             expected_version=data["version"])
    except services.InvalidAnswers as error:
        db.session.rollback()
        return failed(422, str(error), {"answers": {k: [m] for k, m in error.errors.items()}})
    except DomainError as error:
        db.session.rollback()
        return domain_failed(error)
    db.session.commit()
    return _own(submission, assignment)


def _writable(slug, sid):
    event, submission = submission_in_scope(slug, sid, allowed=permissions.can_open_review_page)
    assignment = queries.writable_assignment(g.api_user, submission)
    permissions.require(assignment is not None and permissions.can_write_review(g.api_user, assignment), hide=True)
    if form_for_assignment(assignment) is None:  # as the review form does: the default form first
        ensure_default_forms(event)
        db.session.commit()
    return event, submission, assignment


def _own(submission, assignment) -> dict:
    found = queries.review_of(assignment)
    form = form_for_assignment(assignment)
    questions = [{"key": q.key, "kind": q.kind, "label": q.label, "required": q.required,
                  "min_score": q.min_score, "max_score": q.max_score, "choices": list(q.choices or [])}
                 for q in (form.questions if form else []) if q.active]
    return {"editable": services.may_edit(found, submission.event, assignment=assignment),
            "deadline": deadline_for(assignment), "version": found.version if found else 0,
            "questions": questions, "review": present(found, "own") if found else None}


def _organizer_page(event, user, args) -> dict:
    """Organizers: the event's reviews but those of their conflicted works, by number."""
    conflicted = permissions.conflicted_submission_ids(user)
    query = (sa.select(Review).join(Assignment, Assignment.id == Review.assignment_id)
             .join(Submission, Submission.id == Assignment.submission_id)
             .where(Submission.event_id == event.id)
             .options(selectinload(Review.assignment).selectinload(Assignment.user),
                      selectinload(Review.assignment).selectinload(Assignment.submission))
             .order_by(Submission.number, Assignment.reviewer_number))
    if conflicted:
        query = query.where(Submission.id.not_in(conflicted))
    if args.get("submission"):
        query = query.where(Submission.id == args["submission"])
    if args.get("status"):
        query = query.where(Review.status == args["status"])
    result = page(query, args)
    result["items"] = [present(r, "manage") for r in result["items"]]
    return result


def _readable(event, user, submission_id=None) -> list[tuple[Review, str]]:
    """For anyone else: the reviews of the works they are assigned to, chair or wrote, each
    with how much of it they may read (permissions.review_reading)."""
    from reviewhub.committee.models import AreaChairAssignment
    from reviewhub.submissions.queries import list_mine

    ids = set(db.session.scalars(sa.select(Assignment.submission_id).where(Assignment.user_id == user.id)))
    ids |= set(db.session.scalars(sa.select(AreaChairAssignment.submission_id)
                                  .where(AreaChairAssignment.user_id == user.id)))
    ids |= {s.id for s in list_mine(event, user)}
    if submission_id is not None:
        ids &= {submission_id}
    works = db.session.scalars(sa.select(Submission).where(Submission.event_id == event.id, Submission.id.in_(ids))
                               .order_by(Submission.number)).all() if ids else []
    found = []
    for work in works:
        decision = get_decision(work)
        for entry in queries.review_entries(work):
            level = entry.review and permissions.review_reading(user, entry.review, work, decision)
            if level:
                found.append((entry.review, level))
    return found


def present(review: Review, level: str) -> dict:
    """A review as `level` (permissions.review_reading) may read it."""
    assignment = review.assignment
    submission = assignment.submission
    shown = {"id": review.id, "submission": submission.id, "submission_number": submission.number,
             "reviewer": pseudonym(assignment.reviewer_number), "status": review.status,
             "submitted_at": review.submitted_at, "answers": _answers(review, level)}
    if level != "author":
        shown |= {"version": review.version, "updated_at": review.updated_at, "own": level == "own"}
    if level in ("manage", "chair"):
        shown["reviewer_name"] = assignment.user.name
    if level == "manage":
        shown["reviewer_email"] = assignment.user.email
    return shown


def _answers(review: Review, level: str) -> dict:
    """Organizers read every stored answer; the writer the active questions; co-reviewers and
    chairs not the organizer-only ones; authors only the author-visible ones (as the pages)."""
    stored = review.answers or {}
    if level == "manage":
        return dict(stored)
    form = forms_for(review.assignment.submission, [review.assignment]).get(review.assignment_id)
    keep = []
    for q in form.questions if form else []:
        if level == "author":
            shown = q.visibility == Visibility.authors
        else:
            shown = q.active and (level == "own" or q.visibility != Visibility.organizers)
        if shown:
            keep.append(q.key)
    return {key: stored[key] for key in keep if stored.get(key) not in (None, "")}
