"""A reviewer's expertise profile (text, topics, past papers from PDFs) and declared conflicts."""

import io

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.assignment.models import ReviewerProfile, reviewer_topics
from reviewhub.errors import DomainError
from reviewhub.events.models import Event, Topic
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import Authorship, Conflict, ConflictSource, Submission

PAST_PAPERS_MAX = 100_000
PDF_TEXT_MAX = 30_000


def get_profile(user) -> ReviewerProfile | None:
    return db.session.scalar(sa.select(ReviewerProfile).where(ReviewerProfile.user_id == user.id))


def extract_pdf_text(data: bytes) -> str:
    """The text of a PDF (checked by its magic bytes, not its name); DomainError otherwise."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF-"):
        raise DomainError("This file is not a PDF.")
    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join((page.extract_text() or "") for page in reader.pages[:50])
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise DomainError("This PDF cannot be read; paste its title and abstract instead.") from error
    text = " ".join(text.split())
    if not text:
        raise DomainError("This PDF holds no text (a scan?); paste its title and abstract instead.")
    return text[:PDF_TEXT_MAX]


def save_profile(user, event: Event, *, expertise: str, keywords: str, past_papers: str,
                 topic_ids: list[int], pdfs: list[tuple[str, bytes]] = ()) -> ReviewerProfile:
    """Store the profile (kept across events) and this event's topics. Flushes.

    PDF texts are appended to the past papers, so the organizer's affinity sees them too.
    """
    extracted = [f"{name}\n{extract_pdf_text(data)}" for name, data in pdfs]
    profile = get_profile(user) or ReviewerProfile(user_id=user.id)
    db.session.add(profile)
    profile.expertise, profile.keywords = expertise.strip(), keywords.strip()
    text = "\n\n".join([past_papers.strip(), *extracted]).strip()
    if len(text) > PAST_PAPERS_MAX:
        raise DomainError(f"Past papers are limited to {PAST_PAPERS_MAX:,} characters in total.")
    profile.past_papers, profile.updated_at = text, utcnow()
    _set_topics(user, event, topic_ids)
    db.session.flush()
    audit.record("reviewer.profile_saved", event=event, actor=user, obj=profile,
                 topics=len(topic_ids), pdfs=len(extracted))
    return profile


def event_topic_ids(user, event: Event) -> list[int]:
    return list(db.session.scalars(
        sa.select(reviewer_topics.c.topic_id).join(Topic, Topic.id == reviewer_topics.c.topic_id)
        .where(reviewer_topics.c.user_id == user.id, Topic.event_id == event.id)))


def _set_topics(user, event: Event, topic_ids: list[int]) -> None:
    """Replace this event's topics only; topics of other events stay."""
    allowed = {t.id for t in event.topics}
    if set(topic_ids) - allowed:
        raise DomainError("Choose topics of this event.")
    db.session.execute(reviewer_topics.delete().where(
        reviewer_topics.c.user_id == user.id,
        reviewer_topics.c.topic_id.in_(sa.select(Topic.id).where(Topic.event_id == event.id))))
    if topic_ids:
        db.session.execute(reviewer_topics.insert(),
                           [{"user_id": user.id, "topic_id": t} for t in sorted(set(topic_ids))])


def _existing(submission_id: int, user_id: int, source: str) -> Conflict | None:
    return db.session.scalar(sa.select(Conflict).where(
        Conflict.submission_id == submission_id, Conflict.user_id == user_id,
        Conflict.source == source))


def declare_conflict(user, submission: Submission, *, reason: str = "",
                     source: str = ConflictSource.reviewer) -> Conflict:
    """The user must not review this submission; idempotent. Flushes. Takes effect at once:
    permissions check Conflict rows, so an assigned reviewer loses access immediately."""
    conflict = _existing(submission.id, user.id, source)
    if conflict is None:
        conflict = Conflict(submission_id=submission.id, user_id=user.id, source=source,
                            reason=reason.strip()[:500])
        db.session.add(conflict)
        db.session.flush()
        audit.record("conflict.declared", event=submission.event, actor=user, obj=conflict,
                     submission_id=submission.id, source=source)
    return conflict


def declare_author_conflict(user, event: Event, *, author_name: str, reason: str = "") -> int:
    """Conflict with every submitted work listing an author of this name (open review only)."""
    if event.double_blind:
        raise DomainError("Authors are hidden in this event; declare conflicts by title instead.")
    name = " ".join(author_name.split()).lower()
    if not name:
        raise DomainError("Enter an author's name.")
    submissions = db.session.scalars(
        sa.select(Submission).join(Authorship, Authorship.submission_id == Submission.id)
        .where(Submission.event_id == event.id, Submission.status == "submitted",
               sa.func.lower(Authorship.name) == name).distinct())
    found = list(submissions)
    if not found:
        raise DomainError("No submission of this event lists an author of this name.")
    for submission in found:
        declare_conflict(user, submission, reason=reason or f"author {author_name.strip()}")
    return len(found)


def withdraw_conflict(conflict: Conflict, *, by) -> None:
    """A reviewer takes back a conflict they declared; found or author-declared ones stay."""
    if conflict.user_id != by.id or conflict.source != ConflictSource.reviewer:
        raise DomainError("Only conflicts you declared yourself can be withdrawn here.")
    db.session.delete(conflict)
    db.session.flush()
    audit.record("conflict.withdrawn", event=conflict.submission.event, actor=by,
                 submission_id=conflict.submission_id)
