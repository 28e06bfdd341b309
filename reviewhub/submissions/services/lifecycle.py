"""One function per transition of a submission: create_draft, update, submit, withdraw,
extend_deadline (and `save`, which runs an author's form through them)."""

from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from reviewhub import audit, pagecache, storage
from reviewhub.audit import AuditLog
from reviewhub.errors import DeadlinePassed, DomainError, InvalidTransition, NotAllowed, StaleEdit
from reviewhub.events.models import Event, Topic
from reviewhub.extensions import db
from reviewhub.jobs import Job
from reviewhub.models_base import utcnow
from reviewhub.submissions import core
from reviewhub.submissions.core import SubmissionData, Upload
from reviewhub.submissions.models import (
    ALLOWED_TRANSITIONS,
    AIUse,
    Authorship,
    Submission,
    SubmissionState,
    SubmissionType,
)
from reviewhub.timeutil import format_local
from reviewhub.words import in_sentence, plural

PRESENTATIONS = ("talk", "poster", "either")


def type_deadline(event, kind: SubmissionType) -> datetime | None:
    return core.effective_deadline(event.submission_deadline_at, kind.deadline_at, None)


def deadline_of(submission: Submission) -> datetime | None:
    """The instant after which this submission can no longer change."""
    return core.effective_deadline(submission.event.submission_deadline_at,
                                   submission.type.deadline_at, submission.deadline_extension_at)


def open_at(event, deadline: datetime | None, now: datetime) -> bool:
    """Whether a change arriving at `now` is in time for `deadline`, with the event's grace."""
    return core.is_open(deadline, now, timedelta(minutes=event.submission_grace_minutes or 0))


def can_create_at(event, kind: SubmissionType, now: datetime) -> bool:
    """Whether a new submission of this type arriving at `now` can be accepted: the call is
    open, abstract registration (if the event has it) has not closed, nor the type's deadline."""
    return (event.cfp_open and open_at(event, event.abstract_deadline_at, now)
            and open_at(event, type_deadline(event, kind), now))


def _require_open(event, deadline: datetime | None, now: datetime) -> None:
    """Refused after the deadline and the event's grace period (the message names only the
    deadline: the grace is for uploads that started in time, not a later deadline)."""
    if not open_at(event, deadline, now):
        raise DeadlinePassed(
            f"The deadline passed ({format_local(deadline, event.timezone)}); nothing was saved."
        )


def _require_transition(submission: Submission, target: SubmissionState) -> None:
    if target not in ALLOWED_TRANSITIONS[SubmissionState(submission.status)]:
        raise InvalidTransition(f"A {submission.status} submission cannot become {target}.")


def snapshot(submission: Submission) -> dict:
    """The author-visible fields as plain data: kept in the audit log per version so a stale
    save can show what changed since the version the user loaded."""
    return {
        "type": submission.type.name, "title": submission.title, "abstract_md": submission.abstract_md,
        "keywords": submission.keywords, "topics": [t.name for t in submission.topics],
        "authors": [f"{a.name} <{a.email}> {a.affiliation}{' (contact)' if a.is_contact else ''}".strip()
                    for a in submission.authors],
        "artist_statement": submission.artist_statement, "link_url": submission.link_url,
        "ai_use": submission.ai_use, "ai_use_details": submission.ai_use_details,
        "presentation_preference": submission.presentation_preference,
        "consent_to_publish": submission.consent_to_publish,
        "files": [f"{f.purpose}: {f.original_name} ({f.sha256[:12]})" for f in submission.files],
    }


