"""Access rules of the review-process routes (rounds, author response, sub-reviews, ratings)."""

from tests.access.rules import rule
from tests.access.world import ORGANIZERS

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
