"""The conference demo (`reviewhub demo --conference`): a second event run the conference way.

2 senior area chairs over 6 area chairs, 20 reviewers, 120 submissions; the AC and reviewer
assignments come from the real solver runs, reviews are in (some late), a discussion, author
responses on half of the reviewed submissions with a few reviews updated after them, and
meta-reviews from the ACs for most submissions. Every person has an example.org address.
Idempotent: a second call finds the event and returns its logins."""

from datetime import timedelta

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.assignment.models import ReviewerProfile
from reviewhub.assignment.services import runs
from reviewhub.assignment.synthetic import generate
from reviewhub.committee.models import AreaChairAssignment
from reviewhub.committee.services import chairs, settings
from reviewhub.events import services as events
from reviewhub.events.models import Event, Role
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import Authorship, Submission, SubmissionType

SLUG = "genai-conf-2025"
DOMAIN = "conference.example.org"
N_SUBMISSIONS, N_REVIEWERS, N_CHAIRS, N_SENIORS = 120, 20, 6, 2


def _person(kind: str, i: int, name: str):
    from reviewhub.demo import ensure_user

    return ensure_user(f"{kind}{i}@{DOMAIN}", name, "Example University")


def load_conference() -> dict:
    """Create (once) and fill the conference event; returns the event and the logins to print."""
    event = db.session.scalar(sa.select(Event).where(Event.slug == SLUG))
    if event is None:
        event = _build()
    logins = [("program chair", f"chair@{DOMAIN}"),
              *[("senior AC", f"sac{i}@{DOMAIN}") for i in range(1, N_SENIORS + 1)],
              *[("area chair", f"ac{i}@{DOMAIN}") for i in range(1, N_CHAIRS + 1)],
              ("reviewer", f"reviewer1@{DOMAIN}"), ("author", f"author1@{DOMAIN}")]
    return {"event": event, "logins": logins}


def _build() -> Event:
    now = utcnow()
    data = generate(N_SUBMISSIONS, N_REVIEWERS + N_CHAIRS + N_SENIORS, seed=16, conflict_rate=0.01)
    program_chair = _person("chair", "", "Paula Program-Chair")
    event = events.create_event(
        by=program_chair, topics=list(data.topics), slug=SLUG, name="Conference on Generative AI 2025 (demo)",
        short_name="GenAI-Conf 2025", double_blind=True, reviews_per_submission=3, default_reviewer_load=20,
        submission_deadline_at=now - timedelta(days=40), review_deadline_at=now - timedelta(days=2),
        notification_at=now + timedelta(days=10), cfp_open=False, timezone="Etc/GMT+12")
    settings.save_settings(event, by=program_chair, area_chairs=True, senior_area_chairs=True,
                           area_chair_load=25, meta_reviews=True, meta_review_writers="area_chairs",
                           meta_review_to_authors=True)
    people = data.reviewers
    roles = ([("sac", Role.senior_area_chair)] * N_SENIORS + [("ac", Role.area_chair)] * N_CHAIRS
             + [("reviewer", Role.reviewer)] * N_REVIEWERS)
    counters: dict[str, int] = {}
    for (kind, role), synthetic in zip(roles, people, strict=True):
        counters[kind] = counters.get(kind, 0) + 1
        user = _person(kind, counters[kind], synthetic.person.name)
        events.add_member(event, user, role, by=program_chair)
        db.session.add(ReviewerProfile(user_id=user.id, expertise=synthetic.expertise,
                                       keywords=", ".join(synthetic.keywords)))
    _submissions(event, data)
    db.session.flush()
    _assign(event, program_chair)
    _review_and_discuss(event)
    _responses(event, program_chair)
    _meta_reviews(event)
    db.session.flush()
    return event