def _check(event, kind: SubmissionType, data: SubmissionData, by) -> list[Topic]:
    """Rules that need the event and type (the form checked the shapes)."""
    if kind.event_id != event.id:
        raise NotAllowed("This submission type belongs to another event.")
    if not data.title.strip():
        raise DomainError("Give the submission a title.")
    if not data.authors:
        raise DomainError("List at least one author.")
    if sum(1 for a in data.authors if a.is_contact) != 1:
        raise DomainError("Mark exactly one author as the contact author.")
    emails = [a.email.strip().lower() for a in data.authors]
    if len(set(emails)) != len(emails):
        raise DomainError("Each author needs a different email address.")
    if by is not None and getattr(by, "email", "").lower() not in emails and not getattr(by, "is_admin", False):
        raise DomainError("Your own email address must stay on the author list.")
    if data.ai_use not in set(AIUse):
        raise DomainError("Choose how AI was used.")
    if data.ai_use != AIUse.none and not data.ai_use_details.strip():
        raise DomainError("Say which AI tools were used and how.")
    if data.presentation_preference not in PRESENTATIONS:
        raise DomainError("Choose talk, poster or either.")
    if data.link_url and not kind.allow_link:
        raise DomainError("This type does not take a link.")
    topics = {t.id: t for t in event.topics}
    if set(data.topic_ids) - set(topics):
        raise DomainError("Choose topics of this event.")
    return [topics[i] for i in sorted(set(data.topic_ids), key=lambda i: topics[i].position)]


def _apply(submission: Submission, data: SubmissionData, topics: list[Topic], by=None) -> None:
    for name in ("abstract_md", "keywords", "artist_statement", "link_url", "ai_use",
                 "ai_use_details", "presentation_preference", "consent_to_publish"):
        value = getattr(data, name)
        setattr(submission, name, value.strip() if isinstance(value, str) else value)
    submission.title = data.title.strip()
    submission.topics = topics
    linked = {a.email.lower(): a.user_id for a in submission.authors}
    if getattr(by, "email_confirmed_at", None):
        linked[by.email.lower()] = by.id  # the editor's own row belongs to their account
    submission.authors.clear()
    db.session.flush()  # delete the old rows before the new ones take their places
    for position, author in enumerate(data.authors):
        email = author.email.strip()
        submission.authors.append(Authorship(
            position=position, name=author.name.strip(), email=email,
            affiliation=author.affiliation.strip(), is_contact=author.is_contact,
            user_id=linked.get(email.lower()),
        ))


def _by_token(event, token: str | None) -> Submission | None:
    if not token:
        return None
    return db.session.scalar(sa.select(Submission).where(
        Submission.event_id == event.id, Submission.client_token == token))


