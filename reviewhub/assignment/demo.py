"""Demo reviewers with profiles, one pending invitation, bids and an applied automatic run."""

import random

import sqlalchemy as sa

from reviewhub.assignment.models import AssignmentRun, Bid, ReviewerInvitation, ReviewerProfile
from reviewhub.assignment.services import bids as bid_services
from reviewhub.assignment.services import profiles, runs
from reviewhub.demo import DEMO_ACCOUNTS, ensure_user
from reviewhub.demo.phases import at_least
from reviewhub.events import services as events
from reviewhub.events.models import Membership, Role
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission

# (email, name, affiliation, topic positions, expertise); 11 reviewers x 12 fit 40 x 3 reviews.
INVENTED = [
    ("mei.tanaka@demo.example.org", "Mei Tanaka", "University of Tokyo", (0, 5),
     "Mixed-initiative creative tools, co-creative interfaces and user studies with designers."),
    ("jonas.berg@demo.example.org", "Jonas Berg", "KTH Royal Institute of Technology", (1, 4),
     "Memorisation in diffusion models, near-duplicate retrieval and training data extraction."),
    ("amara.okafor@demo.example.org", "Amara Okafor", "University of Lagos", (3, 6),
     "Representational bias in image generators, audits of stereotypes in generated media."),
    ("lucia.ferrari@demo.example.org", "Lucia Ferrari", "Politecnico di Milano", (2, 7),
     "Style mimicry protection for artists, adversarial cloaking, consent and opt-out mechanisms."),
    ("daniel.cohen@demo.example.org", "Daniel Cohen", "Tel Aviv University", (4, 1),
     "Watermarking and detection of AI-generated text and images; evasion by paraphrasing."),
    ("sofia.alvarez@demo.example.org", "Sofía Álvarez", "Universidad de Chile", (5, 0),
     "Evaluating creativity: novelty, surprise and value; human ratings of generated music and poems."),
    ("owen.price@demo.example.org", "Owen Price", "University of Edinburgh", (6, 7),
     "Data provenance, dataset documentation and governance of training corpora."),
    ("hana.kim@demo.example.org", "Hana Kim", "KAIST", (7, 2),
     "Copyright law and licensing of training data, collective licensing and remuneration of creators."),
]
DEMO_EXPERTISE = {
    "reviewer1@demo.example.org": ((0, 5), "Music generation with transformers; interactive "
                                     "systems for musicians; evaluating creative output."),
    "reviewer2@demo.example.org": ((1, 4), "Detection of copying and of generated images; "
                                     "memorisation and provenance signals in diffusion models."),
    "reviewer3@demo.example.org": ((3, 7), "Bias in generated media and the licensing and "
                                     "governance of creative training data."),
}
LOAD = 12
PENDING_INVITATION = ("ines.moreau@demo.example.org", "Inès Moreau", "Université PSL")


def populate(event, phase: str) -> None:
    """Every phase: reviewers with profiles and a pending invitation; cfp: some bids; from
    review on: bids for all and an applied automatic assignment. Idempotent."""
    reviewers = _reviewers(event)
    _invitation(event)
    submissions = list(db.session.scalars(sa.select(Submission).where(
        Submission.event_id == event.id, Submission.status == "submitted").order_by(Submission.number)))
    if not submissions:
        return
    _bids(event, reviewers[:3] if phase == "cfp" else reviewers, submissions)
    if at_least(phase, "review"):
        _assign(event)


def _reviewers(event) -> list:
    people = [(e, n, a, *DEMO_EXPERTISE[e]) for e, n, a, role in DEMO_ACCOUNTS if role == "reviewer"]
    people += INVENTED
    users = []
    for email, name, affiliation, topics, expertise in people:
        user = ensure_user(email, name, affiliation)
        membership = events.add_member(event, user, Role.reviewer, by=None)
        membership.max_load = membership.max_load or LOAD
        if db.session.scalar(sa.select(ReviewerProfile.id).where(ReviewerProfile.user_id == user.id)) is None:
            ids = [event.topics[i].id for i in topics if i < len(event.topics)]
            profiles.save_profile(user, event, expertise=expertise, keywords="", past_papers="",
                                  topic_ids=ids)
        users.append(user)
    return users


def _invitation(event) -> None:
    email, name, affiliation = PENDING_INVITATION
    exists = db.session.scalar(sa.select(ReviewerInvitation.id).where(
        ReviewerInvitation.event_id == event.id, ReviewerInvitation.email == email))
    if exists is None:
        from reviewhub.assignment.services import invitations

        invitations.invite(event, email=email, name=name, affiliation=affiliation, by=None)


def _bids(event, reviewers, submissions) -> None:
    rng = random.Random(2024)
    levels = ["eager", "willing", "willing", "neutral", "not_willing"]
    for user in reviewers:
        has_bids = db.session.scalar(sa.select(sa.func.count()).select_from(Bid).join(
            Submission, Submission.id == Bid.submission_id).where(
            Bid.user_id == user.id, Submission.event_id == event.id))
        if has_bids:
            continue
        allowed = [s for s in submissions if s.id not in _blocked(user, event)]
        picks = rng.sample(allowed, min(8, len(allowed)))
        bid_services.save_bids(user, event, {s.id: rng.choice(levels) for s in picks})


def _blocked(user, event) -> set[int]:
    from reviewhub.assignment.queries import conflicted_submission_ids

    return conflicted_submission_ids(user, event)


def _assign(event) -> None:
    applied = db.session.scalar(sa.select(AssignmentRun.id).where(
        AssignmentRun.event_id == event.id, AssignmentRun.status == "applied"))
    if applied is not None:
        return
    from reviewhub.accounts.models import User

    organizer = db.session.scalar(sa.select(User).join(Membership, Membership.user_id == User.id)
                                  .where(Membership.event_id == event.id,
                                         Membership.role == Role.organizer).order_by(User.id).limit(1))
    run = AssignmentRun(event_id=event.id, status="running", params=runs.default_params(event),
                        created_by_id=getattr(organizer, "id", None))
    db.session.add(run)
    db.session.flush()
    runs.compute(run)
    runs.apply_run(run, by=organizer)
