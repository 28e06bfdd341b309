"""State changes of the program: speakers, the draft schedule, releases and visibility.

Every function flushes (never commits), writes an audit row and raises ProgramError on a rule.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from reviewhub import audit, pagecache, storage
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.mail.services import Recipient, enqueue
from reviewhub.models_base import utcnow
from reviewhub.program import build, queries
from reviewhub.program.checks import Change, changelog, submissions_to_notify
from reviewhub.program.models import (
    SLOT_KINDS,
    SPEAKER_KINDS,
    PosterBoard,
    ScheduleRelease,
    ScheduleSlot,
    Speaker,
)
from reviewhub.program.public import released_schedule_rows, released_snapshot  # noqa: F401
from reviewhub.program.seed_day import seed_day_slots
from reviewhub.program.snapshot import Snapshot
from reviewhub.submissions.sniff import sniff
from reviewhub.timeutil import format_local

MAX_PHOTO_BYTES = 5 * 1024 * 1024
SPEAKER_FIELDS = ("name", "affiliation", "position_title", "bio_md", "link", "email", "kind")


class ProgramError(DomainError):
    """A program rule refused the change; the message says why."""


# ---- speakers -------------------------------------------------------------------------------

def photo_suffix(data: bytes) -> str | None:
    """The file suffix for PNG, JPEG or WebP content (judged by magic bytes), else None."""
    found = sniff(data)
    if found is None or found.extension not in ("png", "jpg", "webp"):
        return None
    return "." + found.extension


def _store_photo(data: bytes) -> str:
    suffix = photo_suffix(data)
    if suffix is None:
        raise ProgramError("The photo must be a PNG, JPEG or WebP image.")
    if len(data) > MAX_PHOTO_BYTES:
        raise ProgramError("The photo must be at most 5 MB.")
    return storage.save_bytes(data, suffix=suffix).key


def _check_speaker(fields: dict) -> None:
    if fields.get("kind") not in SPEAKER_KINDS:
        raise ProgramError(f"Kind must be one of {', '.join(SPEAKER_KINDS)}.")
    link = fields.get("link") or ""
    if link and not link.startswith(("http://", "https://")):
        raise ProgramError("The link must start with http:// or https://.")


def create_speaker(event, *, by, photo: bytes | None = None, **fields) -> Speaker:
    """A new speaker (keynote, invited, panelist, organizer or presenter), last of its kind."""
    _check_speaker(fields)
    last = db.session.scalar(sa.select(sa.func.max(Speaker.position)).where(
        Speaker.event_id == event.id, Speaker.kind == fields["kind"]))
    speaker = Speaker(event_id=event.id, position=(last or 0) + 1,
                      **{k: fields.get(k) or "" for k in SPEAKER_FIELDS})
    speaker.submission_id = fields.get("submission_id")
    speaker.photo_key = _store_photo(photo) if photo else None
    db.session.add(speaker)
    db.session.flush()
    pagecache.changed(event)
    audit.record("program.speaker_created", event=event, actor=by, obj=speaker, kind=speaker.kind)
    return speaker


def update_speaker(event, speaker: Speaker, *, by, photo: bytes | None = None,
                   remove_photo: bool = False, **fields) -> None:
    """Change a speaker's public details; a new photo replaces the old file."""
    _check_speaker(fields)
    new_key = _store_photo(photo) if photo else None
    old_key = speaker.photo_key if (new_key or remove_photo) else None
    for name in SPEAKER_FIELDS:
        setattr(speaker, name, fields.get(name) or "")
    if new_key or remove_photo:
        speaker.photo_key = new_key
    db.session.flush()
    pagecache.changed(event)
    if old_key:
        storage.delete(old_key)
    audit.record("program.speaker_updated", event=event, actor=by, obj=speaker)


def delete_speaker(event, speaker: Speaker, *, by) -> None:
    """Remove a speaker from the draft (released schedules keep their copy)."""
    audit.record("program.speaker_deleted", event=event, actor=by, obj=speaker,
                 name=speaker.name)
    db.session.delete(speaker)
    db.session.flush()
    pagecache.changed(event)


