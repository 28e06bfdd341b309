"""Access rules of the review-process routes (rounds, author response, sub-reviews, ratings)."""

from tests.access.rules import rule
from tests.access.world import ANY, CHAIRS, LOGGED_IN, ORGANIZERS

AUTHORS = {"author", "coauthor"}
BASE = "/{slug}/reviews"


def _response_open(world):
    """The response period runs now and reviewer_assigned has submitted a review."""
    from datetime import timedelta

    from reviewhub.extensions import db
    from reviewhub.models_base import utcnow
    from reviewhub.reviewing.process import settings
    from tests.access.rules_reviewing import _submitted_review

    extra = _submitted_review(world)
    settings.update_settings(world.event, by=None, response_enabled=True,
                             response_opens_at=utcnow() - timedelta(hours=1),
                             response_deadline_at=utcnow() + timedelta(days=1), response_word_limit=100)
    db.session.commit()
    return extra


def _round(world):
    from reviewhub.extensions import db
    from reviewhub.reviewing.process import settings

    row = settings.add_round(world.event, by=None, name="R2", deadline_at=None, own_form=False)
    db.session.commit()
    return {"round_id": row.id}


RULES = [
    rule("reviewing.process_settings", "GET", BASE + "/process", ORGANIZERS),
    rule("reviewing.process_settings", "POST", BASE + "/process", ORGANIZERS,
         data={"response_word_limit": "300", "ratings_enabled": "y"}),
    rule("reviewing.round_add", "POST", BASE + "/process/rounds", ORGANIZERS, data={"name": "R2"}),
    rule("reviewing.round_edit", "POST", BASE + "/process/rounds/{round_id}", ORGANIZERS, prepare=_round,
         data={"deadline_at": ""}),
    rule("reviewing.round_reviewer_add", "POST", BASE + "/{sid}/round-reviewer", {"organizer"}, prepare=_round,
         data={"reviewer": "0", "round_id": "0"},
         note="the conflicted organizer gets the 404 of a missing submission; the body is refused "
              "(tests/reviewing/process/test_rounds.py adds a reviewer for real)"),
    rule("reviewing.response", "GET", BASE + "/{sid}/response", AUTHORS, prepare=_response_open,
         note="everyone but the authors gets 404, as for a missing id"),
    rule("reviewing.response", "POST", BASE + "/{sid}/response", AUTHORS, prepare=_response_open,
         data={"body": "We thank the reviewers.", "version": "0"}),
    rule("reviewing.response", "GET", BASE + "/{sid}/response", set(),
         note="without a response period nobody has the page"),
]


def _subreviews_allowed(world):
    from reviewhub.extensions import db
    from reviewhub.reviewing.process import settings

    settings.update_settings(world.event, by=None, subreviewers_allowed=True)
    db.session.commit()


def _awaiting(world):
    """reviewer_assigned's request for a second expert, awaiting an organizer's approval."""
    from reviewhub.extensions import db
    from tests import factories as f

    row = f.make_subreview(world.assignment, world.users["stranger"], status="awaiting_approval")
    db.session.commit()
    return {"request_id": row.id, "token": row.token}


def _pending(world):
    from reviewhub.extensions import db
    from tests import factories as f

    row = f.make_subreview(world.assignment, world.users["stranger"], status="pending")
    db.session.commit()
    return {"request_id": row.id, "token": row.token}


def _ratable(world):
    """Ratings on, and a second assigned reviewer's submitted review for reviewer_assigned
    (who submitted too) to rate."""
    from reviewhub.extensions import db
    from reviewhub.reviewing import services
    from reviewhub.reviewing.process import settings
    from tests import factories as f
    from tests.access.rules_reviewing import _submitted_review

    _submitted_review(world)
    colleague = f.make_user(name="Colleague")
    f.add_role(world.event, colleague, "reviewer")
    other = f.make_assignment(world.submission, colleague)
    review = services.save_review(other, by=colleague, submit=True, expected_version=0, raw={
        "overall": "3", "confidence": "3", "originality": "3", "technical_quality": "3",
        "clarity": "3", "relevance": "3", "comments_to_authors": "Fine."})
    settings.update_settings(world.event, by=None, ratings_enabled=True)
    db.session.commit()
    return {"review_id": review.id}


RULES += [
    rule("reviewing.subreview_request", "POST", BASE + "/{sid}/subreview", {"reviewer_assigned"},
         prepare=_subreviews_allowed, data={"email": "expert@elsewhere.org", "name": "Eve"},
         note="the sub-reviewer cannot pass the review on again"),
    rule("reviewing.subreview_request", "POST", BASE + "/{sid}/subreview", set(),
         data={"email": "expert@elsewhere.org"}, note="not allowed by the event: nobody"),
    rule("reviewing.subreviews", "GET", BASE + "/subreviews", ORGANIZERS,
         note="the conflicted organizer's list leaves the conflicted submission out"),
    rule("reviewing.subreview_action", "POST", BASE + "/subreviews/{request_id}/approve",
         {"organizer"} | CHAIRS, prepare=_awaiting, note="an organizer or the submission's chairs"),
    rule("reviewing.subreview_action", "POST", BASE + "/subreviews/{request_id}/revoke",
         {"organizer", "reviewer_assigned"} | CHAIRS, prepare=_awaiting,
         note="the organizer, the submission's chairs or the requesting reviewer"),
    rule("reviewing.subreview_invitation", "GET", BASE + "/subreview/{token}", ANY, prepare=_pending,
         note="the token is the permission"),
    rule("reviewing.subreview_accept", "POST", BASE + "/subreview/{token}/accept", LOGGED_IN, prepare=_pending,
         note="an account is needed; conflicted accounts are refused with a message"),
    rule("reviewing.subreview_decline", "POST", BASE + "/subreview/{token}/decline", ANY, prepare=_pending),
    rule("reviewing.rate", "POST", BASE + "/review/{review_id}/rate", {"reviewer_assigned"} | CHAIRS,
         prepare=_ratable, data={"value": "1"},
         note="assigned co-reviewers who may read the review, and the chairs; not its writer"),
    rule("reviewing.quality", "GET", BASE + "/quality", ORGANIZERS),
    rule("reviewing.quality_csv", "GET", BASE + "/quality.csv", ORGANIZERS),
]
