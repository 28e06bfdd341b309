"""After an accept: camera-ready and final media uploads, presentation confirmations, reminders."""

from datetime import datetime

from reviewhub import audit, storage
from reviewhub.decisions import queries
from reviewhub.decisions.models import Decision, PresentationConfirmation
from reviewhub.errors import DeadlinePassed, DomainError, NotAllowed
from reviewhub.extensions import db
from reviewhub.mail.services import Planned, enqueue_many
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import SubmissionFile
from reviewhub.submissions.sniff import KIND_LABELS, KINDS, sniff
from reviewhub.words import any_of, with_article

FINAL_PURPOSES = {"camera_ready": {"pdf"}, "final_media": {"image", "audio", "video"}}


def is_accepted(decision: Decision | None) -> bool:
    """Accepted as far as the authors were told (the released outcome)."""
    return bool(decision and decision.released_at and decision.released_outcome
                and decision.released_outcome.is_accept)


def camera_ready_open(event, now: datetime) -> bool:
    """Open until the deadline instant itself; no deadline set means open."""
    return event.camera_ready_at is None or now <= event.camera_ready_at


def wants_final_media(submission) -> bool:
    """Creative works (types that take media files) also hand in their final media."""
    return bool(set(submission.type.allowed_kinds or []) & FINAL_PURPOSES["final_media"])


def upload_final_file(submission, decision, *, purpose: str, data: bytes, filename: str, by,
                      now: datetime | None = None) -> SubmissionFile:
    """Store the camera-ready PDF (or final media) of an accepted work before the deadline,
    replacing the previous one. Raises NotAllowed, DeadlinePassed or DomainError. Flushes."""
    if not is_accepted(decision):
        raise NotAllowed("Only accepted works take a camera-ready version.")
    if not camera_ready_open(submission.event, now or utcnow()):
        raise DeadlinePassed("The camera-ready deadline has passed.")
    if purpose not in FINAL_PURPOSES or (purpose == "final_media" and not wants_final_media(submission)):
        raise DomainError("This kind of file is not asked for.")
    found = sniff(data)
    if found is None or found.kind not in FINAL_PURPOSES[purpose]:
        wanted = any_of([KIND_LABELS[k] for k in KINDS if k in FINAL_PURPOSES[purpose]])
        raise DomainError(f"This file is not {with_article(wanted)} (judged by its content).")
    limit = (submission.type.max_file_mb or 20) * 1024 * 1024
    if len(data) > limit:
        raise DomainError(f"The file is larger than {submission.type.max_file_mb} MB.")
    stored = storage.save_bytes(data)
    for old in [f for f in submission.files if f.purpose == purpose]:
        submission.files.remove(old)  # its stored bytes stay for the audit trail
    row = SubmissionFile(purpose=purpose, kind=found.kind, original_name=filename[:255] or "upload",
                         content_type=found.content_type, size=stored.size, sha256=stored.sha256,
                         storage_key=stored.key)
    submission.files.append(row)
    db.session.flush()
    audit.record("decisions.final_file", event=submission.event, actor=by, obj=submission,
                 purpose=purpose, sha256=stored.sha256, size=stored.size)
    return row


def confirm_presentation(submission, decision, *, by, attending: bool, presenter_name: str = "",
                         presenter_affiliation: str = "") -> PresentationConfirmation:
    """The authors confirm or decline presenting; a talk names its presenter. Flushes."""
    if not is_accepted(decision):
        raise NotAllowed("Only accepted works are presented.")
    if attending and decision.released_outcome.presentation_format == "talk" and not presenter_name.strip():
        raise DomainError("Name who will give the talk.")
    confirmation = queries.get_confirmation(submission)
    if confirmation is None:
        confirmation = PresentationConfirmation(submission_id=submission.id)
        db.session.add(confirmation)
    confirmation.status = "confirmed" if attending else "declined"
    confirmation.presenter_name = presenter_name.strip() if attending else ""
    confirmation.presenter_affiliation = presenter_affiliation.strip() if attending else ""
    confirmation.confirmed_by_id, confirmation.updated_at = getattr(by, "id", None), utcnow()
    db.session.flush()
    audit.record("decisions.presentation_" + confirmation.status, event=submission.event, actor=by,
                 obj=confirmation, presenter=confirmation.presenter_name)
    return confirmation


