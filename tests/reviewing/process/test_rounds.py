"""Review rounds: their own form and deadline, and organizers adding a reviewer in a round."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.assignment.models import Assignment
from reviewhub.errors import DeadlinePassed, DomainError
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import services
from reviewhub.reviewing.models import ReviewQuestion
from reviewhub.reviewing.process import settings
from reviewhub.reviewing.process.rounds import deadline_for, form_for_assignment
from tests import factories as f
from tests.reviewing.conftest import COMPLETE


@pytest.fixture
def rounds(cast):
    r1 = settings.add_round(cast.event, by=cast.organizer, name="R1", deadline_at=utcnow() - timedelta(hours=1),
                            own_form=False)
    r2 = settings.add_round(cast.event, by=cast.organizer, name="R2", deadline_at=utcnow() + timedelta(days=5),
                            own_form=True)
    db.session.add(ReviewQuestion(form_id=r2.form_id, position=99, key="second_look", kind="text",
                                  label="What does a second look find?", required=True, visibility="authors"))
    db.session.commit()
    return r1, r2


def test_an_assignment_without_a_round_is_in_the_first_round(cast, rounds):
    r1, _ = rounds
    assert deadline_for(cast.assignments[0]) == r1.deadline_at
    assert form_for_assignment(cast.assignments[0]).submission_type_id == cast.submission.type_id


def test_organizer_adds_a_round_two_reviewer_who_gets_its_form_and_deadline(cast, rounds, login_as, outbox):
    _, r2 = rounds
    extra = f.make_user(name="Second Round")
    f.add_role(cast.event, extra, "reviewer")
    db.session.commit()
    page = login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/{cast.submission.id}")
    assert b"Ask one more reviewer in a round" in page.data
    answer = login_as(cast.organizer).post(f"/{cast.event.slug}/reviews/{cast.submission.id}/round-reviewer",
                                           data={"reviewer": str(extra.id), "round_id": str(r2.id)})
    assert answer.status_code == 302
    assignment = db.session.scalar(sa.select(Assignment).where(Assignment.user_id == extra.id))
    assert assignment.review_round_id == r2.id
    assert any(m.to_email == extra.email for m in outbox())
    mine = login_as(extra).get(f"/{cast.event.slug}/reviews/assignments").get_data(as_text=True)
    from reviewhub.timeutil import format_local
    assert format_local(r2.deadline_at, cast.event.timezone).split(" ")[0] in mine
    form_page = login_as(extra).get(f"/{cast.event.slug}/reviews/{cast.submission.id}/review").get_data(as_text=True)
    assert "What does a second look find?" in form_page
    # R1's deadline has passed, R2's has not: lateness follows the assignment's round.
    review = services.save_review(assignment, by=extra, raw={**COMPLETE, "second_look": "More."}, submit=True,
                                  expected_version=0)
    assert review.answers["second_look"] == "More."
    with pytest.raises(DeadlinePassed):
        services.save_review(cast.assignments[0], by=cast.reviewers[0], raw=COMPLETE, submit=True,
                             expected_version=0)


def test_a_round_form_requires_its_own_questions(cast, rounds):
    _, r2 = rounds
    extra = f.make_user()
    f.add_role(cast.event, extra, "reviewer")
    db.session.commit()
    from reviewhub.assignment.services.runs import add_assignment

    assignment = add_assignment(cast.submission, extra, by=cast.organizer, review_round_id=r2.id)
    with pytest.raises(services.InvalidAnswers) as error:
        services.save_review(assignment, by=extra, raw=COMPLETE, submit=True, expected_version=0)
    assert "second_look" in error.value.errors


def test_conflicted_reviewers_are_refused_in_a_round_too(cast, rounds, login_as):
    _, r2 = rounds
    conflicted = f.make_user()
    f.add_role(cast.event, conflicted, "reviewer")
    f.make_conflict(cast.submission, conflicted)
    db.session.commit()
    answer = login_as(cast.organizer).post(f"/{cast.event.slug}/reviews/{cast.submission.id}/round-reviewer",
                                           data={"reviewer": str(conflicted.id), "round_id": str(r2.id)})
    assert answer.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).where(Assignment.user_id == conflicted.id)) == 0


def test_round_names_are_checked(cast, rounds, login_as):
    with pytest.raises(DomainError):
        settings.add_round(cast.event, by=cast.organizer, name="r2", deadline_at=None, own_form=False)
    client = login_as(cast.organizer)
    assert client.post(f"/{cast.event.slug}/reviews/process/rounds", data={"name": ""}).status_code == 400
    answer = client.post(f"/{cast.event.slug}/reviews/process/rounds", data={"name": "R1"})
    assert answer.status_code == 400 and b"There is a round named R1 already" in answer.data
    bad_date = client.post(f"/{cast.event.slug}/reviews/process/rounds", data={"name": "R3", "deadline_at": "soon"})
    assert bad_date.status_code == 400 and b"Enter a date and time" in bad_date.data


def test_round_deadline_is_typed_in_the_event_zone(cast, rounds, login_as):
    r1, _ = rounds
    answer = login_as(cast.organizer).post(f"/{cast.event.slug}/reviews/process/rounds/{r1.id}",
                                           data={"deadline_at": "2027-01-10T23:59"})
    assert answer.status_code == 302
    db.session.refresh(r1)
    assert r1.deadline_at.isoformat() == "2027-01-11T11:59:00+00:00"  # Anywhere on Earth is UTC-12
    page = login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/process").get_data(as_text=True)
    assert "2027-01-10T23:59" in page and "R2 review form" in page
    editor = login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/forms/{rounds[1].form_id}")
    assert editor.status_code == 200 and b"What does a second look find?" in editor.data


def test_settings_form_checks_the_period(cast, login_as):
    client = login_as(cast.organizer)
    path = f"/{cast.event.slug}/reviews/process"
    answer = client.post(path, data={"response_enabled": "y", "response_word_limit": "300"})
    assert answer.status_code == 400 and b"needs a start and a deadline" in answer.data
    answer = client.post(path, data={"response_enabled": "y", "response_word_limit": "300",
                                     "response_opens_at": "2027-01-10T10:00", "response_deadline_at": "2027-01-09T10:00"})
    assert answer.status_code == 400 and b"must come after its start" in answer.data
    assert client.post(path, data={"response_word_limit": "0"}).status_code == 400
    assert client.post(path, data={"response_word_limit": "many"}).status_code == 400
    ok = client.post(path, data={"response_enabled": "y", "response_word_limit": "300",
                                 "response_opens_at": "2027-01-10T10:00", "response_deadline_at": "2027-01-12T10:00"})
    assert ok.status_code == 302
    row = settings.settings_of(cast.event)
    assert row.response_enabled and row.response_word_limit == 300
    assert row.response_deadline_at.isoformat() == "2027-01-12T22:00:00+00:00"


def test_reminders_skip_reviews_whose_round_is_not_due_yet(cast, rounds, outbox, login_as):
    from reviewhub.assignment.services.runs import add_assignment
    from reviewhub.reviewing.progress_page import late_reviewers

    _, r2 = rounds
    cast.event.review_deadline_at = utcnow() - timedelta(hours=1)
    second = f.make_user(name="Round Two")
    f.add_role(cast.event, second, "reviewer")
    add_assignment(cast.submission, second, by=cast.organizer, review_round_id=r2.id)
    db.session.commit()
    late = late_reviewers(cast.event, exclude=set(), now=utcnow())
    names = {reviewer.name for reviewer in late}
    assert names == {"Real Reviewer 0", "Real Reviewer 1", "Real Reviewer 2"}
    assert login_as(cast.organizer).post(f"/{cast.event.slug}/reviews/progress/remind").status_code == 302
    reminded = {m.to_email for m in outbox() if m.dedupe_key.startswith("reviewing/remind")}
    assert second.email not in reminded and cast.reviewers[0].email in reminded
