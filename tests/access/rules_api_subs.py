"""Access rules of the API's submissions, reviews, comments and decisions (issue 20): /api/v1
answers bearer tokens only, so every role's session is refused there (401). Who may do what
with a token is tested per resource in tests/api/ (test_api_subs_threats.py for the escapes)."""

from tests.access.api_matrix import api_rule
from tests.access.rules import rule
from tests.access.rules_submissions import _file
from tests.access.world import CHAIRS, LOGGED_IN, NOBODY, ORGANIZERS


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
    rule("api_v1.submission_file", "GET", f"{EVENT}/submissions/{{sid}}/files/{{file_id}}", NOBODY, prepare=_file),
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


# --- the token side (tests/test_access_api.py) ------------------------------------------------
# Lists answer every signed-in caller 200 with what they may read (an empty page for a stranger,
# as an empty "my submissions" page): that is "let in". One object answers 404 to whoever may
# not read it, like a missing one; the organizer-only routes answer 403.

AUTHORS = {"author", "coauthor"}
READERS = AUTHORS | {"reviewer_assigned", "organizer"}  # submissions.show's: not the conflicted
WRITERS = {"reviewer_assigned", "sub_reviewer"}  # reviewing.edit's
DISCUSSION = {"organizer"} | CHAIRS  # reviewing.comment's before any review is submitted


def _forms(world):
    from reviewhub.extensions import db
    from reviewhub.reviewing.form_services import ensure_default_forms

    ensure_default_forms(world.event)
    db.session.commit()
    return {}


def _outcome(world):
    from reviewhub.decisions.services import ensure_default_outcomes
    from reviewhub.extensions import db

    outcomes = ensure_default_outcomes(world.event)
    db.session.commit()
    return {"outcome_key": outcomes[0].key}


def _decided(world):
    """The other submission (no organizer is conflicted with it) decided, not released."""
    from reviewhub.decisions import services
    from reviewhub.extensions import db

    outcomes = services.ensure_default_outcomes(world.event)
    services.decide(world.other_submission, outcomes[0], by=world.users["organizer"])
    db.session.commit()
    return {}


def _submitted_review(world):
    """reviewer_assigned has submitted a complete review: reviewers and chairs may read it."""
    from reviewhub.extensions import db
    from reviewhub.reviewing import services
    from reviewhub.reviewing.form_services import ensure_default_forms

    ensure_default_forms(world.event)
    review = services.save_review(
        world.assignment, by=world.users["reviewer_assigned"], submit=True, expected_version=0,
        raw={"overall": "4", "confidence": "3", "originality": "4", "technical_quality": "3",
             "clarity": "4", "relevance": "5", "comments_to_authors": "Nice."})
    db.session.commit()
    return {"review_id": review.id}


def _foreign(world):
    """A submission of the other event, with an assigned review and a comment, walked to
    under the world's event: every id answers like a missing one."""
    from reviewhub.extensions import db
    from reviewhub.reviewing.models import Comment, Review
    from tests import factories as f

    work = f.make_submission(world.other_event, author=world.users["author"])
    assignment = f.make_assignment(work, world.users["reviewer_assigned"])
    review = Review(assignment_id=assignment.id, answers={"overall": 3}, status="submitted")
    db.session.add(review)
    db.session.add(Comment(submission_id=work.id, author_id=world.users["other_organizer"].id,
                           body_md="elsewhere", visibility="reviewers"))
    db.session.commit()
    return {"foreign_sid": work.id, "foreign_review_id": review.id}


def _decision_line(values):
    return {"decisions": [{"submission": values["other_sid"], "outcome": values["outcome_key"]}]}


def _conflicted_line(values):
    return {"decisions": [{"submission": values["sid"], "outcome": values["outcome_key"]}]}


def _foreign_line(values):
    return {"decisions": [{"submission": values["foreign_sid"], "outcome": values["outcome_key"]}]}


def _outcome_conflicted(world):
    return _outcome(world)  # names the rule apart from the other set_decisions one (pins are keyed by it)


def _foreign_outcome(world):
    return {**_foreign(world), **_outcome(world)}


def _own_review_body(values):
    return {"answers": {"overall": 3}, "version": 0}


