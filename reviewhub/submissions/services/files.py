"""Submission files: checked by content, page-counted, stored with their sha256 (before any
row lock is taken) with their blind copy, their text extracted in a background job, and the
file (original or blind copy) a reader downloads."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app

from reviewhub import audit, jobs, storage
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions import core, pdftools
from reviewhub.submissions.core import Upload
from reviewhub.submissions.models import Submission, SubmissionFile, SubmissionState, SubmissionType
from reviewhub.submissions.services import blindcopy
from reviewhub.submissions.sniff import KIND_LABELS, Sniffed, looks_like_markup, sniff
from reviewhub.words import any_of, with_article

# Pages a paper's PDF may have beyond the type's limit, for references and appendices.
REFERENCE_PAGES = 3
MAX_MEDIA_FILES = 10


def _slot(kind: SubmissionType, purpose: str) -> core.Slot:
    for slot in core.file_slots(kind.allowed_kinds, kind.required_kinds, kind.allow_link):
        if slot.purpose == purpose:
            return slot
    raise DomainError("This submission type does not take that file.")


def _checked_kind(kind: SubmissionType, slot: core.Slot, filename: str, incoming: storage.IncomingFile):
    if incoming.size > kind.max_file_mb * 1024 * 1024:
        raise DomainError(f"{filename}: larger than {kind.max_file_mb} MB.")
    head = incoming.head(512)  # raises StorageFull when the upload could not be written
    if not head:
        raise DomainError(f"{filename}: the file is empty.")
    found = sniff(head)
    wanted = with_article(any_of([KIND_LABELS[k] for k in slot.kinds]))
    if found is None and looks_like_markup(head):
        raise DomainError(f"{filename}: this is an HTML/SVG/XML document, not {wanted}; "
                          "it is refused whatever its name says.")
    if found is None or found.kind not in slot.kinds:
        raise DomainError(f"{filename}: judged by its content this is not {wanted}.")
    return found


def legacy_path() -> bool:
    """REVIEWHUB_UPLOAD_PATH=legacy: the upload path as it was before issue 22 (the PDF parsed
    again for its text in a job run after the commit), kept so bench/rush.py can measure both
    side by side in one run."""
    return current_app.config.get("UPLOAD_PATH") == "legacy"


def text_in_request() -> bool:
    """Whether a PDF's whole text is taken from the parse the request's check already made.
    Without a queue the text job would run in this same request right after the commit: it
    re-opened and re-parsed the file, and cost a job row, its claim and finish commits and a
    second outbox pass. With a queue, the request stays short and a worker extracts it."""
    return not legacy_path() and not jobs.uses_queue()


def _pdf_check(kind: SubmissionType, slot: core.Slot, filename: str, reader, *,
               double_blind: bool, author_names: list[str]) -> tuple[pdftools.PdfFacts, list[str]]:
    """The checks a request can afford: readable, page count, names on the first page; the
    whole text too when the request would extract it anyway (text_in_request), from the
    same parse. (Otherwise it is extracted later, by `extract_texts` in a job.)"""
    try:
        facts = pdftools.facts_of(reader, text_pages=pdftools.TEXT_PAGES if text_in_request() else 1)
    except pdftools.UnreadablePdf as error:
        raise DomainError(f"{filename}: {error}") from error
    warnings = []
    limit = kind.page_limit
    if slot.purpose == "main" and limit:
        if facts.page_count > limit + REFERENCE_PAGES:
            raise DomainError(f"{filename}: {facts.page_count} pages; the limit is {limit} pages "
                              f"plus {REFERENCE_PAGES} pages of references.")
        if facts.page_count > limit:
            warnings.append(f"The PDF has {facts.page_count} pages: pages beyond {limit} must hold "
                            "only references and appendices.")
    if double_blind:
        named = core.names_in_text(author_names, facts.first_page_text)
        if named:
            warnings.append("The review is double-blind, but the PDF's first page names "
                            + ", ".join(named) + ". Please upload an anonymised version.")
    return facts, warnings


@dataclass(frozen=True)
class PreparedFile:
    """An upload that passed its checks and is stored durably (with its blind copy in a
    double-blind event), not yet on any row."""

    slot: core.Slot
    found: Sniffed
    stored: storage.StoredFile
    original_name: str
    page_count: int | None
    warnings: list[str]
    blind: blindcopy.BlindCopy = blindcopy.NO_COPY
    text: str | None = None  # a PDF's whole text when the request's parse took it (text_in_request)


def _checked_and_blinded(kind, slot, upload: Upload, incoming, *, double_blind: bool, author_names: list[str]):
    """Check the upload and, in a double-blind event, make its blind copy: a PDF is parsed
    once for both (the reader the check opened writes the copy)."""
    found = _checked_kind(kind, slot, upload.filename, incoming)
    if found.kind != "pdf":
        if not double_blind:
            return found, None, [], blindcopy.NO_COPY
        if blindcopy.deferred(found, incoming.size):
            return found, None, [], blindcopy.PENDING_COPY  # made by the upload's job (files_job)
        return found, None, [], blindcopy.make(found, incoming.path)
    with open(incoming.path, "rb") as handle:
        try:
            reader = pdftools.open_reader(handle)
        except pdftools.UnreadablePdf as error:
            raise DomainError(f"{upload.filename}: {error}") from error
        facts, warnings = _pdf_check(kind, slot, upload.filename, reader, double_blind=double_blind,
                                     author_names=author_names)
        blind = blindcopy.make(found, incoming.path, pdf_reader=reader) if double_blind else blindcopy.NO_COPY
    return found, facts, warnings, blind


def prepare_file(kind: SubmissionType, upload: Upload, *, double_blind: bool,
                 author_names: list[str]) -> PreparedFile:
    """Check an upload by content, size and pages, make its blind copy (double-blind events)
    and store it (fsync + rename of the bytes the request already wrote: no copy). Touches no
    row, so it runs before any lock is taken. Raises DomainError (nothing kept) on a wrong
    kind, size or page count, StorageFull when the disk is full. The caller discards the
    prepared file (discard_prepared) if its save fails later."""
    slot = _slot(kind, upload.purpose)
    incoming = upload.incoming or storage.incoming_from_bytes(upload.data)
    blind = blindcopy.NO_COPY
    try:
        found, facts, warnings, blind = _checked_and_blinded(
            kind, slot, upload, incoming, double_blind=double_blind, author_names=author_names)
        stored = incoming.keep(suffix="." + found.extension)
    except BaseException:
        blindcopy.discard(blind)
        raise
    finally:
        if upload.incoming is None:
            incoming.close()  # deletes it unless kept
    name = _clean_name(upload.filename, found.extension)
    message = blindcopy.author_message(name, found, blind) if double_blind else None
    return PreparedFile(slot, found, stored, name, facts.page_count if facts else None,
                        warnings + ([message] if message else []), blind,
                        text=facts.text if facts and text_in_request() else None)


def discard_prepared(prepared: PreparedFile) -> None:
    """Delete the stored bytes (and blind copy) of a prepared file whose save failed."""
    storage.delete(prepared.stored.key)
    blindcopy.discard(prepared.blind)


def attach_prepared(submission: Submission, prepared: PreparedFile, *, by, now: datetime | None = None) -> list[str]:
    """Add a stored file to the submission; a single-file slot replaces its previous file.
    Flushes and audits; returns the file's warnings."""
    slot = prepared.slot
    existing = [f for f in submission.files if f.purpose == slot.purpose]
    if slot.multiple and len(existing) >= MAX_MEDIA_FILES:
        raise DomainError(f"At most {MAX_MEDIA_FILES} media files; remove one first.")
    if not slot.multiple:
        for old in existing:
            submission.files.remove(old)  # the stored bytes stay: the audit names their sha256
    stored, found = prepared.stored, prepared.found
    submission.files.append(SubmissionFile(
        purpose=slot.purpose, kind=found.kind, original_name=prepared.original_name,
        content_type=found.content_type, size=stored.size, sha256=stored.sha256, storage_key=stored.key,
        page_count=prepared.page_count, extracted_text=prepared.text or "", uploaded_at=now or utcnow(),
    ))
    blindcopy.apply(submission.files[-1], prepared.blind)
    db.session.flush()
    audit.record("submissions.file_uploaded", event=submission.event, actor=by, obj=submission,
                 purpose=slot.purpose, kind=found.kind, sha256=stored.sha256, size=stored.size,
                 blind_state=prepared.blind.state, blind_removed=list(prepared.blind.removed))
    return prepared.warnings


