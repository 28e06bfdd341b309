"""Sub-reviewers: invitation, approval, acceptance by link, conflicts, the per-assignment grant."""

import re

import pytest
import sqlalchemy as sa

from reviewhub.errors import DomainError, InvalidTransition, NotAllowed
from reviewhub.extensions import db
from reviewhub.reviewing.models import ReviewVersion
from reviewhub.reviewing.process import settings, subreview
from reviewhub.reviewing.process.models import SubReviewRequest
from tests import factories as f
from tests.reviewing.conftest import COMPLETE


def _allow(cast, approval=False):
    settings.update_settings(cast.event, by=cast.organizer, subreviewers_allowed=True,
                             subreviewers_need_approval=approval)
    db.session.commit()


def test_refused_unless_the_event_allows_it(cast, login_as):
    with pytest.raises(NotAllowed):
        subreview.request_subreview(cast.assignments[0], by=cast.reviewers[0], email="expert@elsewhere.org")
    page = login_as(cast.reviewers[0]).get(f"/{cast.event.slug}/reviews/{cast.submission.id}")
    assert b"Invite a sub-reviewer" not in page.data
    answer = login_as(cast.reviewers[0]).post(f"/{cast.event.slug}/reviews/{cast.submission.id}/subreview",
                                              data={"email": "expert@elsewhere.org"})
    assert answer.status_code == 404


def test_invitation_acceptance_and_the_review_counts_for_the_assignment(cast, login_as, outbox):
    _allow(cast)
    client = login_as(cast.reviewers[0])
    assert b"Invite a sub-reviewer" in client.get(f"/{cast.event.slug}/reviews/{cast.submission.id}").data
    answer = client.post(f"/{cast.event.slug}/reviews/{cast.submission.id}/subreview",
                         data={"email": "Expert@Elsewhere.org", "name": "Eve Expert"})
    assert answer.status_code == 302
    mail = next(m for m in outbox() if m.to_email == "expert@elsewhere.org")
    assert "Alice" not in mail.body_text and "Dreaming machines" in mail.body_text
    link = re.search(r"http\S+/subreview/\S+", mail.body_text).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert login_as(None).get("/" + path).status_code == 200
    expert = f.make_user(email="expert@elsewhere.org", name="Eve Expert", affiliation="Elsewhere Lab")
    db.session.commit()
    expert_client = login_as(expert)
    assert expert_client.get(f"/{cast.event.slug}/reviews/{cast.submission.id}").status_code == 404  # not yet
    accepted = expert_client.post("/" + path + "/accept")
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith("/review")
    edit = f"/{cast.event.slug}/reviews/{cast.submission.id}/review"
    assert expert_client.get(edit).status_code == 200
    page = expert_client.get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert "as a sub-reviewer" in page and "Write my review" in page and "Alice" not in page
    data = {f"q_{k}": v for k, v in COMPLETE.items()}
    assert expert_client.post(edit, data={**data, "action": "submit", "version": "0"}).status_code == 302
    version = db.session.scalar(sa.select(ReviewVersion))
    assert version.saved_by_id == expert.id
    from reviewhub.reviewing.queries import review_of
    review = review_of(cast.assignments[0])
    assert review.status == "submitted"  # the assignment's review: it counts
    organizer_page = login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(
        as_text=True)
    assert "Reviewer 1: Real Reviewer 0" in organizer_page and "Sub-review written by Eve Expert" in organizer_page
    # The grant covers that one submission: nothing else of the event.
    assert expert_client.get(f"/{cast.event.slug}/reviews/{cast.other.id}").status_code == 404
    assert expert_client.get(f"/{cast.event.slug}/reviews/assignments").status_code == 403
    assert expert_client.get(f"/{cast.event.slug}/submissions/{cast.submission.id}").status_code in (403, 404)


