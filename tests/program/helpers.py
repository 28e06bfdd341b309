"""Builders for program tests: accepted works (decisions are another domain's; we write rows)."""

import hashlib
from datetime import date

import sqlalchemy as sa

from reviewhub import storage
from reviewhub.decisions.models import Decision, DecisionOutcome, PresentationConfirmation
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.program import services
from reviewhub.submissions.models import SubmissionFile
from tests import factories as f

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n% test\n"


def outcome(event, key: str) -> DecisionOutcome:
    """accept_talk, accept_poster or reject for this event (made once)."""
    found = db.session.scalar(sa.select(DecisionOutcome).where(
        DecisionOutcome.event_id == event.id, DecisionOutcome.key == key))
    if found is None:
        fmt = {"accept_talk": "talk", "accept_poster": "poster"}.get(key, "none")
        found = DecisionOutcome(event_id=event.id, key=key, label=key, is_accept=key != "reject",
                                presentation_format=fmt)
        db.session.add(found)
        db.session.flush()
    return found


def decide(submission, key="accept_talk", *, released=True, confirmed=True, presenter=""):
    """A decision (released or not) and, for accepts, a presentation confirmation."""
    event = submission.event
    db.session.add(Decision(submission_id=submission.id, outcome_id=outcome(event, key).id,
                            released_at=utcnow() if released else None))
    if key != "reject":
        db.session.add(PresentationConfirmation(
            submission_id=submission.id, status="confirmed" if confirmed else "pending",
            presenter_name=presenter))
    db.session.flush()
    return submission


def add_file(submission, *, kind="pdf", purpose="main", data=PDF, content_type="application/pdf"):
    stored = storage.save_bytes(data, suffix=".bin")
    row = SubmissionFile(submission_id=submission.id, purpose=purpose, kind=kind,
                         original_name=f"file.{kind}", content_type=content_type, size=stored.size,
                         sha256=hashlib.sha256(data).hexdigest(), storage_key=stored.key)
    db.session.add(row)
    db.session.flush()
    return row


def program_event(organizer=None, **fields):
    """An event with a day, public program, and the seed day in the draft."""
    event = f.make_event(organizer=organizer, event_date=date(2024, 12, 14), program_public=True,
                         **fields)
    services.start_from_seed_day(event, by=None)
    return event


def slot_titled(event, title):
    from reviewhub.program.models import ScheduleSlot

    return db.session.scalar(sa.select(ScheduleSlot).where(
        ScheduleSlot.event_id == event.id, ScheduleSlot.title == title))
