"""The blind copy of an upload (submissions.blinding): made once, as the upload is stored in a
double-blind event; what the author is told; and which bytes a blind reader gets. A blind
reader never gets a file that was not cleaned: one that could not be is withheld."""

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from reviewhub import storage
from reviewhub.errors import DomainError
from reviewhub.submissions import blinding
from reviewhub.submissions.models import BlindState, SubmissionFile
from reviewhub.submissions.sniff import Sniffed, sniff

WITHHELD = ("This file could not be anonymised, so reviewers cannot open it; the authors were "
            "told when they uploaded it and the organizers see it flagged on the submission.")
PENDING = "This file is still being anonymised for reviewers; try again in a minute."


class FileWithheld(DomainError):
    """A blind reader asked for a file that has no clean copy (yet)."""

    status_code = 409


@dataclass(frozen=True)
class BlindCopy:
    key: str | None
    state: str | None
    removed: tuple[str, ...] = ()
    problem: str = ""


NO_COPY = BlindCopy(None, None)
PENDING_COPY = BlindCopy(None, BlindState.pending)
# Types whose copy is an ffmpeg remux: above BLIND_INLINE_MAX_MB they are cleaned in the
# upload's background job (a 50 MB video costs ~0.7 s of a deadline-rush request otherwise).
REMUXED = {"video/mp4", "video/quicktime", "video/webm", "audio/mp4"}


def deferred(found: Sniffed, size: int) -> bool:
    """Whether this upload's copy is made in the background job rather than in the request."""
    limit = current_app.config.get("BLIND_INLINE_MAX_MB", 8)
    return found.content_type in REMUXED and size > limit * 1024 * 1024


def make(found: Sniffed, source: Path, *, pdf_reader=None) -> BlindCopy:
    """Clean `source` (already checked to be `found`) into a new stored file. A file that
    cannot be cleaned gives a failed copy with the reason; kinds without a cleaner (ZIP) none."""
    if not blinding.handles(found.content_type):
        return NO_COPY
    target = storage.reserve()
    try:
        result = blinding.blind_copy(found.content_type, source, target, pdf_reader=pdf_reader)
    except blinding.CannotBlind as error:
        target.unlink(missing_ok=True)
        return BlindCopy(None, BlindState.failed, (), str(error)[:500])
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return BlindCopy(storage.keep_path(target, suffix="." + found.extension), BlindState.clean, result.removed)


def apply(item: SubmissionFile, copy: BlindCopy) -> None:
    item.blind_key, item.blind_state = copy.key, copy.state
    item.blind_removed, item.blind_problem = list(copy.removed), copy.problem


def author_message(filename: str, found: Sniffed, copy: BlindCopy) -> str | None:
    """What the author is told at upload about the reviewers' copy, if anything."""
    if copy.state == BlindState.pending:
        return (f"{filename}: the copy reviewers get is being made without the file's metadata; the "
                "submission's page shows what it lost, or a flag if it cannot be made.")
    if copy.state == BlindState.failed:
        return (f"{filename}: this file could not be anonymised for the reviewers ({copy.problem}). "
                "Reviewers cannot open it until you replace it with a file that can be; the "
                "organizers see this too.")
    if copy.removed:
        return (f"{filename}: the copy reviewers get has no " + "; ".join(copy.removed)
                + ". Your original stays as it is for you and the organizers.")
    if found.kind == "zip":
        return (f"{filename}: reviewers get ZIP archives as they are; make sure no file inside "
                "names you (document properties, paths, git history).")
    return None


def blind_source(item: SubmissionFile) -> Path | bytes:
    """The clean copy for a blind reader: its path, or (for a file stored before blind copies
    were made, or in an event that became double-blind) its bytes cleaned now. Raises
    FileWithheld when there is no clean copy."""
    if item.blind_state == BlindState.clean:
        return storage.path_for(item.blind_key)
    if item.blind_state == BlindState.failed:
        raise FileWithheld(WITHHELD)
    if item.blind_state == BlindState.pending:
        raise FileWithheld(PENDING)
    original = storage.path_for(item.storage_key)
    with open(original, "rb") as handle:
        found = sniff(handle.read(16))
    if found is not None and found.kind == "zip":
        return original  # no cleaner: the author was told so at upload
    if found is None or not blinding.handles(found.content_type):
        raise FileWithheld(WITHHELD)
    target = storage.reserve()
    try:
        blinding.blind_copy(found.content_type, original, target)
        return target.read_bytes()
    except blinding.CannotBlind as error:
        raise FileWithheld(WITHHELD) from error
    finally:
        target.unlink(missing_ok=True)


def finish_pending(item: SubmissionFile) -> bool:
    """Make the copy of a file left pending at upload (the background job). Returns whether
    one was pending."""
    if item.blind_state != BlindState.pending:
        return False
    original = storage.path_for(item.storage_key)
    with open(original, "rb") as handle:
        found = sniff(handle.read(16))
    if found is None:
        apply(item, BlindCopy(None, BlindState.failed, (), "its content is of no known kind"))
    else:
        apply(item, make(found, original))
    return True


def discard(copy: BlindCopy) -> None:
    """Delete a blind copy whose upload was not kept."""
    if copy.key:
        storage.delete(copy.key)
