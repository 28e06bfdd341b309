"""Access rules of the assignment routes: recruitment, the reviewer's pages, runs and edits."""

from tests.access.rules import rule
from tests.access.world import ANY, AREA_CHAIRS, LOGGED_IN, ORGANIZERS

REVIEWERS = {"reviewer_assigned", "reviewer_unassigned", "reviewer_conflicted"}
BASE = "/{slug}/assignment"


def _invitation(world):
    from reviewhub.assignment.models import ReviewerInvitation
    from reviewhub.extensions import db

    invitation = ReviewerInvitation(event_id=world.event.id, email="invitee@example.org",
                                    name="Invitee", token="tok-" + "x" * 40)
    db.session.add(invitation)
    db.session.commit()
    return {"invitation_id": invitation.id, "token": invitation.token}


def _reviewer(world):
    return {"reviewer_id": world.users["reviewer_assigned"].id}


def _own_conflict(world):
    from reviewhub.extensions import db
    from tests import factories as f

    conflict = f.make_conflict(world.other_submission, world.users["reviewer_unassigned"])
    db.session.commit()
    return {"conflict_id": conflict.id}


def _run(world):
    from reviewhub.assignment.models import AssignmentRun
    from reviewhub.extensions import db

    run = AssignmentRun(event_id=world.event.id, status="preview", pairs=[], summary={})
    db.session.add(run)
    db.session.commit()
    return {"run_id": run.id}


RULES = [
    rule("assignment.reviewers", "GET", BASE + "/reviewers", ORGANIZERS),
    rule("assignment.reviewers", "POST", BASE + "/reviewers", ORGANIZERS),
    rule("assignment.import_reviewers", "POST", BASE + "/reviewers/import", ORGANIZERS),
    rule("assignment.remind", "POST", BASE + "/invitations/{invitation_id}/remind", ORGANIZERS,
         prepare=_invitation),
    rule("assignment.revoke", "POST", BASE + "/invitations/{invitation_id}/revoke", ORGANIZERS,
         prepare=_invitation),
    rule("assignment.set_load", "POST", BASE + "/reviewers/{reviewer_id}/load", ORGANIZERS,
         prepare=_reviewer, data={"max_load": "4"}),
    rule("assignment.invitation", "GET", BASE + "/invitation/{token}", ANY, prepare=_invitation,
         note="the token is the permission"),
    rule("assignment.accept", "POST", BASE + "/invitation/{token}/accept", LOGGED_IN,
         prepare=_invitation, note="anyone holding the token, with an account"),
    rule("assignment.decline", "POST", BASE + "/invitation/{token}/decline", ANY,
         prepare=_invitation, note="no account needed to decline"),
    rule("assignment.profile", "GET", BASE + "/profile", REVIEWERS | AREA_CHAIRS),
    rule("assignment.profile", "POST", BASE + "/profile", REVIEWERS | AREA_CHAIRS),
    rule("assignment.declare_conflict", "POST", BASE + "/conflicts", REVIEWERS | AREA_CHAIRS),
    rule("assignment.withdraw_conflict", "POST", BASE + "/conflicts/{conflict_id}/withdraw",
         {"reviewer_unassigned"}, prepare=_own_conflict, note="only one's own conflicts"),
    rule("assignment.bids", "GET", BASE + "/bids", REVIEWERS | AREA_CHAIRS),
    rule("assignment.bids", "POST", BASE + "/bids", REVIEWERS | AREA_CHAIRS),
    rule("assignment.runs", "GET", BASE + "/runs", ORGANIZERS),
    rule("assignment.runs", "POST", BASE + "/runs", ORGANIZERS),
    rule("assignment.run", "GET", BASE + "/runs/{run_id}", ORGANIZERS, prepare=_run),
    rule("assignment.apply", "POST", BASE + "/runs/{run_id}/apply", ORGANIZERS, prepare=_run),
    rule("assignment.discard", "POST", BASE + "/runs/{run_id}/discard", ORGANIZERS, prepare=_run),
    rule("assignment.current", "GET", BASE + "/current", ORGANIZERS),
    rule("assignment.add", "POST", BASE + "/current/add", ORGANIZERS),
    rule("assignment.remove", "POST", BASE + "/assignments/{assignment_id}/remove", {"organizer"},
         note="the conflicted organizer may not touch their own submission's reviewers"),
    rule("assignment.lock", "POST", BASE + "/assignments/{assignment_id}/lock", {"organizer"},
         note="as remove"),
    rule("assignment.bid_report", "GET", BASE + "/bids/report", ORGANIZERS,
         note="a conflicted organizer gets the page without their conflicted submissions"),
    rule("assignment.bid_reason", "GET", BASE + "/bids/{sid}/why",
         {"reviewer_assigned", "reviewer_unassigned"}, note="not for a conflicted reviewer"),
    rule("assignment.pair_reason", "GET", BASE + "/reasons/{sid}/{reviewer_id}", {"organizer"},
         prepare=_reviewer, note="not for the organizer conflicted with the submission"),
]
