"""Deciding, releasing and correcting: one outbox row per (batch, submission, recipient)."""

import pytest
import sqlalchemy as sa

from reviewhub.decisions import queries, services
from reviewhub.decisions.models import Decision
from reviewhub.errors import InvalidTransition
from reviewhub.extensions import db
from reviewhub.mail import delivery
from reviewhub.mail.models import OutboxMessage
from tests import factories as f
from tests.mail.helpers import use_smtp


@pytest.fixture
def setup(app):
    organizer = f.make_user(name="Olivia Organizer")
    event = f.make_event(organizer=organizer, name="GenAI Workshop")
    talk, poster, reject = services.ensure_default_outcomes(event)
    subs = []
    for i in range(3):
        author, coauthor = f.make_user(name=f"Author {i}"), f.make_user(name=f"Coauthor {i}")
        subs.append(f.make_submission(event, author=author, coauthors=[coauthor], title=f"Work {i}"))
    db.session.commit()
    return dict(event=event, organizer=organizer, talk=talk, poster=poster, reject=reject, subs=subs)


def _rows():
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_default_outcomes_are_created_once(setup):
    again = services.ensure_default_outcomes(setup["event"])
    assert [(o.key, o.is_accept, o.presentation_format) for o in again] == [
        ("accept_talk", True, "talk"), ("accept_poster", True, "poster"), ("reject", False, "none")]
    assert again[0].label == "Accept — contributed talk"


def test_decisions_stay_pending_and_write_no_mail_until_released(setup):
    s = setup
    decision = services.decide(s["subs"][0], s["talk"], by=s["organizer"])
    db.session.commit()
    assert decision.released_at is None and _rows() == []


def test_release_summary_counts_emails_and_recipients_per_outcome(setup):
    s = setup
    services.decide(s["subs"][0], s["talk"], by=s["organizer"])
    services.decide(s["subs"][1], s["reject"], by=s["organizer"])
    services.decide(s["subs"][2], s["reject"], by=s["organizer"])
    summary = services.release_summary(s["event"])
    assert [(line.outcome, line.emails, line.recipients) for line in summary.lines] == [
        ("Accept — contributed talk", 1, 2), ("Reject", 2, 4)]
    assert summary.text() == ("1 “Accept — contributed talk” email to 2 recipients, "
                              "2 “Reject” emails to 4 recipients")


def test_release_writes_one_row_per_recipient_and_a_repeat_sends_nothing(setup, smtp_server, app):
    s = setup
    use_smtp(app, smtp_server)
    for sub, outcome in zip(s["subs"], [s["talk"], s["poster"], s["reject"]], strict=True):
        services.decide(sub, outcome, by=s["organizer"])
    batch = services.release(s["event"], by=s["organizer"])
    db.session.commit()
    rows = _rows()
    assert len(rows) == 6 and len({r.dedupe_key for r in rows}) == 6
    assert all(r.dedupe_key.startswith(f"decision:{batch.id}:sub:") for r in rows)
    with pytest.raises(services.NothingToRelease):
        services.release(s["event"], by=s["organizer"])
    db.session.rollback()
    delivery.deliver_pending()
    emails = sorted(a.email for sub in s["subs"] for a in sub.authors)
    assert sorted(smtp_server.recipients()) == emails  # each exactly once
    subjects = {m["to"][0]: str(m["message"]["Subject"]) for m in smtp_server.messages}
    assert "is accepted" in subjects[s["subs"][0].authors[0].email]
    assert "Decision on" in subjects[s["subs"][2].authors[0].email]


def test_release_marks_decisions_and_records_the_released_outcome(setup):
    s = setup
    services.decide(s["subs"][0], s["poster"], by=s["organizer"])
    batch = services.release(s["event"], by=s["organizer"])
    db.session.commit()
    decision = db.session.scalar(sa.select(Decision))
    assert decision.released_at is not None and decision.release_batch_id == batch.id
    assert decision.released_outcome_id == s["poster"].id
    assert batch.summary["emails"] == 1 and batch.summary["recipients"] == 2


def test_a_second_release_only_sends_the_newly_decided(setup):
    s = setup
    services.decide(s["subs"][0], s["talk"], by=s["organizer"])
    services.release(s["event"], by=s["organizer"])
    services.decide(s["subs"][1], s["reject"], by=s["organizer"])
    services.release(s["event"], by=s["organizer"])
    db.session.commit()
    assert sorted(r.submission_id for r in _rows()) == sorted([s["subs"][0].id] * 2 + [s["subs"][1].id] * 2)


