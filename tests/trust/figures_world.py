"""An event where one submission is conflicted for one organizer, with reviews, bids, decisions
and assignments on every submission, so each organizer figure would count it."""

from dataclasses import dataclass

import sqlalchemy as sa

from reviewhub.assignment.models import Bid
from reviewhub.decisions import services as decisions
from reviewhub.extensions import db
from reviewhub.reviewing import services as reviewing
from reviewhub.reviewing.form_services import ensure_default_forms
from reviewhub.submissions.models import Submission
from tests import factories as f

ANSWERS = {"overall": "4", "confidence": "3", "originality": "4", "technical_quality": "3",
           "clarity": "4", "relevance": "5", "comments_to_authors": "Clear."}


@dataclass
class FiguresWorld:
    event: object
    organizer: object
    conflicted_organizer: object
    conflicted: object  # the submission only the conflicted organizer must not count
    others: list


def build() -> FiguresWorld:
    organizer = f.make_user(name="Olga Organizer")
    chair = f.make_user(name="Conrad Chair")
    event = f.make_event(organizer=organizer)
    f.add_role(event, chair, "organizer")
    reviewers = [f.make_user(name=f"Reviewer {i}") for i in range(4)]
    for reviewer in reviewers:
        f.add_role(event, reviewer, "reviewer")
    conflicted = f.make_submission(event, author=f.make_user(name="Hidden Author"), title="The hidden work")
    others = [f.make_submission(event, author=f.make_user(name=f"Author {i}"), title=f"Work {i}") for i in range(2)]
    f.make_conflict(conflicted, chair, source="author")
    ensure_default_forms(event)
    outcomes = {o.key: o for o in decisions.ensure_default_outcomes(event)}
    accept = next(o for o in outcomes.values() if o.is_accept)
    plan = {conflicted.id: reviewers[:3], others[0].id: reviewers[:1], others[1].id: reviewers[3:]}
    for submission in (conflicted, *others):
        for n, reviewer in enumerate(plan[submission.id]):
            assignment = f.make_assignment(submission, reviewer)
            if n < 2:
                reviewing.save_review(assignment, by=reviewer, raw=ANSWERS, submit=n == 0, expected_version=0)
        for reviewer in reviewers[1:3]:
            db.session.add(Bid(submission_id=submission.id, user_id=reviewer.id, value="eager"))
        decisions.decide(submission, accept, by=organizer)
    db.session.commit()
    return FiguresWorld(event, organizer, chair, conflicted, others)


def start_run(world: FiguresWorld):
    """A computed assignment run (text weight 0: TF-IDF weighs every work against all others,
    so removing one would change the others' affinities)."""
    from reviewhub.assignment.services import runs

    params = runs.default_params(world.event)
    params["weights"] = {**params["weights"], "text": 0.0}
    run = runs.start_run(world.event, by=world.organizer, params=params)
    runs.compute(run)
    db.session.commit()
    return run


def remove_conflicted(world: FiguresWorld) -> None:
    """The event as it would be without the conflicted submission (its rows cascade), and
    without the runs computed with it."""
    from reviewhub.assignment.models import AssignmentRun

    db.session.execute(sa.delete(Submission).where(Submission.id == world.conflicted.id))
    db.session.execute(sa.delete(AssignmentRun).where(AssignmentRun.event_id == world.event.id))
    db.session.commit()
    db.session.expire_all()