def _insert_unnumbered(event, kind: SubmissionType, *, by, token: str | None, now: datetime) -> Submission:
    """Insert a new submission, its number still to come (`_number`). A concurrent request
    with the same client token makes the unique constraint fail: _SameToken."""
    if db.session.get_bind().dialect.name == "sqlite":
        # pysqlite opens the transaction lazily at the first write: without one, the savepoint
        # below would itself be the transaction and its RELEASE would commit. SQLite has a
        # single writer anyway, so taking the write lock first costs no concurrency.
        db.session.execute(sa.update(Event).where(Event.id == event.id).values(id=Event.id)
                           .execution_options(synchronize_session=False))
    submission = Submission(event_id=event.id, number=None, type_id=kind.id, title="", client_token=token,
                            created_by_id=getattr(by, "id", None), created_at=now, updated_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(submission)
    except IntegrityError:
        if _by_token(event, token) is not None:
            raise _SameToken() from None
        raise
    return submission


def _number(event, submission: Submission) -> None:
    """Give a new submission the next number of its event: the last write of its save.
    Numbers are handed out one at a time per event (PostgreSQL: the event row's lock; SQLite
    has one writer anyway) and that lock lasts until the commit, so everything else a save
    does (authors, files, conflicts) happens before it, concurrently with other saves. Under
    a deadline rush, numbering first made every save wait for the whole of the previous one."""
    if db.session.get_bind().dialect.name != "sqlite":
        # FOR NO KEY UPDATE: FOR UPDATE would deadlock with the key-share lock that this
        # save's own rows (submission, audit, jobs) already hold on the event row.
        db.session.execute(sa.select(Event.id).where(Event.id == event.id).with_for_update(key_share=True))
    submission.number = (db.session.scalar(sa.select(sa.func.max(Submission.number))
                                           .where(Submission.event_id == event.id)) or 0) + 1
    db.session.flush()


class _SameToken(Exception):
    """A retried create whose first attempt has just landed."""


def _require_can_create(event, kind: SubmissionType, now: datetime) -> None:
    if not event.cfp_open:
        raise NotAllowed("The call for submissions is closed.")
    if not open_at(event, event.abstract_deadline_at, now):
        # HotCRP's registration deadline: it stops new submissions only; those registered in
        # time are completed until the (full paper) submission deadline.
        raise DeadlinePassed(
            f"Abstract registration closed ({format_local(event.abstract_deadline_at, event.timezone)}):"
            " new submissions are no longer accepted; nothing was saved. Submissions registered"
            " before it can still be completed until the submission deadline."
        )
    _require_open(event, type_deadline(event, kind), now)


def _create_unnumbered(event, kind: SubmissionType, *, by, data: SubmissionData, client_token: str | None,
                       now: datetime) -> tuple[Submission, bool]:
    existing = _by_token(event, client_token)
    if existing is not None:
        return existing, False
    _require_can_create(event, kind, now)
    topics = _check(event, kind, data, by)
    try:
        submission = _insert_unnumbered(event, kind, by=by, token=client_token, now=now)
    except _SameToken:
        return _by_token(event, client_token), False
    db.session.refresh(submission)
    _apply(submission, data, topics, by)
    db.session.flush()
    return submission, True


def _record_created(submission: Submission, by) -> None:
    audit.record("submissions.created", event=submission.event, actor=by, obj=submission,
                 number=submission.number, version=submission.version, snapshot=snapshot(submission))


def create_draft(event, kind: SubmissionType, *, by, data: SubmissionData, client_token: str | None = None,
                 now: datetime | None = None) -> tuple[Submission, bool]:
    """A new draft numbered sequentially in the event. The same client token (a double click,
    a retried request) returns the existing submission instead: (submission, created)."""
    submission, created = _create_unnumbered(event, kind, by=by, data=data, client_token=client_token,
                                             now=now or utcnow())
    if created:
        _number(event, submission)
        _record_created(submission, by)
    return submission, created


def _stale(submission: Submission, expected_version: int) -> StaleEdit:
    rows = db.session.scalars(sa.select(AuditLog).where(
        AuditLog.object_type == "Submission", AuditLog.object_id == submission.id,
        AuditLog.action.in_(("submissions.created", "submissions.updated"))).order_by(AuditLog.id))
    before = next((r.details.get("snapshot") for r in rows if r.details.get("version") == expected_version), None)
    changed = core.changes(before or {}, snapshot(submission)) if before else []
    return StaleEdit(
        "Someone else saved this submission while you were editing it (now version "
        f"{submission.version}). Your input is kept below; check the changes and save again.",
        {"changes": changed, "version": submission.version},
    )


def update(submission: Submission, *, by, data: SubmissionData, expected_version: int,
           now: datetime | None = None) -> Submission:
    """Change the fields before the deadline; refused when someone saved since the version the
    user loaded (optimistic locking). Bumps the version. Flushes."""
    now = now or utcnow()
    if submission.status == SubmissionState.withdrawn:
        raise InvalidTransition("A withdrawn submission cannot be changed.")
    _require_open(submission.event, deadline_of(submission), now)
    if expected_version != submission.version:
        raise _stale(submission, expected_version)
    topics = _check(submission.event, submission.type, data, by)
    _bump(submission, now)
    _apply(submission, data, topics, by)
    db.session.flush()
    return submission


def _bump(submission: Submission, now: datetime) -> None:
    """Claim the next version with a conditional UPDATE: of two concurrent saves of the same
    version, the second matches no row (PostgreSQL re-checks after the first commits)."""
    old = submission.version
    claimed = db.session.execute(
        sa.update(Submission).where(Submission.id == submission.id, Submission.version == old)
        .values(version=old + 1, updated_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise StaleEdit("Someone else saved this submission at the same moment; save again.", {})
    set_committed_value(submission, "version", old + 1)
    set_committed_value(submission, "updated_at", now)


def _record_saved(submission: Submission, by) -> None:
    audit.record("submissions.updated", event=submission.event, actor=by, obj=submission,
                 version=submission.version, snapshot=snapshot(submission))


def save(event, *, by, data: SubmissionData, kind: SubmissionType | None = None,
         submission: Submission | None = None, expected_version: int | None = None,
         uploads: list[Upload] = (), client_token: str | None = None, submit_now: bool = False,
         now: datetime | None = None, refused_files: dict[str, list[str]] | None = None,
         ) -> tuple[Submission, list[str], Job | None]:
    """An author's form: create or update, attach the uploaded files, and submit when asked.
    The files are checked and stored first, before the numbering lock of a new submission is
    taken, so concurrent submits wait on each other only for their inserts. Raises before
    anything is kept (the view rolls back; stored files of a refused save are deleted).
    Every upload is checked even after one is refused, so FilesRefused names each refused
    file by its slot, with those the caller refused already (`refused_files`, e.g. too big).
    Returns (submission, warnings, the text-extraction job to start after the commit)."""
    from reviewhub.submissions.services.files import discard_prepared, prepare_file

    now = now or utcnow()
    if submission is None and (existing := _by_token(event, client_token)) is not None:
        return existing, [], None  # a retried create whose first attempt landed
    kind = kind if submission is None else submission.type
    if submission is None:  # refused early, before any file is stored (create_draft checks again)
        _require_can_create(event, kind, now)
    else:
        _require_open(event, deadline_of(submission), now)
    prepared: list = []
    refused = {purpose: list(messages) for purpose, messages in (refused_files or {}).items() if messages}
    refused_names: set[tuple[str, str]] = set()
    try:
        for upload in uploads:
            try:
                prepared.append(prepare_file(kind, upload, double_blind=event.double_blind,
                                             author_names=[a.name for a in data.authors]))
            except storage.StorageFull:
                raise
            except DomainError as error:
                refused.setdefault(upload.purpose, []).append(str(error))
                refused_names.add((upload.purpose, upload.filename))
        if refused:
            raise FilesRefused(refused, refused_names)
        return _save_checked(event, by=by, data=data, kind=kind, submission=submission,
                             expected_version=expected_version, prepared=prepared,
                             client_token=client_token, submit_now=submit_now, now=now)
    except BaseException:
        for item in prepared:  # a connection lost at the commit leaves them to sweep_uploads
            discard_prepared(item)
        raise


def _save_checked(event, *, by, data, kind, submission, expected_version, prepared, client_token,
                  submit_now, now) -> tuple[Submission, list[str], Job | None]:
    from reviewhub.submissions.services.conflicts import refresh_conflicts_for_submission
    from reviewhub.submissions.services.files import (
        attach_prepared,
        discard_prepared,
        needs_job,
        queue_text_extraction,
    )

    created = submission is None
    if created:
        submission, created = _create_unnumbered(event, kind, by=by, data=data, client_token=client_token, now=now)
        if not created:
            for item in prepared:
                discard_prepared(item)
            return submission, [], None
    else:
        update(submission, by=by, data=data, expected_version=expected_version, now=now)
    warnings: list[str] = []
    for item in prepared:
        warnings += attach_prepared(submission, item, by=by, now=now)
    text_job = None
    if prepared:
        db.session.refresh(submission)
        if needs_job(prepared):  # PDF text, and copies of large videos (blindcopy.deferred)
            text_job = queue_text_extraction(submission, by=by)
    submitting = submit_now and submission.status == SubmissionState.draft
    if submitting:
        _mark_submitted(submission, now)
    elif submission.status == SubmissionState.submitted:
        refresh_conflicts_for_submission(submission)
    if created:  # from here on the event's numbering lock is held: only short writes follow
        _number(event, submission)
        _record_created(submission, by)
    if submitting:
        _announce_submitted(submission, by=by, notify=True)
    _record_saved(submission, by)
    return submission, warnings, text_job


class MissingPart(NamedTuple):
    """A part a submission lacks, and where the form asks for it: a field's name, or a file
    slot's purpose (neither: no one place)."""

    text: str
    field: str = ""
    purpose: str = ""


class FilesRefused(DomainError):
    """Files refused by content, size or pages; `by_purpose` holds each slot's messages.
    Nothing is kept: the other files of the form must be chosen again."""

    def __init__(self, by_purpose: dict[str, list[str]], names: set[tuple[str, str]] = frozenset()):
        count = sum(len(messages) for messages in by_purpose.values())
        super().__init__(f"{plural(count, 'file was', 'files were', number=False).capitalize()} refused." if count
                         else "Files were refused.")
        self.by_purpose = by_purpose
        self.names = set(names)  # (slot purpose, file name) of each refused upload


class Incomplete(DomainError):
    """A submit refused because parts are missing; `parts` says which and where."""

    def __init__(self, parts: list[MissingPart]):
        super().__init__("Before submitting, add " + ", ".join(p.text for p in parts) + ".")
        self.parts = parts


def missing_parts(submission: Submission) -> list[str]:
    """What a submission still needs before it can be submitted."""
    return [part.text for part in missing_part_places(submission)]


def missing_part_places(submission: Submission) -> list[MissingPart]:
    """What a submission still needs before it can be submitted, with where to add it."""
    kind, missing = submission.type, []
    if not submission.abstract_md.strip():
        missing.append(MissingPart("an abstract", field="abstract_md"))
    if kind.needs_statement and not submission.artist_statement.strip():
        missing.append(MissingPart("an artist statement", field="artist_statement"))
    purposes = {f.purpose for f in submission.files}
    slots = core.file_slots(kind.allowed_kinds, kind.required_kinds, kind.allow_link)
    for slot in slots:
        if slot.required and slot.purpose not in purposes:
            missing.append(MissingPart(f"the {in_sentence(slot.label)}", purpose=slot.purpose))
    media = [s for s in slots if s.purpose == "media"]
    if media and kind.allow_link and set(kind.required_kinds) & set(media[0].kinds) \
            and "media" not in purposes and not submission.link_url:
        missing.append(MissingPart("a media file or a link", purpose="media"))
    if not submission.consent_to_publish:
        missing.append(MissingPart("consent to publish (tick the box)", field="consent_to_publish"))
    return missing


def submit(submission: Submission, *, by, now: datetime | None = None, notify: bool = True) -> Submission:
    """Draft -> submitted before the deadline, when complete. Queues the receipt to every
    author (unless notify=False: the demo's invented authors) and finds conflicts. A repeated
    submit of a submitted work changes nothing."""
    if submission.status == SubmissionState.submitted:
        return submission
    _mark_submitted(submission, now or utcnow())
    _announce_submitted(submission, by=by, notify=notify)
    return submission


def _mark_submitted(submission: Submission, now: datetime) -> None:
    """The state change and the conflicts it finds (before the submission has its number)."""
    from reviewhub.submissions.services.conflicts import refresh_conflicts_for_submission

    _require_transition(submission, SubmissionState.submitted)
    _require_open(submission.event, deadline_of(submission), now)
    missing = missing_part_places(submission)
    if missing:
        raise Incomplete(missing)
    submission.status = SubmissionState.submitted
    submission.submitted_at = now
    db.session.flush()
    refresh_conflicts_for_submission(submission)


def _announce_submitted(submission: Submission, *, by, notify: bool) -> None:
    """The receipt and the audit entry, which name the submission's number."""
    from reviewhub.submissions.services.receipt import queue_receipt

    if notify:
        queue_receipt(submission)
    audit.record("submissions.submitted", event=submission.event, actor=by, obj=submission,
                 number=submission.number)


def withdraw(submission: Submission, *, by, reason: str = "", now: datetime | None = None) -> Submission:
    """Submitted or draft -> withdrawn, at any time (also after the deadline). Flushes."""
    _require_transition(submission, SubmissionState.withdrawn)
    submission.status = SubmissionState.withdrawn
    submission.withdrawn_at = now or utcnow()
    submission.version += 1
    db.session.flush()
    pagecache.changed(submission.event)  # a withdrawn work leaves the public pages
    audit.record("submissions.withdrawn", event=submission.event, actor=by, obj=submission,
                 reason=reason[:500])
    return submission


def extend_deadline(submission: Submission, *, until: datetime | None, by) -> Submission:
    """An organizer's extension for this submission alone (None removes it). Flushes."""
    if until is not None and until.tzinfo is None:
        raise ValueError("aware datetime required")
    before = submission.deadline_extension_at
    submission.deadline_extension_at = until
    db.session.flush()
    audit.record("submissions.deadline_extended", event=submission.event, actor=by, obj=submission,
                 before=before, until=until)
    return submission
