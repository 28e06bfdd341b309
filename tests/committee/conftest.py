"""A committee event: ACs on, SACs on, meta-reviews by ACs; one submission with its AC."""

import pytest

from reviewhub.committee.models import AreaChairAssignment, CommitteeSettings, SeniorAreaChairLink
from reviewhub.decisions.services import ensure_default_outcomes
from reviewhub.extensions import db
from tests import factories as f
from tests.reviewing.conftest import cast  # noqa: F401 (the reviewing cast, for the chairs' part in it)


def committee_event(*, to_authors=True, writers="area_chairs", **fields):
    organizer = f.make_user(name="Olga Organizer")
    event = f.make_event(organizer=organizer, **fields)
    db.session.add(CommitteeSettings(event_id=event.id, area_chairs=writers == "area_chairs",
                                     senior_area_chairs=writers == "area_chairs", area_chair_load=35,
                                     meta_reviews=True, meta_review_writers=writers,
                                     meta_review_to_authors=to_authors))
    db.session.flush()
    return event, organizer


def make_chair(event, submission=None, *, name="Ada Chair"):
    user = f.make_user(name=name)
    f.add_role(event, user, "area_chair")
    if submission is not None:
        db.session.add(AreaChairAssignment(submission_id=submission.id, user_id=user.id))
        db.session.flush()
    return user


def make_senior(event, *area_chairs, name="Sam Senior"):
    user = f.make_user(name=name)
    f.add_role(event, user, "senior_area_chair")
    for ac in area_chairs:
        db.session.add(SeniorAreaChairLink(event_id=event.id, area_chair_id=ac.id, senior_area_chair_id=user.id))
    db.session.flush()
    return user


@pytest.fixture
def world(db):
    event, organizer = committee_event()
    outcomes = ensure_default_outcomes(event)
    author = f.make_user(name="Alice Author")
    submission = f.make_submission(event, author=author, title="Diffusion for sketches")
    chair = make_chair(event, submission)
    senior = make_senior(event, chair)
    reviewer = f.make_user(name="Rita Reviewer")
    f.add_role(event, reviewer, "reviewer")
    assignment = f.make_assignment(submission, reviewer)
    db.session.commit()
    return {"event": event, "organizer": organizer, "outcomes": outcomes, "author": author,
            "submission": submission, "chair": chair, "senior": senior, "reviewer": reviewer,
            "assignment": assignment}
