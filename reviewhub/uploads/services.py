"""Chunked uploads: start (judged against the deadline without grace), append a chunk at the
offset the server holds (judged with the grace), finish (hashed once, made durable), take
into a save, sweep when abandoned. The server's clock decides, as for the plain form."""

import hashlib
import os
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from reviewhub import storage
from reviewhub.errors import DeadlinePassed, DomainError
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions import core
from reviewhub.submissions.core import Upload
from reviewhub.submissions.models import Submission, SubmissionType
from reviewhub.submissions.services import lifecycle
from reviewhub.uploads.models import ChunkedUpload

STEP = 1024 * 1024  # a chunk is written 1 MiB at a time as it arrives


class WrongOffset(DomainError):
    """A chunk that does not start where the received bytes end; `offset` says where."""

    status_code = 409

    def __init__(self, offset: int):
        super().__init__(f"The upload holds {offset} bytes: send the chunk that starts there.")
        self.offset = offset


class TooLarge(DomainError):
    status_code = 413


def chunk_bytes() -> int:
    return int(current_app.config.get("UPLOAD_CHUNK_BYTES") or 4 * STEP)


def _deadline(event, kind: SubmissionType, submission: Submission | None):
    return lifecycle.deadline_of(submission) if submission else lifecycle.type_deadline(event, kind)


def start(event, kind: SubmissionType, *, by, purpose: str, filename: str, size: int,
          submission: Submission | None = None, now: datetime | None = None) -> ChunkedUpload:
    """A new, empty upload. Refused after the deadline (no grace: the grace is for uploads
    that started in time), for a slot the type does not have, or a size it does not take."""
    now = now or utcnow()
    if not core.is_open(_deadline(event, kind, submission), now) or submission is None and not (
            event.cfp_open and core.is_open(event.abstract_deadline_at, now)):
        raise DeadlinePassed("The deadline passed: an upload can no longer be started; nothing was saved.")
    if not any(slot.purpose == purpose for slot in core.file_slots(kind.allowed_kinds, kind.required_kinds,
                                                                   kind.allow_link)):
        raise DomainError("This submission type does not take that file.")
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
    if not name:
        raise DomainError("The file has no name.")
    if size <= 0:
        raise DomainError(f"{name}: the file is empty.")
    if size > kind.max_file_mb * 1024 * 1024:
        raise TooLarge(f"{name}: larger than {kind.max_file_mb} MB; choose a smaller file.")
    path = storage.reserve()
    path.touch(exist_ok=False)
    upload = ChunkedUpload(token=secrets.token_hex(16), event_id=event.id, user_id=by.id, type_id=kind.id,
                           submission_id=getattr(submission, "id", None), purpose=purpose, filename=name,
                           size=size, received=0, part_key=path.name, started_at=now, updated_at=now)
    db.session.add(upload)
    db.session.flush()
    return upload


def append(upload: ChunkedUpload, stream, *, offset: int, length: int | None, now: datetime | None = None) -> None:
    """Write the chunk `stream` holds at `offset`, which must be what the upload has received.
    Judged at arrival with the event's grace. Flushes; the last chunk finishes the upload."""
    now = now or utcnow()
    event, kind = upload_event(upload), db.session.get(SubmissionType, upload.type_id)
    submission = db.session.get(Submission, upload.submission_id) if upload.submission_id else None
    if not lifecycle.open_at(event, _deadline(event, kind, submission), now):
        raise DeadlinePassed("The deadline passed (and its grace period); the upload was not finished.")
    if upload.complete:
        raise WrongOffset(upload.received)
    if offset != upload.received:
        raise WrongOffset(upload.received)
    if length is not None and offset + length > upload.size:
        raise TooLarge(f"The chunk goes past the file's declared size ({upload.size} bytes).")
    path = storage.path_for(upload.part_key)
    written = offset
    try:
        with open(path, "r+b") as part:
            part.seek(offset)
            while chunk := stream.read(STEP):
                if written + len(chunk) > upload.size:
                    raise TooLarge(f"The chunk goes past the file's declared size ({upload.size} bytes).")
                part.write(chunk)
                written += len(chunk)
            part.truncate(written)  # a chunk cut short by a dropped connection keeps what arrived
            if written == upload.size:
                part.flush()
                os.fsync(part.fileno())
    except OSError as error:
        raise storage.StorageFull() from error
    upload.received, upload.updated_at = written, now
    if upload.complete:
        upload.sha256, upload.completed_at = _sha256(path), now
    db.session.flush()


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(STEP):
            digest.update(block)
    return digest.hexdigest()


def upload_event(upload: ChunkedUpload):
    from reviewhub.events.models import Event

    return db.session.get(Event, upload.event_id)


def find(token: str, *, lock: bool = False) -> ChunkedUpload | None:
    """The upload of a token; `lock`: its row locked, so two chunks sent at once are appended
    one after the other (the second then finds its offset taken: 409)."""
    if not token:
        return None
    query = sa.select(ChunkedUpload).where(ChunkedUpload.token == token)
    return db.session.scalar(query.with_for_update() if lock else query)


def finished_uploads(tokens: dict[str, str], *, by, event, kind: SubmissionType,
                     submission: Submission | None) -> tuple[list[Upload], list[ChunkedUpload], dict[str, list[str]]]:
    """The finished chunked uploads a form names ({slot purpose: token}) as the save's
    Uploads: only the user's own, for this event, type and submission, complete. Returns the
    uploads, their rows (to delete after the commit: `consumed`) and the errors by slot."""
    uploads, rows, errors = [], [], {}
    for purpose, token in tokens.items():
        row = find(token)
        if (row is None or row.user_id != by.id or row.event_id != event.id or row.type_id != kind.id
                or row.purpose != purpose or row.submission_id != getattr(submission, "id", None)):
            errors.setdefault(purpose, []).append("The uploaded file was not found; choose it again.")
            continue
        if not row.complete:
            errors.setdefault(purpose, []).append(f"{row.filename}: the upload did not finish; choose it again.")
            continue
        incoming = storage.adopt(storage.path_for(row.part_key), size=row.size, sha256=row.sha256)
        uploads.append(Upload(purpose, row.filename, incoming=incoming))
        rows.append(row)
    return uploads, rows, errors


def consumed(rows: list[ChunkedUpload]) -> None:
    """After the save that took them committed: their part files and rows go (the stored file
    is a hard link of its own). Commits."""
    for row in rows:
        storage.delete(row.part_key)
        db.session.delete(row)
    db.session.commit()


def sweep(*, older_than: timedelta, dry_run: bool = False, now: datetime | None = None) -> list[ChunkedUpload]:
    """Uploads nobody has added to for `older_than` (abandoned, or finished and never
    submitted): their rows and part files are deleted, like a refused save's files. Flushes."""
    cutoff = (now or utcnow()) - older_than
    stale = list(db.session.scalars(sa.select(ChunkedUpload).where(ChunkedUpload.updated_at < cutoff)))
    if not dry_run:
        for row in stale:
            storage.delete(row.part_key)
            db.session.delete(row)
        db.session.flush()
    return stale