def _responses(event: Event, by) -> None:
    """The author-response period (over now), a response on about half of the reviewed
    submissions, and a few reviews updated after it (the earlier version stays)."""
    from reviewhub.assignment.models import Assignment
    from reviewhub.reviewing import services as reviewing
    from reviewhub.reviewing.models import Review
    from reviewhub.reviewing.process import response as responses
    from reviewhub.reviewing.process import settings as process_settings

    now = utcnow()
    process_settings.update_settings(event, by=by, response_enabled=True, response_opens_at=now - timedelta(days=2),
                                     response_deadline_at=now - timedelta(hours=12), response_word_limit=500)
    reviewed = db.session.execute(
        sa.select(Submission, Review).join(Assignment, Assignment.submission_id == Submission.id)
        .join(Review, Review.assignment_id == Assignment.id)
        .where(Submission.event_id == event.id, Review.status == "submitted").order_by(Submission.number, Review.id))
    first_review: dict[int, tuple] = {}
    for submission, review in reviewed:
        first_review.setdefault(submission.id, (submission, review))
    updated = 0
    for index, (submission, review) in enumerate(first_review.values()):
        author = next((a.user for a in submission.authors if a.user is not None), None)
        if index % 2 or author is None:
            continue
        responses.save_response(
            submission, by=author, expected_version=0, replies={}, now=now - timedelta(days=1),
            body=("We thank the reviewers. The comparison they ask for is in the supplement, and the "
                  "revised version will state the limits of the user study more plainly."))
        if index % 8 == 0 and review.overall and review.overall < 5:  # some reviewers raise their score
            raw = {key: str(value) for key, value in (review.answers or {}).items()}
            raw["overall"] = str(review.overall + 1)
            reviewing.save_review(review.assignment, by=review.assignment.user, raw=raw, submit=True,
                                  expected_version=review.version, now=now)
            updated += 1
    db.session.flush()


def _submissions(event: Event, data) -> None:
    kind = SubmissionType(event_id=event.id, key="paper", name="Paper", allowed_kinds=["pdf"], required_kinds=[])
    db.session.add(kind)
    db.session.flush()
    topics = {t.name: t for t in event.topics}
    for number, synthetic in enumerate(data.submissions, start=1):
        author = _person("author", number, synthetic.authors[0].name)
        sub = Submission(event_id=event.id, number=number, type_id=kind.id, title=synthetic.title,
                         abstract_md=synthetic.abstract, keywords=", ".join(synthetic.keywords),
                         status="submitted", submitted_at=utcnow() - timedelta(days=41),
                         created_by_id=author.id)
        sub.topics = [topics[data.topics[t]] for t in dict.fromkeys(synthetic.topics)]
        db.session.add(sub)
        db.session.flush()
        db.session.add(Authorship(submission_id=sub.id, position=0, name=author.name, email=author.email,
                                  affiliation=author.affiliation, user_id=author.id, is_contact=True))


def _assign(event: Event, by) -> None:
    """The real runs: one AC per submission, then three reviewers each; SACs balanced."""
    for role, params in ((Role.area_chair, chairs.default_run_params(event)),
                         (Role.reviewer, runs.default_params(event))):
        run = runs.start_run(event, by=by, params=params, role=role)
        runs.compute(run)
        runs.apply_run(run, by=by, notify=False)
    chairs.assign_senior_chairs(event, by=by)


def _review_and_discuss(event: Event) -> None:
    """Reviews as the workshop demo writes them in its review phase: most in, some drafts or
    missing (late: the deadline has passed), and a discussion."""
    from reviewhub.reviewing import demo as reviewing_demo

    reviewing_demo.populate(event, "review")


def _meta_reviews(event: Event) -> None:
    """The ACs' meta-reviews for about 70% of the submissions (the others are still open)."""
    from reviewhub.committee.demo import write_meta_reviews

    chair_of = dict(db.session.execute(
        sa.select(AreaChairAssignment.submission_id, AreaChairAssignment.user_id)
        .join(Submission, Submission.id == AreaChairAssignment.submission_id)
        .where(Submission.event_id == event.id)).tuples().all())
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(set(chair_of.values()))))}
    write_meta_reviews(event, lambda s: users.get(chair_of.get(s.id)), share=0.7)
