"""Reviewers (with their load) and reviewer invitations: the organizers' recruitment page."""

import sqlalchemy as sa

from reviewhub.api import people_schemas as s
from reviewhub.api.base import api_v1, event_in_scope, page
from reviewhub.assignment import queries
from reviewhub.assignment.models import ReviewerInvitation
from reviewhub.assignment.services import invitations
from reviewhub.errors import DomainError
from reviewhub.events.models import Role
from reviewhub.permissions import can_manage_reviewers, conflicted_submission_ids, require


def _reviewer_rows(event, found):
    """The page's memberships as rows; counts leave out the viewer's conflicted submissions."""
    ids = [m.user_id for m in found]
    assigned, bids = queries.reviewer_counts(event, ids, exclude=conflicted_submission_ids(s.user()))
    return [{"id": m.user.id, "name": m.user.name, "email": m.user.email,
             "affiliation": m.user.affiliation or "", "max_load": m.max_load,
             "load_cap": m.max_load if m.max_load is not None else event.default_reviewer_load,
             "assigned": assigned.get(m.user_id, 0), "bids": bids.get(m.user_id, 0)} for m in found]


@api_v1.route("/events/<slug>/reviewers")
@api_v1.etag
@api_v1.arguments(s.ReviewerArgs, location="query")
@api_v1.response(200, s.ReviewerPage)
def reviewers(args, slug):
    """The event's reviewers with their load cap, assignments and bids (organizers)."""
    event = event_in_scope(slug)
    require(can_manage_reviewers(s.user(), event))
    result = page(queries.reviewer_query(event, q=args.get("q")), args)
    return {**result, "items": _reviewer_rows(event, result["items"])}


@api_v1.route("/events/<slug>/invitations")
@api_v1.etag
@api_v1.arguments(s.InvitationArgs, location="query")
@api_v1.response(200, s.InvitationPage)
def invitations_list(args, slug):
    """Reviewer invitations and their states, newest first (organizers)."""
    event = event_in_scope(slug)
    require(can_manage_reviewers(s.user(), event))
    query = sa.select(ReviewerInvitation).where(ReviewerInvitation.event_id == event.id,
                                                ReviewerInvitation.role == Role.reviewer)
    if args.get("status"):
        query = query.where(ReviewerInvitation.status == args["status"])
    return page(query.order_by(ReviewerInvitation.invited_at.desc(), ReviewerInvitation.id.desc()), args)


@api_v1.route("/events/<slug>/invitations", methods=["POST"])
@api_v1.arguments(s.InvitationIn)
@api_v1.response(201, s.InvitationOut)
def invite(data, slug):
    """Invite one person to review; the invitation mail goes through the outbox (organizers)."""
    event = event_in_scope(slug)
    require(can_manage_reviewers(s.user(), event))
    try:
        invitation = invitations.invite(event, email=data["email"], name=data["name"],
                                        affiliation=data["affiliation"], by=s.user())
    except DomainError as error:
        s.invalid({"email": [str(error)]})
    s.done()
    return invitation