def test_changing_a_released_decision_needs_a_correction(setup):
    s = setup
    sub = s["subs"][0]
    services.decide(sub, s["reject"], by=s["organizer"])
    services.release(s["event"], by=s["organizer"])
    decision = services.decide(sub, s["poster"], by=s["organizer"])
    db.session.commit()
    assert decision.changed_since_release and decision.released_outcome_id == s["reject"].id
    assert len(_rows()) == 2  # changing sent nothing
    with pytest.raises(services.NothingToRelease):
        services.release(s["event"], by=s["organizer"])
    db.session.rollback()
    summary = services.release_summary(s["event"], correction=True)
    assert summary.emails == 1 and summary.lines[0].outcome == "Accept — poster"
    batch = services.release(s["event"], by=s["organizer"], correction=True)
    db.session.commit()
    assert batch.kind == "correction"
    new = [r for r in _rows() if r.dedupe_key.startswith(f"decision:{batch.id}:")]
    assert len(new) == 2 and all(r.subject.startswith("Correction: ") for r in new)
    db.session.refresh(decision)
    assert not decision.changed_since_release and decision.released_outcome_id == s["poster"].id
    with pytest.raises(services.NothingToRelease):
        services.release(s["event"], by=s["organizer"], correction=True)


def test_changing_back_to_the_released_outcome_needs_no_correction(setup):
    s = setup
    services.decide(s["subs"][0], s["reject"], by=s["organizer"])
    services.release(s["event"], by=s["organizer"])
    services.decide(s["subs"][0], s["talk"], by=s["organizer"])
    decision = services.decide(s["subs"][0], s["reject"], by=s["organizer"])
    assert not decision.changed_since_release
    assert services.release_summary(s["event"], correction=True).emails == 0


def test_withdrawn_or_draft_submissions_cannot_be_decided(setup):
    s = setup
    draft = f.make_submission(s["event"], author=f.make_user(), status="draft")
    with pytest.raises(InvalidTransition):
        services.decide(draft, s["talk"], by=s["organizer"])


def test_outcome_of_another_event_is_refused(setup):
    s = setup
    other = f.make_event()
    foreign = services.ensure_default_outcomes(other)[0]
    with pytest.raises(Exception, match="another event"):
        services.decide(s["subs"][0], foreign, by=s["organizer"])


def test_bulk_decide_skips_unsubmitted_and_foreign_ids(setup):
    s = setup
    other_sub = f.make_submission(f.make_event(), author=f.make_user())
    ids = [x.id for x in s["subs"][:2]] + [other_sub.id, 999999]
    assert services.bulk_decide(s["event"], ids, s["poster"], by=s["organizer"]) == 2


def test_release_mails_carry_only_author_visible_review_answers(setup, app):
    from reviewhub.reviewing.models import Review, ReviewForm, ReviewQuestion

    s = setup
    s["event"].reviews_visible_to_authors = True
    form = ReviewForm(event_id=s["event"].id, name="Form", questions=[
        ReviewQuestion(key="overall", kind="score", label="Overall", min_score=1, max_score=5,
                       level_labels={"4": "accept"}, visibility="authors"),
        ReviewQuestion(key="summary", kind="text", label="Comments to authors", visibility="authors"),
        ReviewQuestion(key="secret", kind="text", label="To organizers", visibility="organizers"),
    ])
    db.session.add(form)
    reviewer = f.make_user(name="Renata Secretname")
    assignment = f.make_assignment(s["subs"][0], reviewer)
    db.session.add(Review(assignment_id=assignment.id, status="submitted", overall=4,
                          answers={"overall": 4, "summary": "Lovely work.", "secret": "CONFIDENTIAL"}))
    services.decide(s["subs"][0], s["talk"], by=s["organizer"])
    services.release(s["event"], by=s["organizer"])
    db.session.commit()
    body = _rows()[0].body_text
    assert "Reviewer 1" in body and "Lovely work." in body and "4 (accept)" in body
    assert "CONFIDENTIAL" not in body and "Renata" not in body
    assert queries.mean_scores([s["subs"][0].id]) == {s["subs"][0].id: (4.0, 1)}


def test_batched_review_query_agrees_with_the_reviewing_domains(setup):
    from reviewhub.reviewing.models import Review, ReviewForm, ReviewQuestion

    s = setup
    sub = s["subs"][1]
    db.session.add(ReviewForm(event_id=s["event"].id, submission_type_id=sub.type_id, name="F", questions=[
        ReviewQuestion(key="overall", kind="score", label="Overall", level_labels={"2": "weak"}),
        ReviewQuestion(key="tags", kind="choice", label="Tags"),
        ReviewQuestion(key="private", kind="text", label="Private", visibility="reviewers"),
    ]))
    for i, answers in enumerate([{"overall": 2, "tags": ["a", "b"], "private": "p"}, None, {"overall": 5}]):
        assignment = f.make_assignment(sub, f.make_user(name=f"Rev {i}"))
        if answers:
            db.session.add(Review(assignment_id=assignment.id, status="submitted", answers=answers))
    db.session.commit()
    batched = queries.author_visible_reviews_many([sub])[sub.id]
    assert batched == queries.author_visible_reviews(sub)
    assert [r.pseudonym for r in batched] == ["Reviewer 1", "Reviewer 3"]
    assert batched[0].answers == [("Overall", "2 (weak)"), ("Tags", "a, b")]
