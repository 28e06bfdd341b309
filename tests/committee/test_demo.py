"""The demos: the conference event run the conference way, and the seed workshop's meta-reviews
by the organizers in its decided phase."""

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.committee.conference_demo import load_conference
from reviewhub.committee.models import AreaChairAssignment, MetaReview, SeniorAreaChairLink
from reviewhub.committee.services.settings import get_settings
from reviewhub.demo import DEMO_PASSWORD, load_demo
from reviewhub.events.models import Membership
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from reviewhub.reviewing.models import Review
from reviewhub.submissions.models import Submission


def _count(query) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


def test_conference_demo_has_the_committee_and_its_work(app, login_as, client):
    result = load_conference()
    db.session.commit()
    event = result["event"]
    in_event = Submission.event_id == event.id
    roles = dict(db.session.execute(sa.select(Membership.role, sa.func.count()).where(
        Membership.event_id == event.id).group_by(Membership.role)).tuples().all())
    assert roles["senior_area_chair"] == 2 and roles["area_chair"] == 6 and roles["reviewer"] == 20
    assert _count(sa.select(Submission.id).where(in_event)) == 120
    assert _count(sa.select(AreaChairAssignment.id).join(Submission).where(in_event)) == 120
    assert _count(sa.select(SeniorAreaChairLink.id).where(SeniorAreaChairLink.event_id == event.id)) == 6
    assert _count(sa.select(MetaReview.id).join(Submission).where(in_event, MetaReview.status == "submitted")) > 60
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) > 200
    from reviewhub.assignment.models import Assignment
    from reviewhub.reviewing.models import ReviewVersion
    from reviewhub.reviewing.process.models import AuthorResponse

    assert _count(sa.select(AuthorResponse.id).join(Submission).where(in_event)) >= 40
    updated_after = (sa.select(ReviewVersion.id).join(Review, Review.id == ReviewVersion.review_id)
                     .join(Assignment, Assignment.id == Review.assignment_id)
                     .join(AuthorResponse, AuthorResponse.submission_id == Assignment.submission_id)
                     .where(ReviewVersion.saved_at > AuthorResponse.first_saved_at))
    assert _count(updated_after) >= 3  # a few reviewers updated their review after the response
    emails = set(db.session.scalars(sa.select(User.email)))
    assert all(e.endswith("@conference.example.org") for e in emails)
    assert load_conference()["event"].id == event.id  # idempotent
    # The printed logins work and land on the console.
    for _role, email in result["logins"]:
        assert email in emails
    response = client.post("/account/login", data={"email": "ac1@conference.example.org", "password": DEMO_PASSWORD})
    assert response.headers["Location"].endswith(f"/{event.slug}/committee/")
    page = client.get(f"/{event.slug}/committee/")
    assert page.status_code == 200 and b"d late" in page.data
    sac = login_as(db.session.scalar(sa.select(User).where(User.email == "sac1@conference.example.org")))
    assert sac.get(f"/{event.slug}/committee/").status_code == 200


def test_seed_workshop_decided_phase_has_organizer_meta_reviews_sent_with_decisions(app):
    event = load_demo("decided")["event"]
    db.session.commit()
    settings = get_settings(event)
    assert settings.meta_reviews and settings.meta_review_writers == "organizers" and not settings.area_chairs
    metas = db.session.scalars(sa.select(MetaReview)).all()
    assert metas and all(m.status == "submitted" for m in metas)
    mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.body_text.contains("The meta-review:")))
    assert mail is not None
