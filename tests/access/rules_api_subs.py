"""Access rules of the API's submissions, reviews, comments and decisions (issue 20): /api/v1
answers bearer tokens only, so every role's session is refused there (401). Who may do what
with a token is tested per resource in tests/api/ (test_api_subs_threats.py for the escapes)."""

from tests.access.rules import rule
from tests.access.world import NOBODY


def _review(world):
    from reviewhub.extensions import db
    from reviewhub.reviewing.models import Review

    review = Review(assignment_id=world.assignment.id, answers={"overall": 3}, status="draft")
    db.session.add(review)
    db.session.commit()
    return {"review_id": review.id}


EVENT = "/api/v1/events/{slug}"
RULES = [
    rule("api_v1.submissions", "GET", f"{EVENT}/submissions", NOBODY),
    rule("api_v1.submission", "GET", f"{EVENT}/submissions/{{sid}}", NOBODY),
    rule("api_v1.reviews", "GET", f"{EVENT}/reviews", NOBODY),
    rule("api_v1.review", "GET", f"{EVENT}/reviews/{{review_id}}", NOBODY, prepare=_review),
    rule("api_v1.own_review", "GET", f"{EVENT}/submissions/{{sid}}/review", NOBODY),
    rule("api_v1.save_own_review", "PUT", f"{EVENT}/submissions/{{sid}}/review", NOBODY,
         data={"version": "0"}),
    rule("api_v1.comments", "GET", f"{EVENT}/submissions/{{sid}}/comments", NOBODY),
    rule("api_v1.add_comment", "POST", f"{EVENT}/submissions/{{sid}}/comments", NOBODY, data={"body": "hi"}),
    rule("api_v1.outcomes", "GET", f"{EVENT}/outcomes", NOBODY),
    rule("api_v1.decisions", "GET", f"{EVENT}/decisions", NOBODY),
    rule("api_v1.set_decisions", "POST", f"{EVENT}/decisions", NOBODY),
    rule("api_v1.decisions_release_preview", "GET", f"{EVENT}/decisions/release", NOBODY),
    rule("api_v1.release_decisions", "POST", f"{EVENT}/decisions/release", NOBODY),
]
