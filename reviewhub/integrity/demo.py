"""Demo data for the integrity page: from the review phase on, a planted near-duplicate pair
(if the demo submissions hold none) and a finished check."""

import sqlalchemy as sa

from reviewhub.demo.phases import at_least
from reviewhub.extensions import db
from reviewhub.integrity.models import SimilarityFlag
from reviewhub.integrity.services import run_integrity_check
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import Authorship, Submission, SubmissionType

VARIANT_TOKEN = "demo-integrity-variant"  # client_token: makes planting idempotent
STATEMENT = (
    "The installation stages the paper's system in a gallery: visitors write a line, the model "
    "answers, and the exchange is printed on a growing scroll."
)


def populate(event, phase: str) -> None:
    if not at_least(phase, "review"):
        return
    submitted = sa.select(Submission).where(Submission.event_id == event.id, Submission.status == "submitted")
    if db.session.scalar(sa.select(sa.func.count()).select_from(submitted.subquery())) == 0:
        return
    run_integrity_check(event)
    if _text_flags(event) == 0 and _plant_variant(event, submitted):
        run_integrity_check(event)


def _text_flags(event) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(SimilarityFlag).where(
        SimilarityFlag.event_id == event.id, SimilarityFlag.kind == "text"))


def _plant_variant(event, submitted) -> bool:
    """A creative-work variant of the demo's first paper by the same authors (the kind of pair
    an organizer marks "fine"); returns whether one was added."""
    if db.session.scalar(sa.select(Submission.id).where(Submission.event_id == event.id,
                                                        Submission.client_token == VARIANT_TOKEN)):
        return False
    source = next((s for s in db.session.scalars(submitted.order_by(Submission.number))
                   if len(s.abstract_md.split()) >= 40), None)
    if source is None:
        return False
    kind = db.session.scalar(sa.select(SubmissionType).where(
        SubmissionType.event_id == event.id, SubmissionType.key.in_(("creative", "creative_work"))
    )) or source.type
    number = db.session.scalar(sa.select(sa.func.max(Submission.number)).where(Submission.event_id == event.id)) + 1
    variant = Submission(
        event_id=event.id, number=number, type_id=kind.id, title=f"{source.title}: an installation",
        abstract_md=source.abstract_md, artist_statement=STATEMENT, keywords=source.keywords,
        ai_use=source.ai_use, ai_use_details=source.ai_use_details, status="submitted",
        submitted_at=min(utcnow(), source.submitted_at or utcnow()), client_token=VARIANT_TOKEN, created_by_id=source.created_by_id,
    )
    db.session.add(variant)
    db.session.flush()
    for a in source.authors:
        db.session.add(Authorship(submission_id=variant.id, position=a.position, name=a.name, email=a.email,
                                  affiliation=a.affiliation, user_id=a.user_id, is_contact=a.is_contact))
    db.session.flush()
    return True