def test_conflicted_experts_are_refused_by_address_and_on_acceptance(cast):
    _allow(cast)
    author_mail = cast.author.email  # userN@uniN.example.edu: the same institution domain is a conflict
    colleague = "colleague@" + author_mail.split("@", 1)[1]
    with pytest.raises(DomainError, match="conflict"):
        subreview.request_subreview(cast.assignments[0], by=cast.reviewers[0], email=colleague)
    with pytest.raises(DomainError, match="author"):
        subreview.request_subreview(cast.assignments[0], by=cast.reviewers[0], email=author_mail)
    with pytest.raises(DomainError, match="reviews this submission"):
        subreview.request_subreview(cast.assignments[0], by=cast.reviewers[0], email=cast.reviewers[1].email)
    row = subreview.request_subreview(cast.assignments[0], by=cast.reviewers[0], email="expert@elsewhere.org")
    same_lab = f.make_user(email="other@gmail.com", affiliation="Secret University")  # the author's affiliation
    with pytest.raises(DomainError, match="conflict"):
        subreview.accept(row, same_lab)
    declared = f.make_user(email="third@gmail.com")
    f.make_conflict(cast.submission, declared, source="author")
    with pytest.raises(DomainError, match="conflict"):
        subreview.accept(row, declared)
    assert row.status == "pending"


def test_organizer_approval_comes_before_the_mail(cast, login_as, outbox):
    _allow(cast, approval=True)
    row = subreview.request_subreview(cast.assignments[0], by=cast.reviewers[0], email="expert@elsewhere.org")
    db.session.commit()
    assert row.status == "awaiting_approval"
    assert not [m for m in outbox() if m.to_email == "expert@elsewhere.org"]
    someone = f.make_user()
    db.session.commit()
    with pytest.raises(InvalidTransition):
        subreview.accept(row, someone)
    assert b"expert@elsewhere.org" in login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/subreviews").data
    assert b"expert@elsewhere.org" not in login_as(cast.conflicted_organizer).get(
        f"/{cast.event.slug}/reviews/subreviews").data
    approve = f"/{cast.event.slug}/reviews/subreviews/{row.id}/approve"
    assert login_as(cast.conflicted_organizer).post(approve).status_code == 404
    assert login_as(cast.reviewers[0]).post(approve).status_code == 404
    assert login_as(cast.organizer).post(approve).status_code == 302
    db.session.refresh(row)
    assert row.status == "pending" and [m for m in outbox() if m.to_email == "expert@elsewhere.org"]


def test_one_open_request_per_review_and_revoking_ends_the_grant(cast, login_as):
    _allow(cast)
    row = subreview.request_subreview(cast.assignments[0], by=cast.reviewers[0], email="expert@elsewhere.org")
    with pytest.raises(DomainError, match="open sub-review"):
        subreview.request_subreview(cast.assignments[0], by=cast.reviewers[0], email="another@elsewhere.org")
    expert = f.make_user(email="expert@elsewhere.org")
    subreview.accept(row, expert)
    db.session.commit()
    assert login_as(expert).get(f"/{cast.event.slug}/reviews/{cast.submission.id}/review").status_code == 200
    assert login_as(cast.reviewers[1]).post(f"/{cast.event.slug}/reviews/subreviews/{row.id}/revoke").status_code == 404
    assert login_as(cast.reviewers[0]).post(f"/{cast.event.slug}/reviews/subreviews/{row.id}/revoke").status_code == 302
    assert login_as(expert).get(f"/{cast.event.slug}/reviews/{cast.submission.id}/review").status_code == 404


def test_bad_input_and_bad_tokens(cast, login_as):
    _allow(cast)
    client = login_as(cast.reviewers[0])
    answer = client.post(f"/{cast.event.slug}/reviews/{cast.submission.id}/subreview", data={"email": "not-an-address"},
                         follow_redirects=True)
    assert answer.status_code == 200 and b"Invalid email address" in answer.data
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SubReviewRequest)) == 0
    assert login_as(None).get(f"/{cast.event.slug}/reviews/subreview/nope").status_code == 404
    assert login_as(None).get(f"/{cast.event.slug}/reviews/subreview/{'x' * 100}").status_code == 404
    row = subreview.request_subreview(cast.assignments[0], by=cast.reviewers[0], email="expert@elsewhere.org")
    db.session.commit()
    assert login_as(None).post(f"/{cast.event.slug}/reviews/subreview/{row.token}/decline").status_code == 302
    db.session.refresh(row)
    assert row.status == "declined"
    late = f.make_user()
    db.session.commit()
    again = login_as(late).post(f"/{cast.event.slug}/reviews/subreview/{row.token}/accept",
                                         follow_redirects=True)
    assert b"declined already" in again.data
