"""The receipt every author gets when a submission is submitted (through the outbox)."""

from flask import url_for

from reviewhub.mail.services import Recipient, enqueue
from reviewhub.submissions.models import Submission


def receipt_context(submission: Submission) -> dict:
    """Plain values only: the template is rendered in a sandbox."""
    return {
        "event_name": submission.event.name,
        "submission_number": submission.number,
        "submission_title": submission.title,
        "submission_type": submission.type.name,
        "authors": "\n".join(
            f"  {i}. {a.name} <{a.email}>{', ' + a.affiliation if a.affiliation else ''}"
            f"{' (contact)' if a.is_contact else ''}" for i, a in enumerate(submission.authors, start=1)),
        "abstract": submission.abstract_md,
        "keywords": submission.keywords or "(none)",
        "topics": ", ".join(t.name for t in submission.topics) or "(none)",
        "ai_use": submission.ai_use + (f": {submission.ai_use_details}" if submission.ai_use_details else ""),
        "presentation": submission.presentation_preference,
        "files": "\n".join(f"  {f.purpose}: {f.original_name} ({f.size} bytes, sha256 {f.sha256})"
                           for f in submission.files) or "  (none)",
        "link": submission.link_url or "",
        "submission_url": url_for("submissions.show", slug=submission.event.slug, sid=submission.id,
                                  _external=True),
    }


def queue_receipt(submission: Submission) -> None:
    """One message per author (the contact and every coauthor); a repeated submit of the same
    submission at the same instant writes nothing twice (dedupe key)."""
    people = [Recipient(a.email, a.name) for a in submission.authors]
    enqueue("submissions/receipt", to=people, context=receipt_context(submission),
            dedupe_key=f"submission-receipt:{submission.id}:{submission.submitted_at.isoformat()}",
            event=submission.event, submission=submission)
