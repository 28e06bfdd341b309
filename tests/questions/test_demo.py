"""The seed workshop's demo asks its three questions (and reviewers' years of experience),
answered on the demo submissions, and loading it twice adds nothing."""

import sqlalchemy as sa

from reviewhub.demo import load_demo
from reviewhub.demo import seed_event as seed
from reviewhub.extensions import db
from reviewhub.questions.models import Answer, Question
from reviewhub.submissions.models import Submission


def test_the_demo_asks_and_answers_the_workshop_questions(app, login_as):
    load_demo("cfp")
    db.session.commit()
    labels = set(db.session.scalars(sa.select(Question.label)))
    assert {"Will one author attend in person?", "Is the submission non-archival?",
            "Was any part of the work generated with AI? Describe", "Years of experience"} <= labels
    submissions = db.session.scalar(sa.select(sa.func.count()).select_from(Submission))
    answers = db.session.scalar(sa.select(sa.func.count()).select_from(Answer).where(Answer.submission_id.is_not(None)))
    assert submissions and answers >= 2 * submissions  # attend and non-archival on each, AI on some
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer).where(Answer.user_id.is_not(None))) == 3
    load_demo("cfp")
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Answer).where(
        Answer.submission_id.is_not(None))) == answers
    from reviewhub.accounts.services import get_user_by_email

    chair = get_user_by_email("organizer@demo.example.org")
    page = login_as(chair).get(f"/{seed.SLUG}/manage/submissions", query_string={"q": "qa:attend=no"})
    assert page.status_code == 200 and "matching submission" in page.text
