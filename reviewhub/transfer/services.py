"""Organizers' imports into an event: HotCRP's submission JSON and CSV lists of reviewers,
assignments and decisions. Each has a preview (every problem with its line or entry, nothing
written) and an apply that checks everything again and writes all or nothing."""

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.permissions import can_decide, can_organize_submission
from reviewhub.transfer import hotcrp

MAX_HOTCRP_FILE = 2 * 2**30


class ImportInvalid(DomainError):
    """A list or file with problems; nothing of it was imported."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} problem(s) to fix; nothing was imported.")
        self.errors = errors


@dataclass
class Preview:
    rows: list[dict]  # what would be made, one plain dict per line or entry
    errors: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


# --- HotCRP ---------------------------------------------------------------------------------


def read_hotcrp_upload(filename: str, data: bytes) -> tuple[str, dict[str, bytes]]:
    """The JSON text and the documents of an upload: HotCRP's .json, or a .zip of one .json
    and the files its `content_file`s name. DomainError for anything else."""
    if not data.startswith(b"PK"):
        try:
            return data.decode("utf-8-sig"), {}
        except UnicodeDecodeError as error:
            raise DomainError(f"{filename} is neither UTF-8 JSON nor a zip archive.") from error
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise DomainError(f"{filename} is not a readable zip archive.") from error
    members = [i for i in archive.infolist() if not i.is_dir()]
    for info in members:
        path = PurePosixPath(info.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in info.filename:
            raise DomainError(f"The zip holds {info.filename!r}, a path outside the archive: refused.")
    if sum(i.file_size for i in members) > MAX_HOTCRP_FILE:
        raise DomainError("The zip expands to more than 2 GiB.")
    documents = [i for i in members if i.filename.lower().endswith(".json")]
    if len(documents) != 1:
        raise DomainError("The zip must hold exactly one .json file (HotCRP's submission JSON).")
    try:
        text = archive.read(documents[0]).decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError(f"{documents[0].filename} is not UTF-8 text.") from error
    return text, {i.filename: archive.read(i) for i in members if i is not documents[0]}


def preview_hotcrp(event, text: str, files: dict[str, bytes]) -> tuple[Preview, hotcrp.Parsed]:
    """What importing would make; reads only."""
    from reviewhub.events.models import Topic

    topics = list(db.session.scalars(sa.select(Topic.name).where(Topic.event_id == event.id)))
    parsed = hotcrp.parse(text, topics=topics, files=set(files))
    members = _members_by_email(event)
    warnings = list(parsed.warnings)
    for paper in parsed.papers:
        for email, _kind in paper.pc_conflicts:
            if email not in members:
                warnings.append((paper.entry, f"entry {paper.entry}: the PC conflict {email} is nobody of "
                                              "this event; it is skipped"))
    errors = list(parsed.errors)
    if not parsed.papers and not errors:
        errors.append((0, "the file holds no submissions"))
    rows = [{"entry": p.entry, "pid": p.pid, "title": p.title, "authors": ", ".join(a.name for a in p.authors),
             "topics": ", ".join(p.topics), "conflicts": len(p.pc_conflicts), "status": p.status,
             "file": p.content_file or ""} for p in parsed.papers]
    return Preview(rows, sorted(errors), sorted(warnings)), parsed


def _members_by_email(event) -> dict:
    from reviewhub.accounts.models import User
    from reviewhub.events.models import Membership

    return {u.email: u for u in db.session.scalars(sa.select(User).join(Membership, Membership.user_id == User.id)
                                                    .where(Membership.event_id == event.id))}


def apply_hotcrp(event, text: str, files: dict[str, bytes], *, by) -> list:
    """Create the file's submissions (numbered in order, authors linked to accounts by email,
    topics, documents checked and stored like uploads, PC conflicts as author-declared
    conflicts), or none: ImportInvalid. No deadline applies: organizers import. Flushes; sends
    no mail (the authors submitted elsewhere)."""
    preview, parsed = preview_hotcrp(event, text, files)
    if preview.errors:
        raise ImportInvalid(preview.errors)
    members = _members_by_email(event)
    created = [_hotcrp_submission(event, paper, files, members, by=by) for paper in parsed.papers]
    audit.record("transfer.hotcrp_imported", event=event, actor=by, count=len(created))
    return created


def _hotcrp_submission(event, paper: hotcrp.Paper, files: dict[str, bytes], members: dict, *, by):
    from reviewhub.accounts.services import get_user_by_email
    from reviewhub.events.models import Topic
    from reviewhub.submissions.core import Upload
    from reviewhub.submissions.models import Authorship, Conflict, Submission
    from reviewhub.submissions.services import files as submission_files
    from reviewhub.submissions.services.conflicts import refresh_conflicts_for_submission
    from reviewhub.submissions.services.lifecycle import _number  # numbering's one place

    now = utcnow()
    submission = Submission(event_id=event.id, type_id=_default_type(event).id, title=paper.title,
                            abstract_md=paper.abstract, status="draft", created_by_id=getattr(by, "id", None),
                            created_at=now, updated_at=now)
    db.session.add(submission)
    submission.topics = list(db.session.scalars(sa.select(Topic).where(
        Topic.event_id == event.id, Topic.name.in_(paper.topics))))
    for position, author in enumerate(paper.authors):
        user = get_user_by_email(author.email)
        submission.authors.append(Authorship(position=position, name=author.name, email=author.email,
                                             affiliation=author.affiliation, user_id=getattr(user, "id", None),
                                             is_contact=author.contact or position == 0))
    db.session.flush()
    if paper.content_file:
        try:
            submission_files.attach_file(submission, Upload("main", PurePosixPath(paper.content_file).name,
                                                            files[paper.content_file]), by=by, now=now)
        except DomainError as error:
            raise ImportInvalid([(paper.entry, f"entry {paper.entry}: {error}")]) from error
    for email, kind in paper.pc_conflicts:
        if email in members:
            db.session.add(Conflict(submission_id=submission.id, user_id=members[email].id, source="author",
                                    reason=f"HotCRP: {kind}"[:500]))
    if paper.status != "draft":
        submission.status = paper.status
        submission.submitted_at = now
    db.session.flush()
    if paper.status == "submitted":
        refresh_conflicts_for_submission(submission)
    _number(event, submission)
    audit.record("submissions.imported", event=event, actor=by, obj=submission, source="hotcrp",
                 hotcrp_pid=paper.pid, number=submission.number)
    return submission


def _default_type(event):
    from reviewhub.submissions.models import SubmissionType

    kinds = db.session.scalars(sa.select(SubmissionType).where(SubmissionType.event_id == event.id)
                               .order_by(SubmissionType.id)).all()
    if not kinds:
        raise ImportInvalid([(0, "the event has no submission type yet; add one under Settings first")])
    return next((k for k in kinds if k.key == "paper"), kinds[0])


# --- CSV lists -------------------------------------------------------------------------------

CSV_KINDS = {"reviewers": "Reviewers to invite (name, email, affiliation)",
             "assignments": "Assignments (submission, email)",
             "decisions": "Decisions (submission, outcome, note)"}


def preview_csv(event, kind: str, text: str, *, by) -> Preview:
    """Every line checked against the event and against what `by` may do (an organizer
    conflicted with a submission neither assigns nor decides it); reads only."""
    if kind == "reviewers":
        return _preview_reviewers(event, text)
    if kind == "assignments":
        return _preview_pairs(event, text, by)
    if kind == "decisions":
        return _preview_decisions(event, text, by)
    raise DomainError("Choose what the list holds.")


def apply_csv(event, kind: str, text: str, *, by) -> int:
    """Apply every line of the list, or none (ImportInvalid); through the same services as the
    pages (audit, mail). Returns how many lines were applied. Flushes."""
    preview = preview_csv(event, kind, text, by=by)
    if preview.errors:
        raise ImportInvalid(preview.errors)
    if kind == "reviewers":
        from reviewhub.assignment.services import invitations

        return len(invitations.import_list(event, text, by=by))
    if kind == "assignments":
        from reviewhub.assignment.services import runs

        for row in preview.rows:
            runs.add_assignment(row["_submission"], row["_user"], by=by)
    else:
        from reviewhub.decisions import services as decisions

        for row in preview.rows:
            decisions.decide(row["_submission"], row["_outcome"], by=by, note=row["note"])
    audit.record("transfer.csv_imported", event=event, actor=by, kind=kind, count=len(preview.rows))
    return len(preview.rows)


def _preview_reviewers(event, text: str) -> Preview:
    from reviewhub.assignment.services import invitations

    try:
        rows, _existing = invitations._checked(event, text)
    except invitations.ListInvalid as error:
        return Preview([], list(error.errors))
    return Preview([{"line": r.line, "name": r.name, "email": r.email, "affiliation": r.affiliation} for r in rows])


def _submissions_by_number(event) -> dict:
    from reviewhub.submissions.models import Submission

    return {str(s.number): s for s in db.session.scalars(
        sa.select(Submission).where(Submission.event_id == event.id, Submission.number.is_not(None)))}


def _preview_pairs(event, text: str, by) -> Preview:
    from reviewhub.assignment.csvimport import parse_assignment_list
    from reviewhub.assignment.models import Assignment
    from reviewhub.assignment.services.runs import is_pair_conflicted
    from reviewhub.submissions.models import Submission

    rows, errors = parse_assignment_list(text)
    errors = list(errors)
    works = _submissions_by_number(event)
    reviewers = _reviewers_by_email(event)
    assigned = set(db.session.execute(sa.select(Assignment.submission_id, Assignment.user_id).where(
        Assignment.submission_id.in_(sa.select(Submission.id).where(Submission.event_id == event.id)))).all())
    out, seen = [], {}
    for row in rows:
        number, email = row.values["submission"], row.values["email"]
        submission, user = works.get(number), reviewers.get(email)
        problem = None
        if submission is None:
            problem = f"there is no submission #{number}"
        elif submission.status != "submitted":
            problem = f"#{number} is {submission.status}, not submitted"
        elif not can_organize_submission(by, submission):
            problem = f"you have a conflict of interest with #{number}"
        elif user is None:
            problem = f"{email} is not a reviewer of this event (invite them first)"
        elif (submission.id, user.id) in assigned:
            problem = f"{email} is assigned to #{number} already"
        elif (number, email) in seen:
            problem = f"the same pair is on line {seen[(number, email)]}"
        elif is_pair_conflicted(submission, user):
            problem = f"{email} has a conflict of interest with #{number}"
        if problem:
            errors.append((row.line, problem))
            continue
        seen[(number, email)] = row.line
        out.append({"line": row.line, "submission": f"#{number}", "title": submission.title,
                    "reviewer": user.name, "email": email, "_submission": submission, "_user": user})
    return Preview(out, sorted(errors))


def _reviewers_by_email(event) -> dict:
    from reviewhub.accounts.models import User
    from reviewhub.events.models import Membership

    return {u.email: u for u in db.session.scalars(sa.select(User).join(Membership, Membership.user_id == User.id)
                                                    .where(Membership.event_id == event.id,
                                                           Membership.role == "reviewer"))}


def _preview_decisions(event, text: str, by) -> Preview:
    from reviewhub.assignment.csvimport import parse_decision_list
    from reviewhub.decisions import queries as decision_queries

    rows, errors = parse_decision_list(text)
    errors = list(errors)
    works = _submissions_by_number(event)
    outcomes = {}
    for outcome in decision_queries.list_outcomes(event):
        outcomes[outcome.key.lower()] = outcome
        outcomes[outcome.label.lower()] = outcome
    out, seen = [], {}
    for row in rows:
        number, name = row.values["submission"], row.values["outcome"]
        submission, outcome = works.get(number), outcomes.get(name.lower())
        problem = None
        if submission is None:
            problem = f"there is no submission #{number}"
        elif submission.status != "submitted":
            problem = f"#{number} is {submission.status}, not submitted"
        elif not can_decide(by, submission):
            problem = f"you have a conflict of interest with #{number}"
        elif outcome is None:
            problem = f"{name!r} is not an outcome of this event (one of: " + ", ".join(
                sorted({o.key for o in outcomes.values()})) + ")"
        elif number in seen:
            problem = f"#{number} is decided on line {seen[number]} already"
        elif len(row.values["note"]) > 2000:
            problem = "the note is longer than 2000 characters"
        if problem:
            errors.append((row.line, problem))
            continue
        seen[number] = row.line
        out.append({"line": row.line, "submission": f"#{number}", "title": submission.title,
                    "outcome": outcome.label, "note": row.values["note"], "_submission": submission,
                    "_outcome": outcome})
    return Preview(out, sorted(errors))
