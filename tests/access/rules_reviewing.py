"""Access rules of the reviewing routes."""

from tests.access.rules import rule
from tests.access.world import CHAIRS, ORGANIZERS

REVIEWERS = {"reviewer_assigned", "reviewer_unassigned", "reviewer_conflicted"}
UNCONFLICTED_ORGANIZER = {"organizer"}


def _forms(world):
    from reviewhub.extensions import db
    from reviewhub.reviewing.form_services import ensure_default_forms

    forms = ensure_default_forms(world.event)
    db.session.commit()
    form = forms[0]
    return {"form_id": form.id, "question_id": form.questions[-1].id}


def _submitted_review(world):
    """reviewer_assigned has submitted a complete review (so may see reviews and discussion)."""
    from reviewhub.extensions import db
    from reviewhub.reviewing import services
    from reviewhub.reviewing.form_services import ensure_default_forms

    ensure_default_forms(world.event)
    review = services.save_review(
        world.assignment, by=world.users["reviewer_assigned"], submit=True, expected_version=0,
        raw={"overall": "4", "confidence": "3", "originality": "4", "technical_quality": "3",
             "clarity": "4", "relevance": "5", "comments_to_authors": "Nice."},
    )
    db.session.commit()
    return {"review_id": review.id, "version_id": _first_version(review)}


def _first_version(review) -> int:
    import sqlalchemy as sa

    from reviewhub.extensions import db
    from reviewhub.reviewing.models import ReviewVersion

    return db.session.scalar(sa.select(ReviewVersion.id).where(ReviewVersion.review_id == review.id))


def _file(world):
    from reviewhub import storage
    from reviewhub.extensions import db
    from reviewhub.submissions.models import SubmissionFile
    from reviewhub.submissions.pdfgen import make_pdf

    # A real PDF: reviewers get only a cleaned copy, and one that cannot be cleaned answers 409.
    stored = storage.save_bytes(make_pdf("Paper", "Text."), suffix=".pdf")
    item = SubmissionFile(submission_id=world.submission.id, purpose="main", kind="pdf",
                          original_name="Jane Doe - paper.pdf", content_type="application/pdf",
                          size=stored.size, sha256=stored.sha256, storage_key=stored.key)
    db.session.add(item)
    db.session.commit()
    return {"file_id": item.id}


BASE = "/{slug}/reviews"
RULES = [
    rule("reviewing.assignments", "GET", BASE + "/assignments", REVIEWERS),
    rule("reviewing.submission", "GET", BASE + "/{sid}", {"organizer", "reviewer_assigned", "sub_reviewer"} | CHAIRS,
         note="conflicted organizer, conflicted reviewer or AC and authors get 404"),
    rule("reviewing.submission", "GET", BASE + "/{sid}", {"organizer", "reviewer_assigned", "sub_reviewer"} | CHAIRS,
         prepare=_submitted_review, note="after the reviewer's own submission"),
    rule("reviewing.edit", "GET", BASE + "/{sid}/review", {"reviewer_assigned", "sub_reviewer"}),
    rule("reviewing.edit", "POST", BASE + "/{sid}/review", {"reviewer_assigned", "sub_reviewer"},
         data={"action": "save", "version": "0", "overall": "3"}),
    rule("reviewing.comment", "POST", BASE + "/{sid}/comments", UNCONFLICTED_ORGANIZER | CHAIRS,
         data={"body": "A point", "visibility": "reviewers"},
         note="reviewers join the discussion only after submitting their own review; chairs always"),
    rule("reviewing.comment", "POST", BASE + "/{sid}/comments", {"organizer", "reviewer_assigned"} | CHAIRS,
         data={"body": "A point", "visibility": "reviewers"}, prepare=_submitted_review),
    rule("reviewing.file", "GET", BASE + "/{sid}/files/{file_id}", {"organizer", "reviewer_assigned", "sub_reviewer"} | CHAIRS,
         prepare=_file),
    rule("reviewing.forms", "GET", BASE + "/forms", ORGANIZERS),
    rule("reviewing.forms", "POST", BASE + "/forms", ORGANIZERS),
    rule("reviewing.form_edit", "GET", BASE + "/forms/{form_id}", ORGANIZERS, prepare=_forms),
    rule("reviewing.form_edit", "POST", BASE + "/forms/{form_id}", ORGANIZERS, prepare=_forms,
         data={"kind": "text", "label": "Another", "visibility": "reviewers"}),
    rule("reviewing.question_edit", "GET", BASE + "/forms/{form_id}/questions/{question_id}", ORGANIZERS,
         prepare=_forms),
    rule("reviewing.question_edit", "POST", BASE + "/forms/{form_id}/questions/{question_id}", ORGANIZERS,
         prepare=_forms, data={"label": "Confidential", "visibility": "organizers"}),
    rule("reviewing.question_action", "POST", BASE + "/forms/{form_id}/questions/{question_id}/up",
         ORGANIZERS, prepare=_forms),
    rule("reviewing.progress", "GET", BASE + "/progress", ORGANIZERS),
    rule("reviewing.remind", "POST", BASE + "/progress/remind", ORGANIZERS),
    rule("reviewing.ranking", "GET", BASE + "/ranking", ORGANIZERS,
         note="the conflicted organizer's ranking leaves the conflicted submission out"),
    rule("reviewing.ranking_csv", "GET", BASE + "/ranking.csv", ORGANIZERS),
    rule("reviewing.reopen", "POST", BASE + "/assignments/{assignment_id}/reopen", UNCONFLICTED_ORGANIZER),
    rule("reviewing.restore", "POST", BASE + "/review/{review_id}/versions/{version_id}/restore",
         UNCONFLICTED_ORGANIZER, prepare=_submitted_review),
]
