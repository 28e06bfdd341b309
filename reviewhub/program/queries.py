"""Reads of the program domain: speakers, the draft schedule, accepted works, releases."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from reviewhub.decisions.models import Decision, DecisionOutcome, PresentationConfirmation
from reviewhub.extensions import db
from reviewhub.program.models import PosterBoard, ScheduleRelease, ScheduleSlot, Speaker
from reviewhub.submissions.models import Submission


@dataclass(frozen=True)
class AcceptedWork:
    """An accepted submission with what the program needs to know about it."""

    submission: Submission
    decision: Decision
    confirmation: PresentationConfirmation | None

    @property
    def withdrawn(self) -> bool:
        return self.submission.status == "withdrawn"

    @property
    def confirmed(self) -> bool:
        return self.confirmation is not None and self.confirmation.status == "confirmed"

    @property
    def released(self) -> bool:
        """The decision has been told to the authors; only then may the work be public."""
        return self.decision.released_at is not None

    @property
    def public(self) -> bool:
        """May appear in a public release: accepted, decision released, not withdrawn."""
        return self.released and not self.withdrawn

    @property
    def format(self) -> str:
        return self.decision.outcome.presentation_format


def list_speakers(event, kind: str | None = None) -> list[Speaker]:
    """The event's speakers by kind then position (one query)."""
    query = sa.select(Speaker).where(Speaker.event_id == event.id)
    if kind:
        query = query.where(Speaker.kind == kind)
    return list(db.session.scalars(query.order_by(Speaker.kind, Speaker.position, Speaker.id)))


def get_speaker(event, speaker_id: int) -> Speaker | None:
    """A speaker of this event, or None (also for another event's speaker)."""
    speaker = db.session.get(Speaker, speaker_id)
    return speaker if speaker is not None and speaker.event_id == event.id else None


def list_slots(event) -> list[ScheduleSlot]:
    """The draft schedule in time order, speakers and talk eager-loaded."""
    return list(db.session.scalars(
        sa.select(ScheduleSlot).where(ScheduleSlot.event_id == event.id)
        .options(selectinload(ScheduleSlot.speakers), selectinload(ScheduleSlot.submission))
        .order_by(ScheduleSlot.start_at, ScheduleSlot.end_at, ScheduleSlot.room, ScheduleSlot.id)
    ))


def get_slot(event, slot_id: int) -> ScheduleSlot | None:
    slot = db.session.get(ScheduleSlot, slot_id)
    return slot if slot is not None and slot.event_id == event.id else None


def list_boards(event) -> list[PosterBoard]:
    """Every poster placed in one of the event's slots, by slot and board number."""
    return list(db.session.scalars(
        sa.select(PosterBoard).join(ScheduleSlot, PosterBoard.slot_id == ScheduleSlot.id)
        .where(ScheduleSlot.event_id == event.id).options(selectinload(PosterBoard.submission))
        .order_by(PosterBoard.slot_id, PosterBoard.board_number)
    ))


def get_board(event, board_id: int) -> PosterBoard | None:
    board = db.session.get(PosterBoard, board_id)
    if board is None:
        return None
    slot = db.session.get(ScheduleSlot, board.slot_id)
    return board if slot is not None and slot.event_id == event.id else None


def list_accepted(event) -> list[AcceptedWork]:
    """Submissions with an accepting decision (withdrawn ones too: the editor warns about them).

    Authors, files, topics and type are eager-loaded so callers do not query per row.
    """
    rows = db.session.execute(
        sa.select(Submission, Decision, PresentationConfirmation)
        .join(Decision, Decision.submission_id == Submission.id)
        .join(DecisionOutcome, Decision.outcome_id == DecisionOutcome.id)
        .outerjoin(PresentationConfirmation, PresentationConfirmation.submission_id == Submission.id)
        .where(Submission.event_id == event.id, DecisionOutcome.is_accept.is_(True))
        .options(selectinload(Submission.authors), selectinload(Submission.files),
                 selectinload(Submission.topics), selectinload(Submission.type),
                 selectinload(Decision.outcome))
        .order_by(Submission.number)
    ).all()
    return [AcceptedWork(s, d, c) for s, d, c in rows]


def public_work_ids(ids) -> set[int]:
    """Of these submissions, those that may still be public: not withdrawn, and accepted by
    both their current decision and the one released to their authors (a decision changed
    from accept takes the work off the public pages at once, before any correction)."""
    if not ids:
        return set()
    released_outcome = aliased(DecisionOutcome)
    return set(db.session.scalars(
        sa.select(Submission.id).join(Decision, Decision.submission_id == Submission.id)
        .join(DecisionOutcome, DecisionOutcome.id == Decision.outcome_id)
        .outerjoin(released_outcome, released_outcome.id == Decision.released_outcome_id)
        .where(Submission.id.in_(sorted(ids)), Submission.status == "submitted",
               Decision.released_at.is_not(None), DecisionOutcome.is_accept.is_(True),
               # a row released before released_outcome existed was told its current outcome
               sa.or_(released_outcome.id.is_(None), released_outcome.is_accept.is_(True)))))


def get_accepted(event, submission_id: int) -> AcceptedWork | None:
    """One accepted work of this event, or None."""
    return next((w for w in list_accepted(event) if w.submission.id == submission_id), None)


def latest_release(event) -> ScheduleRelease | None:
    """The newest release: what every public page and export shows."""
    return db.session.scalar(
        sa.select(ScheduleRelease).where(ScheduleRelease.event_id == event.id)
        .order_by(ScheduleRelease.version.desc()).limit(1)
    )


def list_releases(event) -> list[ScheduleRelease]:
    return list(db.session.scalars(
        sa.select(ScheduleRelease).where(ScheduleRelease.event_id == event.id)
        .order_by(ScheduleRelease.version.desc())
    ))
