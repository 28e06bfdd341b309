"""Submission files: checked by content, page-counted, stored with their sha256, and the
(blinded) bytes a reader downloads."""

from dataclasses import dataclass
from datetime import datetime

from reviewhub import audit, storage
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions import core, pdftools
from reviewhub.submissions.core import Upload
from reviewhub.submissions.models import Submission, SubmissionFile, SubmissionState
from reviewhub.submissions.sniff import KIND_LABELS, looks_like_markup, sniff

# Pages a paper's PDF may have beyond the type's limit, for references and appendices.
REFERENCE_PAGES = 3
MAX_MEDIA_FILES = 10


def _slot(submission: Submission, purpose: str) -> core.Slot:
    kind = submission.type
    for slot in core.file_slots(kind.allowed_kinds, kind.required_kinds, kind.allow_link):
        if slot.purpose == purpose:
            return slot
    raise DomainError("This submission type does not take that file.")


def _checked_kind(submission: Submission, slot: core.Slot, upload: Upload):
    limit = submission.type.max_file_mb * 1024 * 1024
    if len(upload.data) > limit:
        raise DomainError(f"{upload.filename}: larger than {submission.type.max_file_mb} MB.")
    if not upload.data:
        raise DomainError(f"{upload.filename}: the file is empty.")
    found = sniff(upload.data)
    wanted = " or ".join(KIND_LABELS[k] for k in slot.kinds)
    if found is None and looks_like_markup(upload.data):
        raise DomainError(f"{upload.filename}: this is an HTML/SVG/XML document, not a {wanted}; "
                          "it is refused whatever its name says.")
    if found is None or found.kind not in slot.kinds:
        raise DomainError(f"{upload.filename}: judged by its content this is not a {wanted}.")
    return found


def _pdf_facts(submission: Submission, slot: core.Slot, upload: Upload) -> tuple[pdftools.PdfFacts, list[str]]:
    try:
        facts = pdftools.inspect(upload.data)
    except pdftools.UnreadablePdf as error:
        raise DomainError(f"{upload.filename}: {error}") from error
    warnings = []
    limit = submission.type.page_limit
    if slot.purpose == "main" and limit:
        if facts.page_count > limit + REFERENCE_PAGES:
            raise DomainError(f"{upload.filename}: {facts.page_count} pages; the limit is {limit} pages "
                              f"plus {REFERENCE_PAGES} pages of references.")
        if facts.page_count > limit:
            warnings.append(f"The PDF has {facts.page_count} pages: pages beyond {limit} must hold "
                            "only references and appendices.")
    if submission.event.double_blind:
        named = core.names_in_text([a.name for a in submission.authors], facts.first_page_text)
        if named:
            warnings.append("The review is double-blind, but the PDF's first page names "
                            + ", ".join(named) + ". Please upload an anonymised version.")
    return facts, warnings


def attach_file(submission: Submission, upload: Upload, *, by, now: datetime | None = None) -> list[str]:
    """Check and store one uploaded file; a single-file slot replaces its previous file.
    Raises DomainError (nothing stored) on a wrong kind, size or page count. Returns warnings."""
    slot = _slot(submission, upload.purpose)
    found = _checked_kind(submission, slot, upload)
    facts, warnings = (None, [])
    if found.kind == "pdf":
        facts, warnings = _pdf_facts(submission, slot, upload)
    existing = [f for f in submission.files if f.purpose == slot.purpose]
    if slot.multiple and len(existing) >= MAX_MEDIA_FILES:
        raise DomainError(f"At most {MAX_MEDIA_FILES} media files; remove one first.")
    stored = storage.save_bytes(upload.data, suffix="." + found.extension)
    if not slot.multiple:
        for old in existing:
            submission.files.remove(old)  # the stored bytes stay: the audit names their sha256
    row = SubmissionFile(
        purpose=slot.purpose, kind=found.kind, original_name=_clean_name(upload.filename, found.extension),
        content_type=found.content_type, size=stored.size, sha256=stored.sha256, storage_key=stored.key,
        page_count=facts.page_count if facts else None, extracted_text=facts.text if facts else "",
        uploaded_at=now or utcnow(),
    )
    submission.files.append(row)
    db.session.flush()
    audit.record("submissions.file_uploaded", event=submission.event, actor=by, obj=submission,
                 purpose=slot.purpose, kind=found.kind, sha256=stored.sha256, size=stored.size)
    return warnings


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
    data: bytes
    filename: str
    content_type: str


def file_for_download(submission: Submission, item: SubmissionFile, *, blind: bool) -> Download:
    """The bytes and name a reader gets. Blind readers (double-blind reviewers, the public) get
    a generic name (submission-12-paper.pdf) and, for PDFs, a copy without Author/Title/XMP."""
    data = storage.read_bytes(item.storage_key)
    extension = item.original_name.rsplit(".", 1)[-1].lower() if "." in item.original_name else "bin"
    if not blind:
        return Download(data, item.original_name, item.content_type)
    if item.kind == "pdf":
        try:
            data = pdftools.without_metadata(data)
        except pdftools.UnreadablePdf:
            pass  # only readable PDFs are stored; a damaged one is served as it is
    label = {"main": "paper", "media": "media", "statement": "statement"}.get(item.purpose, item.purpose)
    same_purpose = [f for f in submission.files if f.purpose == item.purpose]
    index = f"-{same_purpose.index(item) + 1}" if len(same_purpose) > 1 and item in same_purpose else ""
    safe_ext = "".join(c for c in extension if c.isalnum())[:8] or "bin"
    return Download(data, f"submission-{submission.number}-{label}{index}.{safe_ext}", item.content_type)
