"""Bids: a reviewer reads and sets their own (the bid page's service); organizers read all,
without the submissions they are conflicted with."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from reviewhub.api import people_schemas as s
from reviewhub.api.base import api_v1, event_in_scope, page
from reviewhub.assignment.models import Bid
from reviewhub.assignment.services import bids as bid_services
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.permissions import (
    can_bid,
    can_read_bids,
    conflicted_submission_ids,
    is_organizer,
    require,
)
from reviewhub.submissions.models import Submission


@api_v1.route("/events/<slug>/bids")
@api_v1.etag
@api_v1.arguments(s.BidArgs, location="query")
@api_v1.response(200, s.BidPage)
def bids(args, slug):
    """Organizers: every bid but on their conflicted submissions. Reviewers: their own."""
    event = event_in_scope(slug)
    viewer = s.user()
    require(can_read_bids(viewer, event))
    query = sa.select(Bid).join(Submission, Submission.id == Bid.submission_id).where(Submission.event_id == event.id)
    if is_organizer(viewer, event):
        hidden = conflicted_submission_ids(viewer)
        if hidden:
            query = query.where(Submission.id.not_in(sorted(hidden)))
        if args.get("reviewer"):
            query = query.where(Bid.user_id == args["reviewer"])
    else:
        query = query.where(Bid.user_id == viewer.id)
    if args.get("submission"):
        query = query.where(Bid.submission_id == args["submission"])
    if args.get("value"):
        query = query.where(Bid.value == args["value"])
    result = page(query.order_by(Submission.number, Bid.user_id), args)
    subs = s.submissions_by_id(b.submission_id for b in result["items"])
    return {**result, "items": [{"submission": subs[b.submission_id], "reviewer": b.user_id, "value": b.value,
                                 "updated_at": b.updated_at} for b in result["items"]]}


@api_v1.route("/events/<slug>/bids", methods=["POST"])
@api_v1.arguments(s.BidsIn)
@api_v1.response(200, s.BidsSaved)
def set_bids(data, slug):
    """Set your own bids ("neutral" removes one; "conflict" declares a conflict), all or none."""
    event = event_in_scope(slug)
    viewer = s.user()
    require(can_bid(viewer, event))
    choices = {item["submission"]: item["value"] for item in data["bids"]}
    allowed = bid_services.biddable_ids(viewer, event, set(choices))
    refused = {str(i): {"submission": ["No submission you may bid on has this id."]}
               for i, item in enumerate(data["bids"]) if item["submission"] not in allowed}
    if refused:
        s.invalid({"bids": refused})
    try:
        changed = _save(viewer, event, choices)
    except DomainError as error:
        s.invalid({"bids": [str(error)]})
    s.done()
    return {"changed": changed}


def _save(viewer, event, choices) -> int:
    """As the bid page: a concurrent insert of the same bid is retried once as an update."""
    try:
        return bid_services.save_bids(viewer, event, choices)
    except IntegrityError:
        db.session.rollback()
        return bid_services.save_bids(viewer, event, choices)
