"""Reads of the integrity domain: the texts to compare, the stored flags, the AI-use rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from reviewhub import jobs
from reviewhub.audit import AuditLog
from reviewhub.decisions.models import Decision, DecisionOutcome
from reviewhub.events.models import Event
from reviewhub.extensions import db
from reviewhub.integrity.models import SimilarityFlag
from reviewhub.integrity.texts import Person, compose_text, is_earlier
from reviewhub.permissions import conflicted_submission_ids
from reviewhub.submissions.models import Authorship, Submission, SubmissionFile, SubmissionType

JOB_FUNCTION = "reviewhub.integrity.services:integrity_job"


@dataclass
class Corpus:
    """Everything one check compares: this event's texts, the archive's, authors and images."""

    current: dict[int, str] = field(default_factory=dict)  # submission id -> text
    archive: dict[int, str] = field(default_factory=dict)
    people: dict[int, list[Person]] = field(default_factory=dict)
    images: list[tuple[int, int, str]] = field(default_factory=list)  # (file id, submission id, key)


def earlier_event_ids(event: Event) -> list[int]:
    """The other events of this install that came before `event`."""
    rows = db.session.execute(sa.select(Event.id, Event.event_date, Event.created_at).where(Event.id != event.id))
    return [i for i, day, created in rows if is_earlier(day, created, event.event_date, event.created_at)]


def current_ids(event: Event) -> sa.Select:
    """This event's submissions that were ever submitted (drafts are unfinished)."""
    return sa.select(Submission.id).where(Submission.event_id == event.id, Submission.status != "draft")


def archive_ids(event: Event) -> sa.Select:
    """Accepted, not withdrawn, works of earlier events."""
    return (
        sa.select(Submission.id)
        .join(Decision, Decision.submission_id == Submission.id)
        .join(DecisionOutcome, DecisionOutcome.id == Decision.outcome_id)
        .where(
            DecisionOutcome.is_accept.is_(True),
            Submission.event_id.in_(earlier_event_ids(event) or [-1]),
            Submission.status != "withdrawn",
        )
    )


def load_texts(ids: sa.Select) -> dict[int, str]:
    """Compared text per submission, in two queries whatever the number of submissions."""
    file_texts: dict[int, list[str]] = defaultdict(list)
    for sid, text in db.session.execute(
        sa.select(SubmissionFile.submission_id, SubmissionFile.extracted_text)
        .where(SubmissionFile.submission_id.in_(ids), SubmissionFile.extracted_text != "")
        .order_by(SubmissionFile.submission_id, SubmissionFile.id)
    ):
        file_texts[sid].append(text)
    rows = db.session.execute(
        sa.select(Submission.id, Submission.title, Submission.abstract_md, Submission.artist_statement)
        .where(Submission.id.in_(ids))
        .order_by(Submission.id)
    )
    return {sid: compose_text(title, abstract, statement, file_texts.get(sid, ()))
            for sid, title, abstract, statement in rows}


def load_people(*ids: sa.Select) -> dict[int, list[Person]]:
    out: dict[int, list[Person]] = defaultdict(list)
    for sid, name, email, user_id in db.session.execute(
        sa.select(Authorship.submission_id, Authorship.name, Authorship.email, Authorship.user_id)
        .where(sa.or_(*(Authorship.submission_id.in_(s) for s in ids)))
        .order_by(Authorship.submission_id, Authorship.position)
    ):
        out[sid].append(Person(name, email, user_id))
    return out


def load_images(*ids: sa.Select) -> list[tuple[int, int, str]]:
    return list(db.session.execute(
        sa.select(SubmissionFile.id, SubmissionFile.submission_id, SubmissionFile.storage_key)
        .where(sa.or_(*(SubmissionFile.submission_id.in_(s) for s in ids)), SubmissionFile.kind == "image")
        .order_by(SubmissionFile.id)
    ))


def load_corpus(event: Event) -> Corpus:
    current, archive = current_ids(event), archive_ids(event)
    return Corpus(
        current=load_texts(current), archive=load_texts(archive),
        people=load_people(current, archive), images=load_images(current, archive),
    )


def list_flags(event: Event, user) -> list[SimilarityFlag]:
    """The flags `user` may see (none involving a submission they are conflicted with), the
    latest run's first, most similar first; a fixed number of queries."""
    hidden = conflicted_submission_ids(user)
    flags = db.session.scalars(
        sa.select(SimilarityFlag)
        .where(SimilarityFlag.event_id == event.id)
        .options(
            joinedload(SimilarityFlag.submission_a),
            joinedload(SimilarityFlag.submission_b).joinedload(Submission.event),
        )
    ).all()
    visible = [f for f in flags if f.submission_a_id not in hidden and f.submission_b_id not in hidden]
    return sorted(visible, key=lambda f: (not f.details.get("current", True), -figure(f), f.id))


def figure(flag: SimilarityFlag) -> float:
    """The number a pair is judged by: containment for text, hash similarity for images."""
    return float(flag.details.get("containment", flag.similarity)) if flag.kind == "text" else flag.similarity


def get_flag(event: Event, flag_id: int) -> SimilarityFlag | None:
    return db.session.scalar(
        sa.select(SimilarityFlag)
        .where(SimilarityFlag.id == flag_id, SimilarityFlag.event_id == event.id)
        .options(joinedload(SimilarityFlag.submission_a), joinedload(SimilarityFlag.submission_b))
    )


def pair_texts(flag: SimilarityFlag) -> tuple[str, str]:
    texts = load_texts(sa.select(Submission.id).where(
        Submission.id.in_([flag.submission_a_id, flag.submission_b_id])))
    return texts.get(flag.submission_a_id, ""), texts.get(flag.submission_b_id, "")


def last_check(event: Event) -> AuditLog | None:
    """The latest finished check, whoever ran it (page, command line or demo)."""
    return db.session.scalar(
        sa.select(AuditLog).where(AuditLog.event_id == event.id, AuditLog.action == "integrity.checked")
        .order_by(AuditLog.id.desc()).limit(1)
    )


def last_job(event: Event) -> jobs.Job | None:
    return db.session.scalar(
        sa.select(jobs.Job).where(jobs.Job.event_id == event.id, jobs.Job.function == JOB_FUNCTION)
        .order_by(jobs.Job.id.desc()).limit(1)
    )


@dataclass(frozen=True)
class StatementRow:
    number: int
    title: str
    type_name: str
    outcome: str  # the decision's label, or "undecided"
    ai_use: str
    details: str


def list_ai_use(event: Event, user) -> list[StatementRow]:
    """Submitted works' AI-use statements with type and decision, without those `user` is
    conflicted with; three queries."""
    hidden = conflicted_submission_ids(user)
    rows = db.session.execute(
        sa.select(Submission.id, Submission.number, Submission.title, SubmissionType.name,
                  DecisionOutcome.label, Submission.ai_use, Submission.ai_use_details)
        .join(SubmissionType, SubmissionType.id == Submission.type_id)
        .outerjoin(Decision, Decision.submission_id == Submission.id)
        .outerjoin(DecisionOutcome, DecisionOutcome.id == Decision.outcome_id)
        .where(Submission.event_id == event.id, Submission.status == "submitted")
        .order_by(Submission.number)
    )
    return [StatementRow(number, title, type_name, label or "undecided", ai_use, details or "")
            for sid, number, title, type_name, label, ai_use, details in rows if sid not in hidden]