def attach_file(submission: Submission, upload: Upload, *, by, now: datetime | None = None) -> list[str]:
    """Check, store and add one file (prepare_file, then attach_prepared); its text comes
    later (`extract_texts`). Raises DomainError, nothing kept, on a refused file."""
    prepared = prepare_file(submission.type, upload, double_blind=submission.event.double_blind,
                            author_names=[a.name for a in submission.authors])
    try:
        return attach_prepared(submission, prepared, by=by, now=now)
    except DomainError:
        discard_prepared(prepared)
        raise


TEXT_JOB = "reviewhub.submissions.services.files:extract_texts_job"


def needs_job(prepared: list[PreparedFile]) -> bool:
    """Whether a save's files leave work for the background job: PDF text (unless the request
    took it), deferred copies."""
    return any(p.found.kind == "pdf" and p.text is None or p.blind.state == "pending" for p in prepared)


def extract_texts(submission: Submission) -> int:
    """Fill in the extracted text of the submission's PDFs that have none yet (readers of
    `extracted_text` skip a file until then). Flushes; returns how many files got text."""
    done = 0
    for item in submission.files:
        if item.kind != "pdf" or item.extracted_text:
            continue
        try:
            with open(storage.path_for(item.storage_key), "rb") as handle:
                item.extracted_text = pdftools.inspect(handle).text
        except (OSError, pdftools.UnreadablePdf):
            continue  # checked readable when stored; a vanished or damaged file keeps no text
        done += 1
    db.session.flush()
    return done