def remind_unconfirmed(event, *, by, today=None) -> int:
    """Queue a reminder to the authors of every accepted work that has not answered; at most
    one per work and day (the dedupe key carries the date). Returns how many were written."""
    from reviewhub.decisions.services import confirmation_link, decision_context, recipients_of

    day = (today or utcnow().date()).isoformat()
    link = confirmation_link(event)
    planned = []
    for submission, decision, confirmation in queries.accepted_with_confirmations(event):
        if confirmation is not None and confirmation.status != "pending":
            continue
        context = decision_context(event, submission, decision.released_outcome, [], link)
        planned += [Planned("decisions/confirm_reminder", person, context,
                            f"confirm-reminder:{submission.id}:{day}", submission.id)
                    for person in recipients_of(submission)]
    written = enqueue_many(planned, event=event)
    audit.record("decisions.reminded", event=event, actor=by, emails=len(written))
    return len(written)


def confirmation_counts(event) -> dict[str, int]:
    rows = queries.accepted_with_confirmations(event)
    counts = {"confirmed": 0, "declined": 0, "pending": 0}
    for _s, _d, confirmation in rows:
        counts[confirmation.status if confirmation else "pending"] += 1
    return counts



def get_terms(event):
    from reviewhub.decisions.models import PublishingTerms

    return db.session.get(PublishingTerms, event.id)


def set_terms(event, *, by, licences: list[str], allow_non_archival: bool, terms_md: str):
    """The organizer's camera-ready terms: which licences authors choose from (at least one),
    whether a work may be non-archival, the publishing terms they agree to. Flushes; audited."""
    from reviewhub.decisions.models import PublishingTerms
    from reviewhub.decisions.terms import LICENCES

    chosen = [key for key in LICENCES if key in set(licences)]
    if not chosen:
        raise DomainError("Offer at least one licence.")
    terms = get_terms(event) or PublishingTerms(event_id=event.id)
    terms.licences, terms.allow_non_archival, terms.terms_md = chosen, allow_non_archival, (terms_md or "").strip()
    terms.updated_at = utcnow()
    db.session.add(terms)
    db.session.flush()
    audit.record("decisions.terms_set", event=event, actor=by, licences=chosen, non_archival=allow_non_archival)
    return terms


def choose_terms(submission, decision, *, by, licence: str, non_archival: bool, agreed: bool,
                 now: datetime | None = None) -> PresentationConfirmation:
    """The authors of an accepted work choose its licence (and non-archival, where allowed)
    and agree to the publishing terms, before the camera-ready deadline. Flushes; audited."""
    terms = get_terms(submission.event)
    if not is_accepted(decision) or terms is None:
        raise NotAllowed("Only accepted works of an event with publishing terms choose them.")
    if not camera_ready_open(submission.event, now or utcnow()):
        raise DeadlinePassed("The camera-ready deadline has passed.")
    if licence not in terms.licences:
        raise DomainError("Choose one of the licences offered.")
    if non_archival and not terms.allow_non_archival:
        raise DomainError("This event does not take non-archival works.")
    if not agreed:
        raise DomainError("Agree to the publishing terms to continue.")
    confirmation = queries.get_confirmation(submission)
    if confirmation is None:
        confirmation = PresentationConfirmation(submission_id=submission.id)
        db.session.add(confirmation)
    confirmation.licence, confirmation.non_archival = licence, non_archival
    confirmation.terms_agreed_at = now or utcnow()
    db.session.flush()
    audit.record("decisions.terms_chosen", event=submission.event, actor=by, obj=submission,
                 licence=licence, non_archival=non_archival)
    return confirmation
