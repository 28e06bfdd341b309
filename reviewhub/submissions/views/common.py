"""Helpers shared by the submissions views: upload limits, reading uploads, form filling."""

import uuid

from flask import abort, current_app, request

from reviewhub.submissions import core
from reviewhub.submissions.core import Upload
from reviewhub.submissions.forms import AUTHOR_ROWS, SubmissionEditForm
from reviewhub.submissions.services.files import MAX_MEDIA_FILES

MB = 1024 * 1024
FORM_OVERHEAD = 1 * MB  # the text fields of a form, generously


def slots_of(kind) -> list[core.Slot]:
    return core.file_slots(kind.allowed_kinds, kind.required_kinds, kind.allow_link)


def limit_body(kind) -> None:
    """Refuse (413) a body larger than this type's files can add up to, before it is read:
    Content-Length is checked now, and the parser stops a chunked body at the same limit."""
    per_file = kind.max_file_mb * MB
    files = sum(MAX_MEDIA_FILES if slot.multiple else 1 for slot in slots_of(kind))
    limit = min(per_file * max(files, 1) + _question_files(kind) + FORM_OVERHEAD,
                current_app.config["MAX_CONTENT_LENGTH"] or 1 << 62)
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        abort(413)


def _question_files(kind) -> int:
    """Room for the files the organizers' file questions take (reviewhub.questions)."""
    from reviewhub.questions import core, queries

    count = sum(q.kind == "file" for q in queries.questions_for_type(kind.event, kind))
    return count * core.FILE_MAX_MB * MB


def gate_upload(event, kind, *, in_time: bool) -> None:
    """Before an upload form's body is read (web.before_body): its size limit, and when the
    change arrived too late to be accepted, its files are dropped as they arrive (the form is
    still parsed, refused and shown back with what was typed)."""
    limit_body(kind)
    if not in_time:
        request.drop_uploads = True


def read_uploads(kind) -> tuple[list[Upload], dict[str, list[str]]]:
    """The uploaded files per slot, as the request streamed them into the upload folder
    (storage.UploadRequest); one larger than the type allows becomes an error next to its
    input."""
    per_file = kind.max_file_mb * MB
    uploads, errors = [], {}
    for slot in slots_of(kind):
        for item in request.files.getlist(f"file-{slot.purpose}"):
            if not item or not item.filename:
                continue
            if item.stream.size > per_file:
                errors.setdefault(slot.purpose, []).append(
                    f"{item.filename}: larger than {kind.max_file_mb} MB; choose a smaller file.")
                continue
            uploads.append(Upload(slot.purpose, item.filename, incoming=item.stream))
    return uploads, errors


def chunk_tokens(kind) -> dict[str, str]:
    """{slot purpose: token} of the finished chunked uploads the form names (`upload-<purpose>`,
    set by static/chunked-upload.js); a slot taking several files is sent as plain files."""
    tokens = {}
    for slot in slots_of(kind):
        token = request.form.get(f"upload-{slot.purpose}", "").strip()
        if token and not slot.multiple:
            tokens[slot.purpose] = token[:64]
    return tokens


def new_form(event, user) -> SubmissionEditForm:
    """A fresh form: the author in the first row as contact, a new client token."""
    form = SubmissionEditForm()
    set_choices(form, event)
    if not form.is_submitted():
        first = form.authors.entries[0].form
        first.name.data, first.email.data, first.affiliation.data = user.name, user.email, user.affiliation
        first.position.data = 1
        form.contact.data = "0"
        form.client_token.data = uuid.uuid4().hex
        pad_rows(form)
    return form


def edit_form(event, submission) -> SubmissionEditForm:
    form = SubmissionEditForm(obj=None if _posted() else submission)
    set_choices(form, event)
    if not form.is_submitted():
        while len(form.authors.entries) > 0:
            form.authors.pop_entry()
        for position, author in enumerate(submission.authors):
            form.authors.append_entry({"name": author.name, "email": author.email,
                                       "affiliation": author.affiliation, "position": position + 1})
            if author.is_contact:
                form.contact.data = str(position)
        form.topic_ids.data = [t.id for t in submission.topics]
        form.version.data = str(submission.version)
        pad_rows(form)
    return form


def _posted() -> bool:
    return request.method == "POST"


def pad_rows(form: SubmissionEditForm, extra: int = 0) -> None:
    """Blank author rows so a coauthor can be added without JavaScript."""
    while len(form.authors.entries) < AUTHOR_ROWS + extra and len(form.authors.entries) < form.authors.max_entries:
        form.authors.append_entry()
    set_contact_choices(form)


def set_choices(form: SubmissionEditForm, event) -> None:
    form.topic_ids.choices = [(t.id, t.name) for t in event.topics]
    set_contact_choices(form)


def set_contact_choices(form: SubmissionEditForm) -> None:
    form.contact.choices = [(str(i), f"Author {i + 1}") for i in range(len(form.authors.entries))]


def place_missing(form: SubmissionEditForm, parts) -> tuple[dict[str, list[str]], list[str]]:
    """Put each missing part's message beside its field or file slot (a refused submit).
    Returns the file slots' messages and the parts that belong to no one place."""
    file_errors: dict[str, list[str]] = {}
    elsewhere = []
    for part in parts:
        message = f"Add {part.text} before submitting."
        if part.field and part.field in form:
            form[part.field].errors = [*form[part.field].errors, message]
        elif part.purpose:
            file_errors.setdefault(part.purpose, []).append(message)
        else:
            elsewhere.append(part.text)
    return file_errors, elsewhere
