"""Point 8: organizers freeze reviews and discussion during an incident, and revert every
review of the event to its state at a chosen time, after a preview; all of it audited."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from reviewhub.audit import AuditLog
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import incidents
from reviewhub.reviewing import services as reviewing
from reviewhub.reviewing.form_services import ensure_default_forms
from reviewhub.reviewing.models import Comment, Review, ReviewVersion
from reviewhub.reviewing.revert import VersionRow, plan_revert
from reviewhub.timeutil import to_local
from tests import factories as f

ANSWERS = {"overall": "4", "confidence": "3", "originality": "4", "technical_quality": "3",
           "clarity": "4", "relevance": "5", "comments_to_authors": "Careful and clear."}


def _event():
    organizer, chair = f.make_user(name="Olga Org"), f.make_user(name="Conrad Chair")
    event = f.make_event(organizer=organizer)
    f.add_role(event, chair, "organizer")
    reviewers = [f.make_user(name=f"Reviewer {i}") for i in range(2)]
    for reviewer in reviewers:
        f.add_role(event, reviewer, "reviewer")
    first = f.make_submission(event, author=f.make_user(), title="First work")
    second = f.make_submission(event, author=f.make_user(), title="Second work")
    f.make_conflict(second, chair, source="author")
    assignments = {(s.id, r.id): f.make_assignment(s, r) for s in (first, second) for r in reviewers}
    ensure_default_forms(event)
    db.session.commit()
    return event, organizer, chair, reviewers, first, second, assignments


def _save(assignment, reviewer, *, at, submit=True, **answers):
    review = db.session.scalar(sa.select(Review).where(Review.assignment_id == assignment.id))
    saved = reviewing.save_review(assignment, by=reviewer, raw={**ANSWERS, **answers}, submit=submit,
                                  expected_version=review.version if review else 0, now=at)
    db.session.commit()
    return saved


# --- freeze -------------------------------------------------------------------------------


def test_a_frozen_event_refuses_review_saves_and_comments_with_the_reason(app, login_as):
    event, organizer, _, reviewers, first, _, assignments = _event()
    review = _save(assignments[(first.id, reviewers[0].id)], reviewers[0], at=utcnow() - timedelta(hours=1))
    client = login_as(organizer)
    assert client.post(f"/{event.slug}/reviews/incident/freeze", data={"reason": "Scores leaked"}).status_code == 302
    reviewer = login_as(reviewers[0])
    page = reviewer.get(f"/{event.slug}/reviews/{first.id}/review")
    assert "frozen by the organizers" in page.text and "Scores leaked" in page.text
    typed = {"action": "save", "version": str(review.version), "q_overall": "2",
             "q_comments_to_authors": "My words stay here"}
    refused = reviewer.post(f"/{event.slug}/reviews/{first.id}/review", data=typed)
    assert refused.status_code == 423 and "frozen" in refused.text and "My words stay here" in refused.text
    db.session.expire_all()
    assert db.session.get(Review, review.id).version == review.version  # nothing saved
    comment = reviewer.post(f"/{event.slug}/reviews/{first.id}/comments",
                            data={"body": "Psst", "visibility": "reviewers"})
    assert comment.status_code == 423 and "frozen" in comment.text
    assert client.post(f"/{event.slug}/reviews/{first.id}/comments",
                       data={"body": "Me too?", "visibility": "reviewers"}).status_code == 423
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0
    [row] = incidents.list_freezes(event)
    assert client.post(f"/{event.slug}/reviews/incident/freezes/{row.id}/lift").status_code == 302
    assert reviewer.post(f"/{event.slug}/reviews/{first.id}/review", data=typed).status_code == 302
    actions = db.session.scalars(sa.select(AuditLog.action).where(AuditLog.action.like("reviews.%"))
                                 .order_by(AuditLog.id)).all()
    assert actions == ["reviews.frozen", "reviews.unfrozen"]


def test_freezing_one_submission_leaves_the_others_open(app, login_as):
    event, organizer, _, reviewers, first, second, assignments = _event()
    login_as(organizer).post(f"/{event.slug}/reviews/incident/freeze",
                             data={"number": str(first.number), "reason": "Bot edits"})
    client = login_as(reviewers[0])
    data = {"action": "save", "version": "0", "q_overall": "3"}
    assert client.post(f"/{event.slug}/reviews/{first.id}/review", data=data).status_code == 423
    assert client.post(f"/{event.slug}/reviews/{second.id}/review", data=data).status_code == 302
    page = login_as(organizer).get(f"/{event.slug}/reviews/incident").text
    assert f"#{first.number} First work" in page and "Bot edits" in page


@pytest.mark.parametrize("data, message", [
    ({"reason": ""}, "This field is required"),
    ({"number": "abc", "reason": "x"}, "Not a valid integer value"),
    ({"number": "999", "reason": "x"}, "No submission of this event has that number"),
])
def test_the_freeze_form_says_what_is_wrong(app, login_as, data, message):
    event, organizer, *_ = _event()
    page = login_as(organizer).post(f"/{event.slug}/reviews/incident/freeze", data=data)
    assert page.status_code == 400 and message in page.text
    assert incidents.list_freezes(event) == []


def test_a_second_freeze_of_the_same_scope_is_refused(app, login_as):
    event, organizer, *_ = _event()
    client = login_as(organizer)
    client.post(f"/{event.slug}/reviews/incident/freeze", data={"reason": "Leak"})
    again = client.post(f"/{event.slug}/reviews/incident/freeze", data={"reason": "Leak"})
    assert again.status_code == 400 and "frozen already" in again.text and len(incidents.list_freezes(event)) == 1


# --- revert -------------------------------------------------------------------------------


def _incident(event, reviewers, first, second, assignments):
    """Reviews written before T, tampered with after T, and one written only after T."""
    t = utcnow() - timedelta(days=1)
    good = _save(assignments[(first.id, reviewers[0].id)], reviewers[0], at=t - timedelta(hours=2), overall="4")
    _save(assignments[(first.id, reviewers[0].id)], reviewers[0], at=t + timedelta(hours=1), overall="1")
    late = _save(assignments[(first.id, reviewers[1].id)], reviewers[1], at=t + timedelta(hours=2), overall="2")
    untouched = _save(assignments[(second.id, reviewers[0].id)], reviewers[0], at=t - timedelta(hours=3))
    hidden = _save(assignments[(second.id, reviewers[1].id)], reviewers[1], at=t + timedelta(hours=3), overall="1")
    return t, good, late, untouched, hidden


def _at(event, t) -> str:
    return to_local(t, event.timezone).strftime("%Y-%m-%dT%H:%M")


def test_the_preview_lists_what_changes_and_changes_nothing(app, login_as):
    event, organizer, _, reviewers, first, second, assignments = _event()
    t, good, late, untouched, hidden = _incident(event, reviewers, first, second, assignments)
    page = login_as(organizer).get(f"/{event.slug}/reviews/incident/revert", query_string={"at": _at(event, t)})
    assert page.status_code == 200 and "(3 reviews)" in page.text
    assert "version 2, submitted, overall 1" in page.text and "version 1, submitted, overall 4" in page.text
    assert "emptied (written after that time)" in page.text and "Revert these 3 reviews" in page.text
    db.session.expire_all()
    assert db.session.get(Review, good.id).overall == 1 and db.session.get(Review, late.id).status == "submitted"


def test_the_revert_takes_every_review_back_and_keeps_the_history(app, login_as):
    event, organizer, _, reviewers, first, second, assignments = _event()
    t, good, late, untouched, hidden = _incident(event, reviewers, first, second, assignments)
    response = login_as(organizer).post(f"/{event.slug}/reviews/incident/revert", data={"at": _at(event, t)},
                                        follow_redirects=True)
    assert "3 review(s) reverted" in response.text
    db.session.expire_all()
    restored = db.session.get(Review, good.id)
    assert restored.overall == 4 and restored.version == 3 and restored.answers["overall"] == 4
    emptied = db.session.get(Review, late.id)
    assert emptied.status == "draft" and emptied.answers == {} and emptied.overall is None
    assert emptied.submitted_at is None
    assert db.session.get(Review, untouched.id).version == untouched.version
    assert db.session.get(Review, hidden.id).status == "draft"
    history = db.session.scalars(sa.select(ReviewVersion.answers).where(ReviewVersion.review_id == good.id)
                                 .order_by(ReviewVersion.version)).all()
    assert [h["overall"] for h in history] == [4, 1, 4]  # the tampered state stays in the history
    [row] = db.session.scalars(sa.select(AuditLog).where(AuditLog.action == "reviews.reverted")).all()
    assert sorted(row.details["reviews"]) == sorted([good.id, late.id, hidden.id])


def test_a_conflicted_organizer_neither_sees_nor_reverts_their_submission(app, login_as):
    event, _, chair, reviewers, first, second, assignments = _event()
    t, good, late, untouched, hidden = _incident(event, reviewers, first, second, assignments)
    client = login_as(chair)
    page = client.get(f"/{event.slug}/reviews/incident/revert", query_string={"at": _at(event, t)})
    assert "(2 reviews)" in page.text and "Second work" not in page.text
    client.post(f"/{event.slug}/reviews/incident/revert", data={"at": _at(event, t)})
    db.session.expire_all()
    assert db.session.get(Review, hidden.id).overall == 1 and db.session.get(Review, good.id).overall == 4


@pytest.mark.parametrize("at, message", [("", "This field is required"), ("yesterday", "Enter a date and time"),
                                         ("2999-01-01T00:00", "Choose a time in the past")])
def test_the_revert_refuses_a_bad_time_by_the_field(app, login_as, at, message):
    event, organizer, *_ = _event()
    client = login_as(organizer)
    for response in (client.get(f"/{event.slug}/reviews/incident/revert", query_string={"at": at}),
                     client.post(f"/{event.slug}/reviews/incident/revert", data={"at": at})):
        assert response.status_code == 400 and message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditLog)
                             .where(AuditLog.action == "reviews.reverted")) == 0


def test_plan_revert_picks_the_newest_version_at_the_time():
    t = datetime(2025, 3, 1, tzinfo=UTC)
    rows = [VersionRow(1, 1, t - timedelta(hours=2), "draft", None),
            VersionRow(1, 2, t - timedelta(hours=1), "submitted", 5),
            VersionRow(1, 3, t + timedelta(hours=1), "submitted", 1),
            VersionRow(2, 1, t - timedelta(hours=1), "submitted", 3),
            VersionRow(3, 1, t + timedelta(minutes=1), "draft", None)]
    changes = plan_revert({1: 3, 2: 1, 3: 1}, rows, t)
    assert [(c.review_id, c.target_version, c.status_after, c.overall_after) for c in changes] == [
        (1, 2, "submitted", 5), (3, None, "draft", None)]
    assert plan_revert({1: 3}, rows, t + timedelta(days=1)) == []
    assert plan_revert({9: 1}, rows, t) == []  # no history: nothing to go back to
