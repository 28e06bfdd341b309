"""Helpers of the submissions, reviews, comments and decisions API tests, and their world: a
small double-blind event with one organizer, one organizer who coauthored the paper, an author
with a recognisable name, three reviewers of the paper (one conflicted), a second work, and a
second event of the organizer."""

from dataclasses import dataclass
from datetime import timedelta

from reviewhub.api import tokens
from reviewhub.decisions.services import ensure_default_outcomes
from reviewhub.events.models import Topic
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import services
from reviewhub.reviewing.form_services import ensure_default_forms
from reviewhub.submissions.models import SubmissionFile
from tests import factories as f

COMPLETE = {"overall": "4", "confidence": "3", "originality": "4", "technical_quality": "3",
            "clarity": "4", "relevance": "5", "comments_to_authors": "Clear and useful.",
            "confidential_comments": "Between us: borderline."}
# What must never reach a reviewer of a double-blind event (names, addresses, affiliations).
IDENTITY = ["Secretname", "Hidden Institute", "hidden-institute", "Coauthorson", "Othername", "secretname"]
IDENTITY_KEYS = {"authors", "email", "user_id", "author_id", "affiliation", "created_by_id", "name"}


@dataclass
class World:
    event: object
    other_event: object
    organizer: object
    conflicted_organizer: object
    author: object
    reviewers: list
    conflicted_reviewer: object
    paper: object
    second: object
    far: object  # a work of the other event
    assignments: list
    topic: object


def build_world() -> World:
    organizer = f.make_user(name="Olga Organizer", email="olga@org.example")
    coauthor = f.make_user(name="Carl Coauthorson", email="carl@hidden-institute.example",
                           affiliation="Hidden Institute")
    author = f.make_user(name="Ada Secretname", email="ada@hidden-institute.example", affiliation="Hidden Institute")
    event = f.make_event(slug="conf", organizer=organizer, review_deadline_at=utcnow() + timedelta(days=3),
                         reviews_visible_to_authors=True)
    f.add_role(event, coauthor, "organizer")
    reviewers = [f.make_user(name=f"Rita Reviewer{i}") for i in range(2)]
    conflicted_reviewer = f.make_user(name="Cora Conflicted")
    for reviewer in [*reviewers, conflicted_reviewer]:
        f.add_role(event, reviewer, "reviewer")
    topic = Topic(event_id=event.id, name="Music", position=0)
    db.session.add(topic)
    paper = f.make_submission(event, author=author, coauthors=[coauthor], title="Dreaming machines")
    paper.topics.append(topic)
    db.session.add(SubmissionFile(submission_id=paper.id, purpose="main", kind="pdf",
                                  original_name="secretname-dreaming.pdf", content_type="application/pdf",
                                  size=1234, sha256="ab" * 32, storage_key="k-paper"))
    second = f.make_submission(event, author=f.make_user(name="Otto Othername", email="otto@othername.example"),
                               title="Other work")
    assignments = [f.make_assignment(paper, r) for r in reviewers]
    assignments.append(f.make_assignment(paper, conflicted_reviewer))
    f.make_conflict(paper, conflicted_reviewer, reason="same lab as Secretname")
    f.make_assignment(second, reviewers[0])
    other_event = f.make_event(slug="other", organizer=organizer)
    far = f.make_submission(other_event, author=f.make_user(name="Fay Faraway"), title="Far away")
    ensure_default_forms(event)
    ensure_default_forms(other_event)
    ensure_default_outcomes(event)
    ensure_default_outcomes(other_event)
    db.session.commit()
    return World(event, other_event, organizer, coauthor, author, reviewers, conflicted_reviewer, paper, second,
                 far, assignments, topic)


def token(user, *, event=None, write=False) -> dict:
    """The headers of a fresh token of `user` (all their events unless `event`)."""
    made = tokens.create_token(user, name="test", expires_on=utcnow().date() + timedelta(days=30),
                               event=event, can_write=write)
    db.session.commit()
    return {"Authorization": f"Bearer {made.secret}"}


def submit_review(assignment, user, **answers):
    from reviewhub.reviewing.queries import review_of

    found = review_of(assignment)
    review = services.save_review(assignment, by=user, raw={**COMPLETE, **answers}, submit=True,
                                  expected_version=found.version if found else 0)
    db.session.commit()
    return review


def walk(payload, path="$"):
    """Every (path, key, value) of a JSON payload, nested ones included."""
    if isinstance(payload, dict):
        for key, value in payload.items():
            yield path, key, value
            yield from walk(value, f"{path}.{key}")
    elif isinstance(payload, list):
        for index, value in enumerate(payload):
            yield from walk(value, f"{path}[{index}]")


def assert_blind(response):
    """No author identity anywhere in the answer: no identifying key, no name or address."""
    text = response.get_data(as_text=True)
    for word in IDENTITY:
        assert word not in text, (word, response.request.path, text[:2000])
    payload = response.get_json(silent=True)
    for path, key, value in walk(payload):
        if key == "authors":
            assert value is None, (path, value)
        else:
            assert key not in IDENTITY_KEYS - {"name"} or value in (None, ""), (path, key, value)
