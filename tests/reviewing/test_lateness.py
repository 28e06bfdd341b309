"""One lateness rule (reviewing.lateness): a review is late against its own round's deadline;
the progress page's late list, the reminders, the chairs' console and the quality report agree."""

from datetime import UTC, datetime, timedelta

import pytest

from reviewhub.committee.models import AreaChairAssignment, CommitteeSettings
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import lateness
from reviewhub.reviewing.process import settings
from tests import factories as f

T = datetime(2026, 12, 1, 12, tzinfo=UTC)
ROUNDS = [(10, T), (11, T + timedelta(days=7)), (12, None)]


def test_due_is_the_rounds_deadline_else_the_events():
    assert lateness.due_at(11, ROUNDS, T - timedelta(days=1)) == T + timedelta(days=7)
    assert lateness.due_at(None, ROUNDS, None) == T  # no round named: the first round
    assert lateness.due_at(99, ROUNDS, None) == T  # a deleted round: the first round too
    assert lateness.due_at(12, ROUNDS, T - timedelta(days=2)) == T - timedelta(days=2)  # no deadline of its own
    assert lateness.due_at(12, [], T) == T and lateness.due_at(None, [], None) is None


def test_late_once_the_deadline_comes_and_days_count_from_one():
    assert not lateness.is_late(T, T - timedelta(seconds=1), submitted=False)
    assert lateness.is_late(T, T, submitted=False) and not lateness.is_late(T, T, submitted=True)
    assert not lateness.is_late(None, T, submitted=False)
    assert lateness.days_late(T, T + timedelta(hours=2), submitted=False) == 1
    assert lateness.days_late(T, T + timedelta(days=3, hours=1), submitted=False) == 3
    assert lateness.days_late(T, T + timedelta(days=3), submitted=True) == 0
    assert lateness.submitted_late(T, T + timedelta(minutes=1)) and not lateness.submitted_late(T, T)


def test_any_due_looks_at_every_rounds_deadline():
    assert not lateness.any_due(ROUNDS, None, T - timedelta(hours=1))
    assert lateness.any_due(ROUNDS, None, T)
    assert lateness.any_due([(12, None)], T, T) and not lateness.any_due([], None, T)


@pytest.fixture
def staged(cast):
    """R1 passed two days ago while the event's own deadline is ahead; one R2 reviewer, not due
    yet, and one R3 reviewer whose round has passed."""
    from reviewhub.assignment.services.runs import add_assignment

    now = utcnow()
    cast.event.review_deadline_at = now + timedelta(days=10)
    r1 = settings.add_round(cast.event, by=cast.organizer, name="R1", deadline_at=now - timedelta(days=2),
                            own_form=False)
    r2 = settings.add_round(cast.event, by=cast.organizer, name="R2", deadline_at=now + timedelta(days=3),
                            own_form=False)
    r3 = settings.add_round(cast.event, by=cast.organizer, name="R3", deadline_at=now - timedelta(hours=5),
                            own_form=False)
    extra = {}
    for name, row in (("Second", r2), ("Third", r3)):
        extra[name] = f.make_user(name=f"{name} Rounder")
        f.add_role(cast.event, extra[name], "reviewer")
        add_assignment(cast.submission, extra[name], by=cast.organizer, review_round_id=row.id)
    chair = f.make_user(name="Ada Chair")
    f.add_role(cast.event, chair, "area_chair")
    db.session.add(CommitteeSettings(event_id=cast.event.id, area_chairs=True, senior_area_chairs=False,
                                     area_chair_load=35, meta_reviews=False))
    db.session.add(AreaChairAssignment(submission_id=cast.submission.id, user_id=chair.id))
    db.session.commit()
    return cast, extra, chair, (r1, r2, r3)


def test_the_late_list_follows_each_rounds_deadline(staged, login_as):
    from reviewhub.reviewing.progress_page import late_reviewers, progress_page

    cast, extra, _chair, _ = staged
    now = utcnow()
    late = {r.name for r in late_reviewers(cast.event, exclude=set(), now=now)}
    expected = {"Real Reviewer 0", "Real Reviewer 1", "Real Reviewer 2", "Third Rounder"}
    assert late == expected  # the event's deadline is ahead, R1's and R3's are not; R2 is not due
    page = progress_page(cast.event, exclude=set(), now=now, reviewers_page=1, submissions_page=1)
    assert page.deadline_passed and {line.label for line in page.late} == expected and page.late_count == 4
    assert all(line.pending_numbers == (cast.submission.number,) for line in page.late)
    assert progress_page(cast.event, exclude=set(), now=now - timedelta(days=3), reviewers_page=1,
                         submissions_page=1).late == []
    html = login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/progress").get_data(as_text=True)
    assert "Third Rounder" in html and "Second Rounder: " not in html


def test_console_reminders_and_quality_report_use_the_same_rule(staged, login_as, outbox):
    from reviewhub.committee.queries import console_rows
    from reviewhub.reviewing.process.ratings import quality_report
    from reviewhub.reviewing.progress_page import late_reviewers

    cast, extra, chair, _ = staged
    now = utcnow()
    [row] = console_rows(cast.event, chair, now=now)
    by_name = {line.name: line.days_late for line in row.reviewers}
    assert by_name == {"Real Reviewer 0": 2, "Real Reviewer 1": 2, "Real Reviewer 2": 2,
                       "Second Rounder": 0, "Third Rounder": 1}
    late = {r.name for r in late_reviewers(cast.event, exclude=set(), now=now)}
    assert late == {name for name, days in by_name.items() if days}
    report = {r.name: r.line.late for r in quality_report(cast.event, exclude=set(), now=now)}
    assert {name for name, count in report.items() if count} == late
    client = login_as(chair)
    assert client.post(f"/{cast.event.slug}/committee/remind").status_code == 302
    reminded = {m.to_email: m for m in outbox() if m.dedupe_key.startswith("committee/remind")}
    assert extra["Third"].email in reminded and extra["Second"].email not in reminded
    # the mail names the review's own (R3) deadline, not the event's
    from reviewhub.timeutil import format_local

    r3 = staged[3][2]
    assert format_local(r3.deadline_at, cast.event.timezone) in reminded[extra["Third"].email].body_text
    assert login_as(cast.organizer).post(f"/{cast.event.slug}/reviews/progress/remind").status_code == 302
    mail = next(m for m in outbox() if m.dedupe_key.startswith("reviewing/remind")
                and m.to_email == extra["Third"].email)
    assert format_local(r3.deadline_at, cast.event.timezone) in mail.body_text


def test_the_late_search_uses_the_same_rule(staged):
    from reviewhub.assignment.models import Assignment
    from reviewhub.reviewing.models import Review
    from reviewhub.submissions import queries

    cast, extra, _chair, _ = staged
    found = lambda: {s.id for s in queries.list_for_organizer(  # noqa: E731
        cast.event, cast.organizer, queries.Filters(q="late:yes"))[0]}
    assert found() == {cast.submission.id}  # R1's reviews are late; the event's deadline is ahead
    for assignment in db.session.query(Assignment).filter(Assignment.review_round_id.is_(None)):
        db.session.add(Review(assignment_id=assignment.id, answers={}, status="submitted", submitted_at=utcnow()))
    db.session.commit()
    assert found() == {cast.submission.id}  # R3's reviewer is still late
    r3_assignment = db.session.query(Assignment).filter_by(user_id=extra["Third"].id).one()
    db.session.add(Review(assignment_id=r3_assignment.id, answers={}, status="submitted", submitted_at=utcnow()))
    db.session.commit()
    assert found() == set()  # only R2's reviewer has not submitted, and R2 is not due