def add_presenter(event, work: queries.AcceptedWork, *, by) -> Speaker:
    """A presenter page for an accepted, confirmed work (the confirmed presenter's name)."""
    if work.withdrawn or not work.confirmed:
        raise ProgramError("Only accepted, confirmed works get a presenter page.")
    exists = db.session.scalar(sa.select(Speaker.id).where(
        Speaker.event_id == event.id, Speaker.submission_id == work.submission.id))
    if exists:
        raise ProgramError("This work already has a presenter page.")
    conf, first = work.confirmation, work.submission.authors[0] if work.submission.authors else None
    name = conf.presenter_name or (first.name if first else "Presenter")
    affiliation = conf.presenter_affiliation or (first.affiliation if first else "")
    return create_speaker(event, by=by, name=name, affiliation=affiliation, kind="presenter",
                          submission_id=work.submission.id)


# ---- the draft schedule ---------------------------------------------------------------------

def _accepted_or_refuse(event, submission_id: int) -> queries.AcceptedWork:
    work = queries.get_accepted(event, submission_id)
    if work is None:
        raise ProgramError("Only accepted works can be scheduled.")
    if work.withdrawn:
        raise ProgramError("This work was withdrawn.")
    return work


def save_slot(event, slot: ScheduleSlot | None, *, by, kind: str, start_at: datetime,
              end_at: datetime, title: str, room: str = "", speaker_ids=(),
              submission_id: int | None = None) -> ScheduleSlot:
    """Create (slot=None) or change a slot; a talk may only go into a contributed-talk slot."""
    if kind not in SLOT_KINDS:
        raise ProgramError("Unknown slot kind.")
    if end_at <= start_at:
        raise ProgramError("The slot must end after it starts.")
    if submission_id and kind != "contributed_talk":
        raise ProgramError("Only contributed-talk slots hold an accepted talk.")
    if submission_id:
        _accepted_or_refuse(event, submission_id)
    speakers = list(db.session.scalars(sa.select(Speaker).where(
        Speaker.event_id == event.id, Speaker.id.in_(list(speaker_ids) or [-1]))))
    if len(speakers) != len(set(speaker_ids)):
        raise ProgramError("Unknown speaker.")
    if slot is None:
        slot = ScheduleSlot(event_id=event.id)
        db.session.add(slot)
    slot.kind, slot.start_at, slot.end_at = kind, start_at, end_at
    slot.title, slot.room, slot.submission_id = title, room or "", submission_id or None
    slot.speakers = speakers
    db.session.flush()
    audit.record("program.slot_saved", event=event, actor=by, obj=slot, kind=kind, title=title)
    return slot


def delete_slot(event, slot: ScheduleSlot, *, by) -> None:
    audit.record("program.slot_deleted", event=event, actor=by, obj=slot,
                 title=slot.title)
    db.session.delete(slot)
    db.session.flush()


def start_from_seed_day(event, *, by) -> list[ScheduleSlot]:
    """The seed page's 16 slots on the event's day; refused while the draft has slots."""
    if event.event_date is None:
        raise ProgramError("Set the event's day first (event settings).")
    if db.session.scalar(sa.select(sa.func.count()).where(ScheduleSlot.event_id == event.id)):
        raise ProgramError("The draft already has slots; the seed day only fills an empty one.")
    slots = [ScheduleSlot(event_id=event.id, start_at=s.start, end_at=s.end, kind=s.kind,
                          title=s.title) for s in seed_day_slots(event.event_date, event.timezone)]
    db.session.add_all(slots)
    db.session.flush()
    audit.record("program.seed_day", event=event, actor=by, slots=len(slots))
    return slots