def queue_text_extraction(submission: Submission, *, by) -> jobs.Job:
    """The background job that extracts the texts and makes the deferred blind copies (call
    jobs.start after the commit). Flushes."""
    return jobs.create(TEXT_JOB, title="Text and reviewers' copies of a submission's files",
                       event=submission.event, by=by, submission_id=submission.id)


def extract_texts_job(job: jobs.Job, *, submission_id: int) -> dict:
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        return {"files": 0, "blind_copies": 0}
    copies = sum(blindcopy.finish_pending(item) for item in submission.files)
    db.session.flush()
    return {"files": extract_texts(submission), "blind_copies": copies}


def _clean_name(name: str, extension: str) -> str:
    """The author's file name for the author's own eyes, without path parts or controls."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '"<>')[:200].strip() or "upload"
    return base if base.lower().endswith("." + extension) else f"{base}.{extension}"


def remove_file(submission: Submission, item: SubmissionFile, *, by, expected_version: int,
                now: datetime | None = None) -> None:
    """Remove a file before the deadline (the form's version guards against a stale page)."""
    from reviewhub.submissions.services.lifecycle import _bump, _require_open, _stale, deadline_of

    now = now or utcnow()
    if submission.status == SubmissionState.withdrawn:
        raise DomainError("A withdrawn submission cannot be changed.")
    _require_open(submission.event, deadline_of(submission), now)
    if expected_version != submission.version:
        raise _stale(submission, expected_version)
    if item.submission_id != submission.id:
        raise DomainError("No such file.")
    _bump(submission, now)
    submission.files.remove(item)
    db.session.flush()
    audit.record("submissions.file_removed", event=submission.event, actor=by, obj=submission,
                 purpose=item.purpose, sha256=item.sha256)


@dataclass(frozen=True)
class Download:
    """What a reader gets: a stored file's path, or bytes made for this request."""

    source: Path | bytes
    filename: str


def file_for_download(submission: Submission, item: SubmissionFile, *, blind: bool) -> Download:
    """The file and name a reader gets. Blind readers (double-blind reviewers) get a generic
    name (submission-12-paper.pdf) and the blind copy (blindcopy.blind_source: without
    identifying metadata or active content); FileWithheld when there is none."""
    if not blind:
        return Download(storage.path_for(item.storage_key), item.original_name)
    source = blindcopy.blind_source(item)
    extension = item.original_name.rsplit(".", 1)[-1].lower() if "." in item.original_name else "bin"
    label = {"main": "paper", "media": "media", "statement": "statement"}.get(item.purpose, item.purpose)
    same_purpose = [f for f in submission.files if f.purpose == item.purpose]
    index = f"-{same_purpose.index(item) + 1}" if len(same_purpose) > 1 and item in same_purpose else ""
    safe_ext = "".join(c for c in extension if c.isalnum())[:8] or "bin"
    return Download(source, f"submission-{submission.number}-{label}{index}.{safe_ext}")
