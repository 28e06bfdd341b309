"""A small world for the questions: an event with a paper type, its organizer, an author's
submission, an assigned reviewer and three questions."""

from dataclasses import dataclass

import pytest

from reviewhub.extensions import db
from reviewhub.questions import services
from tests import factories as f


@dataclass
class QWorld:
    event: object
    paper: object
    organizer: object
    author: object
    reviewer: object
    submission: object
    attend: object  # single choice, visible to reviewers, public
    ai: object  # long text, organizers only
    years: object  # number 0..60


def add_question(event, organizer, **values):
    defaults = {"help_text": "", "options": [], "min_value": None, "max_value": None, "required": False,
                "for_reviewers": False, "public": False, "type_id": None}
    return services.save_question(event, None, by=organizer, target=values.pop("target", "submission"),
                                  **{**defaults, **values})


@pytest.fixture
def qworld(app):
    organizer = f.make_user(name="Olga Organizer")
    author = f.make_user(name="Ada Author")
    reviewer = f.make_user(name="Rita Reviewer")
    event = f.make_event(organizer=organizer)
    f.add_role(event, reviewer, "reviewer")
    paper = f.get_type(event)
    submission = f.make_submission(event, author=author, title="Brushes that listen")
    f.make_assignment(submission, reviewer)
    attend = add_question(event, organizer, label="Will one author attend in person?", key="attend", kind="single",
                          options=["yes", "no", "not sure"], required=True, for_reviewers=True, public=True)
    ai = add_question(event, organizer, label="Was any part generated with AI? Describe", key="ai",
                      kind="long_text")
    years = add_question(event, organizer, label="Years", key="years", kind="number", min_value=0, max_value=60)
    db.session.commit()
    return QWorld(event, paper, organizer, author, reviewer, submission, attend, ai, years)


def answer(world, question, value, submission=None):
    services.save_answers(submission or world.submission, [question], {question.id: value}, by=world.author)
    db.session.commit()
