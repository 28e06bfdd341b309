"""Demo data: the seed workshop's own questions (attendance, archival status, AI use) answered
on every demo submission, and "Years of experience" answered by the demo reviewers; idempotent."""

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.questions import queries, services
from reviewhub.submissions.models import Submission

BASE = {"help_text": "", "options": [], "min_value": None, "max_value": None, "required": False,
        "for_reviewers": False, "public": False, "type_id": None}
QUESTIONS = [
    ("submission", {"key": "attend", "label": "Will one author attend in person?", "kind": "single",
                    "options": ["yes", "no", "not sure yet"], "required": True, "for_reviewers": True,
                    "help_text": "Accepted works are presented in Vancouver; remote talks are an exception."}),
    ("submission", {"key": "non-archival", "label": "Is the submission non-archival?", "kind": "checkbox",
                    "public": True, "help_text": "Tick if the work will be published elsewhere."}),
    ("submission", {"key": "ai-generated", "label": "Was any part of the work generated with AI? Describe",
                    "kind": "long_text", "help_text": "Which parts, with which tools (organizers only)."}),
    ("reviewer", {"key": "experience", "label": "Years of experience", "kind": "number", "min_value": 0,
                  "max_value": 70, "required": True, "help_text": "In research or creative practice."}),
]
AI_TEXT = ["", "The figures were drawn with a diffusion model.", "",
           "A language model polished the English of the abstract.", "The soundtrack was generated."]


def populate(event, phase: str) -> None:
    existing = {q.key: q for q in queries.list_questions(event)}
    for target, values in QUESTIONS:
        if values["key"] not in existing:
            existing[values["key"]] = services.save_question(event, None, by=None, target=target,
                                                             **{**BASE, **values})
    attend, archival, ai = existing["attend"], existing["non-archival"], existing["ai-generated"]
    answered = {sid for (sid,) in db.session.execute(
        sa.select(services.Answer.submission_id).where(services.Answer.question_id == attend.id))}
    for sub in db.session.scalars(sa.select(Submission).where(
            Submission.event_id == event.id, Submission.client_token.like("demo-sub-%"))
            .order_by(Submission.number)):
        if sub.id in answered:
            continue
        n = sub.number or 0
        services.save_answers(sub, [attend, archival, ai], {
            attend.id: ("yes", "yes", "no", "not sure yet")[n % 4], archival.id: n % 3 == 0,
            ai.id: AI_TEXT[n % len(AI_TEXT)] or None}, by=None)
    _reviewers(event, existing["experience"])
    db.session.flush()


def _reviewers(event, question) -> None:
    from reviewhub.accounts.services import get_user_by_email

    for years, email in enumerate(("reviewer1@demo.example.org", "reviewer2@demo.example.org",
                                   "reviewer3@demo.example.org"), start=4):
        user = get_user_by_email(email)
        if user is not None and question.id not in queries.answers_of_user(event, user):
            services.save_reviewer_answers(event, user, [question], {question.id: years * 2}, by=None)
