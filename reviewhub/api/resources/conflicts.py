"""Conflicts of interest: organizers read the event's (not their own submissions'); a reviewer
reads and declares their own (the profile page's service). Reasons follow conflict_reason: a
reviewer of a double-blind event gets a neutral label, never the recorded words."""

import sqlalchemy as sa

from reviewhub.api import people_schemas as s
from reviewhub.api.base import api_v1, event_in_scope, page
from reviewhub.assignment.services import profiles
from reviewhub.errors import DomainError
from reviewhub.permissions import (
    can_bid,
    can_read_conflicts,
    conflict_reason,
    conflicted_submission_ids,
    is_organizer,
    require,
)
from reviewhub.submissions.models import Conflict, Submission


@api_v1.route("/events/<slug>/conflicts")
@api_v1.etag
@api_v1.arguments(s.ConflictArgs, location="query")
@api_v1.response(200, s.ConflictPage)
def conflicts(args, slug):
    """Organizers: the event's conflicts but on their own conflicted submissions. Reviewers: their own."""
    event = event_in_scope(slug)
    viewer = s.user()
    require(can_read_conflicts(viewer, event))
    query = (sa.select(Conflict).join(Submission, Submission.id == Conflict.submission_id)
             .where(Submission.event_id == event.id))
    if is_organizer(viewer, event):
        hidden = conflicted_submission_ids(viewer)
        if hidden:
            query = query.where(Submission.id.not_in(sorted(hidden)))
        if args.get("user"):
            query = query.where(Conflict.user_id == args["user"])
    else:
        query = query.where(Conflict.user_id == viewer.id)
    if args.get("submission"):
        query = query.where(Conflict.submission_id == args["submission"])
    if args.get("source"):
        query = query.where(Conflict.source == args["source"])
    result = page(query.order_by(Submission.number, Conflict.id), args)
    return {**result, "items": [{"id": c.id, "submission": c.submission, "user": c.user_id, "source": c.source,
                                 "reason": conflict_reason(viewer, c), "overridden": c.overridden}
                                for c in result["items"]]}


@api_v1.route("/events/<slug>/conflicts", methods=["POST"])
@api_v1.arguments(s.ConflictIn)
@api_v1.response(201, s.ConflictsDeclared)
def declare_conflict(data, slug):
    """Declare your own conflict with a submission (by id), or in an open-review event with
    every work of an author (by name)."""
    event = event_in_scope(slug)
    viewer = s.user()
    require(can_bid(viewer, event))
    if ("submission" in data) == ("author_name" in data):
        s.invalid({"submission": ["Give either a submission id or an author's name."]})
    if "submission" in data:
        submission = s.submissions_by_id([data["submission"]]).get(data["submission"])
        if submission is None or submission.event_id != event.id or submission.status != "submitted":
            s.invalid({"submission": ["No submitted work of this event has this id."]})
        profiles.declare_conflict(viewer, submission, reason=data["reason"])
        declared = 1
    else:
        try:
            declared = profiles.declare_author_conflict(viewer, event, author_name=data["author_name"],
                                                        reason=data["reason"])
        except DomainError as error:
            s.invalid({"author_name": [str(error)]})
    s.done()
    return {"declared": declared}
