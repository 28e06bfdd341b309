"""Demo program: the seed day as a draft (earlier phases), filled and released (phase "program")."""

from __future__ import annotations

from reviewhub.demo import seed_event as seed
from reviewhub.demo.phases import at_least
from reviewhub.extensions import db
from reviewhub.program import queries, services
from reviewhub.program.models import PosterBoard, ScheduleSlot


def populate(event, phase: str) -> None:
    """Idempotent: slots are made once; talks, posters and the release only where missing."""
    if event.event_date is None:
        return
    slots = queries.list_slots(event) or services.start_from_seed_day(event, by=None)
    if at_least(phase, "program"):
        _attach_keynotes(event, slots)
        _place_talks(event, slots)
    # As on the seed page, the planned day is public from the call on, marked tentative; the
    # program phase releases it again once talks and posters are placed.
    event.program_public = True
    if queries.latest_release(event) is None or services.pending_changes(event):
        comment = "The program with its talks." if at_least(phase, "program") else "The planned day."
        services.release_schedule(event, by=None, comment=comment, note=seed.SCHEDULE_NOTE)
    db.session.flush()


def _attach_keynotes(event, slots: list[ScheduleSlot]) -> None:
    """Keynote and invited speakers take the invited-talk slots in order, where still empty."""
    people = queries.list_speakers(event, "keynote") + queries.list_speakers(event, "invited")
    invited = [s for s in slots if s.kind == "invited_talk"]
    taken = {p.id for s in invited for p in s.speakers}
    free = [p for p in people if p.id not in taken]
    for slot in invited:
        if not slot.speakers and free:
            slot.speakers = [free.pop(0)]
    db.session.flush()


def _place_talks(event, slots: list[ScheduleSlot]) -> None:
    """Talk-format works into Contributed Talk 1-4, the rest on poster boards."""
    works = [w for w in queries.list_accepted(event) if not w.withdrawn]
    placed = {s.submission_id for s in slots if s.submission_id}
    placed |= {b.submission_id for b in queries.list_boards(event)}
    todo = [w for w in works if w.submission.id not in placed]
    talks = sorted(todo, key=lambda w: w.format != "talk")
    for slot in (s for s in slots if s.kind == "contributed_talk" and not s.submission_id):
        if talks and talks[0].format == "talk":
            slot.submission_id = talks.pop(0).submission.id
    session = next((s for s in slots if s.kind == "poster_session"), None)
    if session is None:
        return
    used = {b.board_number for b in queries.list_boards(event)}
    number = 1
    for work in (w for w in talks if w.format != "talk"):
        while number in used:
            number += 1
        db.session.add(PosterBoard(slot_id=session.id, submission_id=work.submission.id,
                                   board_number=number))
        used.add(number)
    db.session.flush()