API_RULES = [
    api_rule("api_v1.submissions", "GET", f"{EVENT}/submissions", LOGGED_IN,
             note="organizers the list page's rows but their conflicted works; others their own and assigned"),
    api_rule("api_v1.submission", "GET", f"{EVENT}/submissions/{{sid}}", READERS,
             note="as submissions.show: the conflicted organizer and reviewer get 404"),
    api_rule("api_v1.submission_file", "GET", f"{EVENT}/submissions/{{sid}}/files/{{file_id}}", READERS,
             prepare=_file, note="as submissions.download: the submission's readers (blind ones get the blinded copy)"),
    api_rule("api_v1.submission", "GET", f"{EVENT}/submissions/{{foreign_sid}}", NOBODY, prepare=_foreign,
             note="another event's submission under this event's path answers like a missing one"),
    api_rule("api_v1.reviews", "GET", f"{EVENT}/reviews", LOGGED_IN, prepare=_submitted_review,
             note="each caller the reviews they may read (an empty page for most)"),
    api_rule("api_v1.review", "GET", f"{EVENT}/reviews/{{review_id}}", {"organizer"} | WRITERS, prepare=_review,
             note="a draft: its writers (reviewer and sub-reviewer) and the unconflicted organizer; not chairs yet"),
    api_rule("api_v1.review", "GET", f"{EVENT}/reviews/{{review_id}}",
             {"organizer", "reviewer_assigned", "sub_reviewer"} | CHAIRS, prepare=_submitted_review,
             note="submitted: its writer, the sub-reviewer, the unconflicted organizer and chairs"),
    api_rule("api_v1.review", "GET", f"{EVENT}/reviews/{{foreign_review_id}}", NOBODY, prepare=_foreign),
    api_rule("api_v1.own_review", "GET", f"{EVENT}/submissions/{{sid}}/review", WRITERS, prepare=_forms,
             note="the event's review forms exist (the first read of a form would add the defaults)"),
    api_rule("api_v1.own_review", "GET", f"{EVENT}/submissions/{{foreign_sid}}/review", NOBODY, prepare=_foreign,
             note="reviewer_assigned's assignment of another event is not reached through this one"),
    api_rule("api_v1.save_own_review", "PUT", f"{EVENT}/submissions/{{sid}}/review", WRITERS,
             json=_own_review_body, note="the second writer's version 0 is stale: 409"),
    api_rule("api_v1.save_own_review", "PUT", f"{EVENT}/submissions/{{foreign_sid}}/review", NOBODY,
             json=_own_review_body, prepare=_foreign),
    api_rule("api_v1.comments", "GET", f"{EVENT}/submissions/{{sid}}/comments", DISCUSSION,
             note="reviewers join the discussion only after submitting their own review"),
    api_rule("api_v1.comments", "GET", f"{EVENT}/submissions/{{sid}}/comments", DISCUSSION | {"reviewer_assigned"},
             prepare=_submitted_review),
    api_rule("api_v1.comments", "GET", f"{EVENT}/submissions/{{foreign_sid}}/comments", NOBODY, prepare=_foreign),
    api_rule("api_v1.add_comment", "POST", f"{EVENT}/submissions/{{sid}}/comments", DISCUSSION,
             json={"body": "A point"}),
    api_rule("api_v1.add_comment", "POST", f"{EVENT}/submissions/{{sid}}/comments", DISCUSSION | {"reviewer_assigned"},
             json={"body": "A point"}, prepare=_submitted_review),
    api_rule("api_v1.add_comment", "POST", f"{EVENT}/submissions/{{foreign_sid}}/comments", NOBODY,
             json={"body": "A point"}, prepare=_foreign),
    api_rule("api_v1.outcomes", "GET", f"{EVENT}/outcomes", ORGANIZERS, prepare=_outcome),
    api_rule("api_v1.decisions", "GET", f"{EVENT}/decisions", LOGGED_IN, prepare=_decided,
             note="organizers all but their conflicted works; others their released ones (none here)"),
    api_rule("api_v1.set_decisions", "POST", f"{EVENT}/decisions", ORGANIZERS, json=_decision_line, prepare=_outcome),
    api_rule("api_v1.set_decisions", "POST", f"{EVENT}/decisions", ORGANIZERS, json=_conflicted_line,
             prepare=_outcome_conflicted, note="the conflicted organizer's line on their conflicted work: 422, nothing saved"),
    api_rule("api_v1.set_decisions", "POST", f"{EVENT}/decisions", ORGANIZERS, json=_foreign_line,
             prepare=_foreign_outcome, note="another event's submission: a 422 line, nothing saved"),
    api_rule("api_v1.decisions_release_preview", "GET", f"{EVENT}/decisions/release", ORGANIZERS, prepare=_decided),
    api_rule("api_v1.release_decisions", "POST", f"{EVENT}/decisions/release", ORGANIZERS, json={},
             prepare=_decided, note="the second organizer finds nothing left to release: 409"),
]