def place_poster(event, slot: ScheduleSlot, *, by, submission_id: int, board_number: int) -> PosterBoard:
    """Put an accepted work on a board of a poster session (moving it if placed elsewhere)."""
    if slot.kind != "poster_session":
        raise ProgramError("Posters go into a poster-session slot.")
    if board_number < 1:
        raise ProgramError("Board numbers start at 1.")
    _accepted_or_refuse(event, submission_id)
    taken = db.session.scalar(sa.select(PosterBoard).where(
        PosterBoard.slot_id == slot.id, PosterBoard.board_number == board_number,
        PosterBoard.submission_id != submission_id))
    if taken is not None:
        raise ProgramError(f"Board {board_number} is already taken.")
    board = db.session.scalar(sa.select(PosterBoard).where(PosterBoard.submission_id == submission_id))
    if board is None:
        board = PosterBoard(submission_id=submission_id)
        db.session.add(board)
    board.slot_id, board.board_number = slot.id, board_number
    db.session.flush()
    audit.record("program.poster_placed", event=event, actor=by, obj=board,
                 board=board_number)
    return board


def remove_poster(event, board: PosterBoard, *, by) -> None:
    audit.record("program.poster_removed", event=event, actor=by, obj=board, submission_id=board.submission_id)
    db.session.delete(board)
    db.session.flush()


# ---- releases and visibility ----------------------------------------------------------------

def draft_snapshot(event, *, version: int, comment: str = "", note: str = "") -> Snapshot:
    """What a release made now would publish."""
    snapshot = build.build_snapshot(
        event, version=version, released_at=utcnow(), comment=comment,
        slots=queries.list_slots(event), boards=queries.list_boards(event),
        works=queries.list_accepted(event), speakers=queries.list_speakers(event))
    return replace(snapshot, note=note) if note else snapshot


def pending_changes(event) -> list[Change]:
    """The changelog a release made now would carry."""
    latest = queries.latest_release(event)
    previous = released_snapshot(latest) if latest else None
    return changelog(previous, draft_snapshot(event, version=(latest.version + 1) if latest else 1))


def release_schedule(event, *, by, comment: str = "", note: str = "") -> ScheduleRelease:
    """Freeze the draft as the next numbered release; presenters of new/moved talks get mail.
    `note` is shown above the public schedule (the seed's "tentative" line) until a release
    without one."""
    latest = queries.latest_release(event)
    version = (latest.version + 1) if latest else 1
    snapshot = draft_snapshot(event, version=version, comment=comment, note=note.strip())
    changes = changelog(released_snapshot(latest) if latest else None, snapshot)
    release = ScheduleRelease(event_id=event.id, version=version, comment=comment,
                              snapshot=snapshot.to_dict(), changelog=[c.to_dict() for c in changes],
                              released_by_id=getattr(by, "id", None), released_at=snapshot.released_at)
    db.session.add(release)
    db.session.flush()
    pagecache.changed(event)
    audit.record("program.released", event=event, actor=by, obj=release, version=version,
                 changes=len(changes))
    _notify_presenters(event, release, changes)
    return release


def _notify_presenters(event, release: ScheduleRelease, changes: list[Change]) -> None:
    """One mail per author of each new or moved talk or poster (deduped per release)."""
    wanted = set(submissions_to_notify(changes))
    by_sid = {c.submission_id: c for c in changes if c.submission_id in wanted}
    for work in queries.list_accepted(event):
        change = by_sid.get(work.submission.id)
        if change is None:
            continue
        context = {"event_name": event.name, "title": change.title, "kind": change.kind,
                   "version": release.version, "room": change.new_room or "",
                   "when": format_local(change.new_start, event.timezone, "%A %B %-d, %H:%M")}
        enqueue("program/schedule_changed", event=event, submission=work.submission,
                to=[Recipient(a.email, a.name) for a in work.submission.authors], context=context,
                dedupe_key=f"program-release:{event.id}:{release.version}:sub:{work.submission.id}")


def set_program_public(event, public: bool, *, by) -> None:
    """Show or hide the whole public program (pages, feeds, the event page's schedule)."""
    event.program_public = public
    db.session.flush()
    pagecache.changed(event)
    audit.record("program.visibility", event=event, actor=by, public=public)
