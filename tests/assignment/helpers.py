"""Builders shared by the assignment app tests."""

from reviewhub.assignment.models import ReviewerProfile
from reviewhub.extensions import db
from tests import factories as f

TEXTS = [
    ("Music generation with transformers", "melody harmony music audio composition transformer"),
    ("Detecting generated images", "detection watermark forensic classifier synthetic images"),
    ("Copyright and licensing of training data", "copyright licensing fair use royalties law"),
    ("Story writing with language models", "story narrative fiction writing characters plot"),
]


def reviewer(event, name, text, *, load=None):
    user = f.make_user(name=name)
    membership = f.add_role(event, user, "reviewer")
    membership.max_load = load
    db.session.add(ReviewerProfile(user_id=user.id, expertise=text))
    db.session.flush()
    return user


def small_event(*, reviewers=4, per_sub=2, load=3, double_blind=True):
    """An organizer, four themed submissions and `reviewers` themed reviewers."""
    organizer = f.make_user(name="Org")
    event = f.make_event(organizer=organizer, reviews_per_submission=per_sub,
                         default_reviewer_load=load, double_blind=double_blind)
    author = f.make_user(name="Author Person")
    subs = [f.make_submission(event, author=author, title=t, abstract_md=a) for t, a in TEXTS]
    revs = [reviewer(event, f"Rev {i}", TEXTS[i % len(TEXTS)][1]) for i in range(reviewers)]
    db.session.commit()
    return event, organizer, author, subs, revs
