"""Submission types: the defaults (Paper, Creative work) and the organizer's own."""

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission, SubmissionType
from reviewhub.words import plural

PAPER_DESCRIPTION = """\
A research paper of up to **4 pages** plus references (the PDF may run to 3 more pages for
references and appendices). Use the anonymised template: no author names in the PDF.
A supplementary PDF or ZIP (code, data, extra figures) is optional."""

CREATIVE_DESCRIPTION = """\
Creative work that critically engages with the use of AI: made with or without AI tools, and
possibly "proof-of-concept". Upload one or more media files (images PNG/JPEG/WebP, audio
MP3/WAV/OGG, video MP4/WebM) or give a link, write an artist statement, and optionally add a
PDF."""

DEFAULTS = [
    dict(key="paper", name="Paper", description_md=PAPER_DESCRIPTION, position=0, page_limit=4,
         max_file_mb=20, allowed_kinds=["pdf", "zip"], required_kinds=["pdf"], allow_link=False,
         needs_statement=False),
    dict(key="creative", name="Creative work", description_md=CREATIVE_DESCRIPTION, position=1,
         page_limit=None, max_file_mb=50, allowed_kinds=["image", "audio", "video", "pdf"],
         required_kinds=["image", "audio", "video"], allow_link=True, needs_statement=True),
]


def ensure_default_types(event, *, by=None) -> list[SubmissionType]:
    """Create "Paper" and "Creative work" when the event lacks them (by key); idempotent.
    Flushes; returns the event's types in order."""
    existing = {t.key for t in db.session.scalars(
        sa.select(SubmissionType).where(SubmissionType.event_id == event.id))}
    for spec in DEFAULTS:
        if spec["key"] not in existing:
            kind = SubmissionType(event_id=event.id, **spec)
            db.session.add(kind)
            db.session.flush()
            audit.record("submissions.type_created", event=event, actor=by, obj=kind, key=kind.key)
    db.session.flush()
    return list(db.session.scalars(sa.select(SubmissionType).where(SubmissionType.event_id == event.id)
                                   .order_by(SubmissionType.position, SubmissionType.id)))


def save_type(event, kind: SubmissionType | None, *, by, **values) -> SubmissionType:
    """Create (kind=None) or change a type; keys are unique per event. Flushes."""
    clash = db.session.scalar(sa.select(SubmissionType.id).where(
        SubmissionType.event_id == event.id, SubmissionType.key == values["key"]))
    if clash is not None and (kind is None or clash != kind.id):
        raise DomainError("Another type of this event has this key.")
    if not values.get("allowed_kinds") and not values.get("allow_link"):
        raise DomainError("Allow at least one kind of file or a link.")
    values["required_kinds"] = [k for k in values.get("required_kinds", []) if k in values["allowed_kinds"]]
    created = kind is None
    if created:
        kind = SubmissionType(event_id=event.id)
        db.session.add(kind)
    for name, value in values.items():
        setattr(kind, name, value)
    db.session.flush()
    audit.record("submissions.type_created" if created else "submissions.type_updated",
                 event=event, actor=by, obj=kind, key=kind.key)
    return kind


def delete_type(kind: SubmissionType, *, by) -> None:
    """Remove a type nobody has used yet. Flushes."""
    used = db.session.scalar(sa.select(sa.func.count()).where(Submission.type_id == kind.id))
    if used:
        raise DomainError(f"{plural(used, 'submission')} {plural(used, 'use', 'uses', number=False)} this type; it cannot be deleted.")
    audit.record("submissions.type_deleted", event=kind.event, actor=by, obj=kind, key=kind.key)
    db.session.delete(kind)
    db.session.flush()
