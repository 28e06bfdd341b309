"""A small cast for submission tests: an event with the default types, people in each role."""

from dataclasses import dataclass

import pytest

from reviewhub.extensions import db
from reviewhub.submissions import services
from tests import factories as f


@dataclass
class Cast:
    event: object
    paper: object
    creative: object
    organizer: object
    author: object
    coauthor: object
    reviewer: object


@pytest.fixture
def cast(app):
    organizer = f.make_user(name="Olga Organizer", email="olga@org.example.net", affiliation="Org Institute")
    author = f.make_user(name="Ada Lovelace", email="ada@analytical.example.org", affiliation="Analytical Engines")
    coauthor = f.make_user(name="Charles Babbage", email="charles@difference.example.org", affiliation="Difference Lab")
    reviewer = f.make_user(name="Rita Reviewer", email="rita@review.example.net", affiliation="Review College")
    event = f.make_event(organizer=organizer, timezone="Asia/Kolkata")
    f.add_role(event, reviewer, "reviewer")
    from reviewhub.events.models import Topic

    for i, name in enumerate(["Music", "Images", "Text"]):
        db.session.add(Topic(event_id=event.id, name=name, position=i))
    db.session.flush()
    db.session.refresh(event)
    kinds = {t.key: t for t in services.ensure_default_types(event)}
    db.session.commit()
    return Cast(event, kinds["paper"], kinds["creative"], organizer, author, coauthor, reviewer)
