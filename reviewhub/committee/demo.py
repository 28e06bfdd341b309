"""Demo committee data. The seed workshop (phases decided and program): meta-reviews written by
the organizers (a workshop without area chairs), read by the authors with the decision.
The conference event (`reviewhub demo --conference`) is in committee/conference_demo.py."""

import sqlalchemy as sa

from reviewhub.committee.models import MetaReviewWriters
from reviewhub.committee.services import metareviews, settings
from reviewhub.decisions import queries as decision_queries
from reviewhub.decisions import services as decision_services
from reviewhub.demo.phases import at_least
from reviewhub.events.models import Membership, Role
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission, SubmissionState

TEXTS = {
    "accept": "The reviewers agree the work is original and well presented; please address "
              "their remarks on related work in the final version.",
    "reject": "The reviewers found the idea interesting but the evaluation too thin for this "
              "venue; we hope their comments help a future version.",
}


def populate(event, phase: str) -> None:
    if not at_least(phase, "decided"):
        return
    current = settings.get_settings(event)
    if current is None or not current.meta_reviews:
        settings.save_settings(event, by=None, area_chairs=False, senior_area_chairs=False, area_chair_load=35,
                               meta_reviews=True, meta_review_writers=MetaReviewWriters.organizers,
                               meta_review_to_authors=True)
    organizer = _first_organizer(event)
    if organizer is not None:
        write_meta_reviews(event, organizer)
    db.session.flush()


def _first_organizer(event):
    from reviewhub.accounts.models import User

    return db.session.scalar(sa.select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.event_id == event.id, Membership.role == Role.organizer).order_by(Membership.id).limit(1))


def write_meta_reviews(event, writer_of, *, share: float = 1.0) -> int:
    """A submitted meta-review for each reviewed submission that has none, recommending what
    the decisions demo would decide (rank by mean score: talks, posters, then rejects).
    `writer_of` is a user, or a function submission -> user (its AC). Returns how many."""
    from reviewhub.decisions.demo import POSTERS, TALKS, ranked

    outcomes = {o.key: o for o in decision_services.ensure_default_outcomes(event)}
    submissions = db.session.scalars(sa.select(Submission).where(
        Submission.event_id == event.id, Submission.status == SubmissionState.submitted)).all()
    scores = decision_queries.mean_scores([s.id for s in submissions])
    done = metareviews.recommendations(event, [s.id for s in submissions])
    written = 0
    order = ranked([s for s in submissions if s.id in scores], scores)
    for rank, submission in enumerate(order):
        if submission.id in done or (share < 1 and (submission.number % 10) >= share * 10):
            continue
        key = "accept_talk" if rank < TALKS else "accept_poster" if rank < TALKS + POSTERS else "reject"
        writer = writer_of(submission) if callable(writer_of) else writer_of
        if writer is None:
            continue
        metareviews.save_meta_review(
            submission, by=writer, recommendation_id=outcomes[key].id,
            text_to_authors=TEXTS["accept" if key != "reject" else "reject"],
            text_confidential=f"Mean score {scores[submission.id][0]:.2f} from {scores[submission.id][1]} reviews.",
            submit=True)
        written += 1
    return written
