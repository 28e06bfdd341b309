"""Assignments: read (organizers all but their conflicted submissions'; a reviewer their own),
and a whole proposed assignment as a run: POST its pairs for a stored preview (the model the
run page shows), GET it, POST apply (the run page's apply service, mail through the outbox)."""

import sqlalchemy as sa
from flask import abort

from reviewhub.api import people_schemas as s
from reviewhub.api.base import api_v1, event_in_scope, page
from reviewhub.assignment import preview, queries
from reviewhub.assignment.models import Assignment
from reviewhub.assignment.services import proposed
from reviewhub.assignment.services import runs as run_services
from reviewhub.assignment.targets import target_for
from reviewhub.errors import InvalidTransition
from reviewhub.events.models import Role
from reviewhub.permissions import (
    can_read_assignments,
    can_run_assignment,
    conflicted_submission_ids,
    is_organizer,
    require,
)
from reviewhub.submissions.models import Submission


@api_v1.route("/events/<slug>/assignments")
@api_v1.etag
@api_v1.arguments(s.AssignmentArgs, location="query")
@api_v1.response(200, s.AssignmentPage)
def assignments(args, slug):
    """Organizers: every assignment but on their conflicted submissions. Reviewers: their own
    (not where they have a conflict since)."""
    event = event_in_scope(slug)
    viewer = s.user()
    require(can_read_assignments(viewer, event))
    query = (sa.select(Assignment).join(Submission, Submission.id == Assignment.submission_id)
             .where(Submission.event_id == event.id))
    hidden = conflicted_submission_ids(viewer)
    if hidden:
        query = query.where(Submission.id.not_in(sorted(hidden)))
    if is_organizer(viewer, event):
        if args.get("reviewer"):
            query = query.where(Assignment.user_id == args["reviewer"])
    else:
        query = query.where(Assignment.user_id == viewer.id)
    if args.get("submission"):
        query = query.where(Assignment.submission_id == args["submission"])
    result = page(query.order_by(Submission.number, Assignment.reviewer_number), args)
    subs = s.submissions_by_id(a.submission_id for a in result["items"])
    return {**result, "items": [{"id": a.id, "submission": subs[a.submission_id], "reviewer": a.user_id,
                                 "reviewer_number": a.reviewer_number, "source": a.source, "locked": a.locked,
                                 "created_at": a.created_at} for a in result["items"]]}


def _run_out(run, event, viewer) -> dict:
    """The run as the run page shows it: without the viewer's conflicted submissions."""
    hidden = queries.conflicted_submission_ids(viewer, event)
    summary = preview.restrict_summary(run.summary or {}, run.pairs or [], hidden)
    wanted = {(p[0], p[1]) for p in run.pairs or []}
    target = target_for(run.role)
    current = target.current_pairs(event)
    added = sorted(wanted - current)
    removed = sorted(current - wanted - set(target.kept_pairs(event))) if run.status == "preview" else []

    def shown(pairs):
        return [{"submission": a, "reviewer": u} for a, u in pairs if a not in hidden]

    return {"id": run.id, "status": run.status, "mode": (run.params or {}).get("mode"),
            "created_at": run.created_at, "applied_at": run.applied_at,
            "pairs": shown(sorted(wanted)), "to_add": shown(added), "to_remove": shown(removed),
            "hidden_changes": sum(1 for p in added + removed if p[0] in hidden),
            "loads": summary.get("loads", {}), "feasible": summary.get("feasible")}


def _run(event, run_id):
    run = queries.get_run(event, run_id)
    # Another event's run answers like a missing one; so does a committee run (area chairs
    # are assigned on the committee's pages, under their own rules).
    require(run is not None and run.role == Role.reviewer, hide=True)
    return run


@api_v1.route("/events/<slug>/assignment-runs", methods=["POST"])
@api_v1.arguments(s.RunIn)
@api_v1.response(201, s.RunOut)
def propose_run(data, slug):
    """Store a whole proposed assignment as a preview run; any bad pair (not a submitted work,
    not a reviewer, a conflict of interest, listed twice) is refused by its index, nothing stored."""
    event = event_in_scope(slug)
    viewer = s.user()
    require(can_run_assignment(viewer, event))
    try:
        run = proposed.propose_run(event, [(p["submission"], p["reviewer"]) for p in data["pairs"]], by=viewer)
    except proposed.ProposalInvalid as error:
        s.invalid({"pairs": {str(i): fields for i, fields in error.errors.items()}}, message=str(error))
    s.done()
    return _run_out(run, event, viewer)


@api_v1.route("/events/<slug>/assignment-runs/<int:run_id>")
@api_v1.etag
@api_v1.response(200, s.RunOut)
def run(slug, run_id):
    """A run (proposed here or computed on the runs page) and what applying it changes."""
    event = event_in_scope(slug)
    viewer = s.user()
    require(can_run_assignment(viewer, event))
    return _run_out(_run(event, run_id), event, viewer)


@api_v1.route("/events/<slug>/assignment-runs/<int:run_id>/apply", methods=["POST"])
@api_v1.response(200, s.ApplyOut)
def apply_run(slug, run_id):
    """Make a preview run the assignment; newly assigned reviewers are mailed (outbox)."""
    event = event_in_scope(slug)
    viewer = s.user()
    require(can_run_assignment(viewer, event))
    row = _run(event, run_id)
    try:
        counts = run_services.apply_run(row, by=viewer)
    except InvalidTransition as error:
        abort(409, description=str(error))
    s.done()
    return counts
