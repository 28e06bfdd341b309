"""Access rules of the custom questions' routes: the editor is the organizers' (a conflicted
organizer too: questions are the event's configuration); a file answer only its authors and the
unconflicted organizers (never a reviewer: it has no blinded copy); the reviewer questions the
event's reviewers and area chairs."""

from tests.access.rules import rule
from tests.access.world import AREA_CHAIRS, ORGANIZERS

REVIEWERS = {"reviewer_assigned", "reviewer_unassigned", "reviewer_conflicted"}


def _question(world):
    from reviewhub.extensions import db
    from tests.questions.conftest import add_question

    question = add_question(world.event, world.users["organizer"], label="Will one author attend?", key="attend",
                            kind="single", options=["yes", "no"])
    db.session.commit()
    return {"question_id": question.id}


def _file_answer(world):
    from reviewhub import storage
    from reviewhub.extensions import db
    from reviewhub.questions.models import Answer
    from reviewhub.submissions.pdfgen import make_pdf
    from tests.questions.conftest import add_question

    question = add_question(world.event, world.users["organizer"], label="Consent form", key="consent", kind="file")
    stored = storage.save_bytes(make_pdf("Consent", "I agree."), suffix=".pdf")
    # Written as the upload path writes it (questions.services._store_file).
    db.session.add(Answer(question_id=question.id, submission_id=world.submission.id, text="",
                          value={"key": stored.key, "name": "consent.pdf", "size": stored.size}))
    db.session.commit()
    return {"question_id": question.id}


BASE = "/{slug}/manage/questions"
GOOD = {"label": "Is the submission non-archival?", "key": "", "kind": "checkbox", "type_id": ""}
RULES = [
    rule("questions.index", "GET", BASE, ORGANIZERS),
    rule("questions.new", "GET", BASE + "/new", ORGANIZERS),
    rule("questions.new", "POST", BASE + "/new", ORGANIZERS, data=GOOD),
    rule("questions.edit", "GET", BASE + "/{question_id}/edit", ORGANIZERS, prepare=_question),
    rule("questions.edit", "POST", BASE + "/{question_id}/edit", ORGANIZERS, prepare=_question,
         data={**GOOD, "key": "attend", "kind": "single", "options_text": "yes\nno"}),
    rule("questions.change", "POST", BASE + "/{question_id}/down", ORGANIZERS, prepare=_question),
    rule("questions.download", "GET", "/{slug}/submissions/{sid}/answers/{question_id}/file",
         {"author", "coauthor", "organizer"}, prepare=_file_answer,
         note="never a reviewer, nor the conflicted organizer"),
    rule("questions.profile", "GET", "/{slug}/reviewer-questions", REVIEWERS | AREA_CHAIRS),
    rule("questions.profile", "POST", "/{slug}/reviewer-questions", REVIEWERS | AREA_CHAIRS,
         note="no questions asked: nothing to refuse"),
]
