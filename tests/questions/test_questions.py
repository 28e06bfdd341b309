"""Custom questions end to end in the app: the organizer's editor (bad input by the field),
retire versus delete, the author's form, who reads which answer, list columns, CSV and qa:."""

import csv
import io

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.questions.models import Answer, Question
from reviewhub.submissions.models import Submission
from tests import factories as f
from tests.questions.conftest import answer
from tests.submissions.helpers import form_data, pdf


def _base(world):
    return f"/{world.event.slug}/manage/questions"


GOOD = {"label": "Is the submission non-archival?", "key": "non-archival", "kind": "checkbox", "type_id": ""}


@pytest.mark.parametrize("data, message", [
    ({"label": ""}, "This field is required."),
    ({"key": "Two Words"}, "Start with a letter; use lowercase letters"),
    ({"key": "attend"}, "The key “attend” is taken"),
    ({"kind": "single", "options_text": "only one"}, "Give at least two options"),
    ({"kind": "number", "min_value": "10", "max_value": "2"}, "must not be below the smallest"),
    ({"kind": "number", "min_value": "ten"}, "Not a valid float value"),
    ({"kind": "file", "for_reviewers": "y"}, "File answers are for organizers only"),
    ({"kind": "sculpture"}, "Not a valid choice"),
    ({"type_id": "999999"}, "Choose among the listed types"),
])
def test_the_question_form_says_what_is_wrong_by_the_field(qworld, login_as, data, message):
    client = login_as(qworld.organizer)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Question))
    response = client.post(_base(qworld) + "/new", data={**GOOD, **data})
    assert response.status_code == 400 and message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Question)) == before


def test_an_organizer_adds_orders_and_edits_questions(qworld, login_as):
    client = login_as(qworld.organizer)
    response = client.post(_base(qworld) + "/new", data={**GOOD, "type_id": str(qworld.paper.id)})
    assert response.status_code == 302
    added = db.session.scalar(sa.select(Question).where(Question.key == "non-archival"))
    assert added.kind == "checkbox" and added.type_id == qworld.paper.id and added.position == 4
    assert client.post(f"{_base(qworld)}/{added.id}/up").status_code == 302
    db.session.expire_all()
    assert [q.key for q in db.session.scalars(sa.select(Question).order_by(Question.position))] == [
        "attend", "ai", "non-archival", "years"]
    page = client.get(_base(qworld))
    assert "Is the submission non-archival?" in page.text and "qa:key=value" in page.text
    response = client.post(f"{_base(qworld)}/{added.id}/edit", data={**GOOD, "label": "Non-archival?", "key": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, added.id).key == "non-archival"  # made from the label, its own again


def test_a_question_with_answers_is_retired_never_deleted(qworld, login_as):
    client = login_as(qworld.organizer)
    answer(qworld, qworld.attend, "yes")
    response = client.post(f"{_base(qworld)}/{qworld.attend.id}/delete", follow_redirects=True)
    assert "retire it instead" in response.text
    assert db.session.get(Question, qworld.attend.id) is not None
    client.post(f"{_base(qworld)}/{qworld.attend.id}/retire")
    db.session.expire_all()
    assert db.session.get(Question, qworld.attend.id).retired
    # Retired: no longer on the form, still on the submission's page with its answer.
    form = client.get(f"/{qworld.event.slug}/submissions/new?type=paper")
    assert "Will one author attend" not in form.text
    shown = client.get(f"/{qworld.event.slug}/submissions/{qworld.submission.id}")
    assert "Will one author attend" in shown.text and "retired" in shown.text
    client.post(f"{_base(qworld)}/{qworld.ai.id}/delete")  # no answers: deleted
    assert db.session.scalar(sa.select(sa.func.count()).where(Question.id == qworld.ai.id)) == 0


def test_the_kind_of_an_answered_question_cannot_change(qworld, login_as):
    answer(qworld, qworld.years, 3)
    response = login_as(qworld.organizer).post(f"{_base(qworld)}/{qworld.years.id}/edit", data={
        "label": "Years", "key": "years", "kind": "text", "type_id": ""})
    assert response.status_code == 400 and "its kind cannot change" in response.text


def _new(client, world, **fields):
    return client.post(f"/{world.event.slug}/submissions/new?type=paper", data=form_data(world.author, **fields),
                       content_type="multipart/form-data")


def test_the_author_answers_on_the_form_and_a_refused_save_keeps_everything(qworld, login_as):
    client = login_as(qworld.author)
    form = client.get(f"/{qworld.event.slug}/submissions/new?type=paper")
    assert 'name="qa-attend"' in form.text and 'name="qa-years"' in form.text
    response = _new(client, qworld, title="Sound brushes", **{"qa-attend": "maybe", "qa-years": "a lot",
                                                              "qa-ai": "We used a diffusion model."})
    assert response.status_code == 200
    assert "Choose one of the options listed." in response.text and "Give a number" in response.text
    assert 'value="Sound brushes"' in response.text and "We used a diffusion model." in response.text
    assert 'id="qa-years-error"' in response.text and 'value="a lot"' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).where(Submission.title == "Sound brushes")) == 0
    # A draft may leave a required question; submitting may not.
    refused = _new(client, qworld, title="Sound brushes", submit_now="Submit", save=None, **{"qa-years": "4"})
    assert "This question needs an answer." in refused.text
    saved = _new(client, qworld, title="Sound brushes", **{"qa-attend": "yes", "qa-years": "4", "qa-ai": "No."})
    assert saved.status_code == 302
    created = db.session.scalar(sa.select(Submission).where(Submission.title == "Sound brushes"))
    values = {a.question_id: a.value for a in db.session.scalars(
        sa.select(Answer).where(Answer.submission_id == created.id))}
    assert values == {qworld.attend.id: "yes", qworld.years.id: 4, qworld.ai.id: "No."}
    edit = client.get(f"/{qworld.event.slug}/submissions/{created.id}/edit")
    assert 'value="4"' in edit.text and 'value="yes" checked' in edit.text


def test_a_file_answer_is_checked_by_content_and_only_for_organizers_and_authors(qworld, login_as):
    from tests.questions.conftest import add_question

    question = add_question(qworld.event, qworld.organizer, label="Consent form", key="consent", kind="file")
    db.session.commit()
    client = login_as(qworld.author)
    refused = client.post(f"/{qworld.event.slug}/submissions/new?type=paper", data={
        **form_data(qworld.author, title="With consent"), "qa-attend": "yes",
        "qa-consent": (io.BytesIO(b"<html><script>x</script></html>"), "consent.pdf")},
        content_type="multipart/form-data")
    assert refused.status_code == 200 and "consent.pdf: judged by its content this is not a PDF" in refused.text
    saved = client.post(f"/{qworld.event.slug}/submissions/new?type=paper", data={
        **form_data(qworld.author, title="With consent"), "qa-attend": "yes",
        "qa-consent": (io.BytesIO(pdf()), "consent.pdf")}, content_type="multipart/form-data")
    assert saved.status_code == 302
    created = db.session.scalar(sa.select(Submission).where(Submission.title == "With consent"))
    path = f"/{qworld.event.slug}/submissions/{created.id}/answers/{question.id}/file"
    assert login_as(qworld.organizer).get(path).data.startswith(b"%PDF")
    f.make_assignment(created, qworld.reviewer)
    db.session.commit()
    assert login_as(qworld.reviewer).get(path).status_code == 404  # never a reviewer's: no blinded copy


def test_reviewers_read_only_the_answers_marked_visible_to_them(qworld, login_as):
    answer(qworld, qworld.attend, "not sure")
    answer(qworld, qworld.ai, "Ada Author's own model generated the images")
    review_page = login_as(qworld.reviewer).get(f"/{qworld.event.slug}/reviews/{qworld.submission.id}")
    assert review_page.status_code == 200
    assert "Will one author attend in person?" in review_page.text and "not sure" in review_page.text
    assert "own model" not in review_page.text and "Was any part generated" not in review_page.text
    organizer_page = login_as(qworld.organizer).get(f"/{qworld.event.slug}/submissions/{qworld.submission.id}")
    assert "own model" in organizer_page.text and "not sure" in organizer_page.text


def test_public_pages_get_only_the_public_answers(qworld):
    from reviewhub.questions.shown import public_answers_map

    answer(qworld, qworld.attend, "yes")
    answer(qworld, qworld.ai, "secret")
    shown = public_answers_map(qworld.event, [qworld.submission.id])
    assert [(q.key, a.value) for q, a in shown[qworld.submission.id]] == [("attend", "yes")]


def test_the_list_shows_chosen_answer_columns_and_the_csv_every_answer(qworld, login_as):
    answer(qworld, qworld.attend, "yes")
    answer(qworld, qworld.years, 12)
    client = login_as(qworld.organizer)
    page = client.get(f"/{qworld.event.slug}/manage/submissions", query_string={"qcol": ["years"]})
    assert "<th scope=\"col\">Years</th>" in page.text and "<td>12</td>" in page.text
    assert "<th scope=\"col\">Will one author attend in person?</th>" not in page.text
    rows = list(csv.reader(io.StringIO(client.get(f"/{qworld.event.slug}/manage/submissions.csv").text)))
    header = rows[0]
    assert header[-3:] == ["qa:attend", "qa:ai", "qa:years"] and rows[1][-3:] == ["yes", "", "12"]


@pytest.mark.parametrize("q, found", [
    ("qa:attend=yes", True), ("qa:attend=no", False), ("qa:attend", True), ("-qa:attend", False),
    ("qa:years>=10", True), ("qa:years<10", False), ('qa:ai="diffusion"', True), ("-qa:ai", False),
    ('qa:"attend"=YES', True), ("qa:attend!=yes", False),
])
def test_qa_finds_submissions_by_their_answers(qworld, login_as, q, found):
    answer(qworld, qworld.attend, "yes")
    answer(qworld, qworld.years, 12)
    answer(qworld, qworld.ai, "A diffusion model drew the figures.")
    page = login_as(qworld.organizer).get(f"/{qworld.event.slug}/manage/submissions", query_string={"q": q})
    assert page.status_code == 200 and ("Brushes that listen" in page.text) == found


@pytest.mark.parametrize("q, message", [
    ("qa:atend=yes", "No question has the key “atend” (keys: ai, attend, years) at column 4"),
    ("qa:years>=many", "qa:years holds numbers, e.g. qa:years&gt;=3 at column 11"),
    ("qa:attend>yes", "are for numbers and dates) at column 10"),
    ("qa:", "qa: needs a question key"),
])
def test_a_wrong_qa_search_says_where(qworld, login_as, q, message):
    page = login_as(qworld.organizer).get(f"/{qworld.event.slug}/manage/submissions", query_string={"q": q})
    assert page.status_code == 200 and message in page.text


def test_reviewers_answer_the_reviewer_questions_with_bad_input_refused(qworld, login_as):
    from tests.questions.conftest import add_question

    add_question(qworld.event, qworld.organizer, label="Years of experience", key="experience", kind="number",
                 min_value=0, max_value=70, required=True, target="reviewer")
    db.session.commit()
    client = login_as(qworld.reviewer)
    path = f"/{qworld.event.slug}/reviewer-questions"
    assert "answer them" in client.get(f"/{qworld.event.slug}/assignment/profile").text
    refused = client.post(path, data={"qa-experience": "-3"})
    assert refused.status_code == 400 and "At least 0." in refused.text and 'value="-3"' in refused.text
    assert client.post(path, data={"qa-experience": "7"}).status_code == 302
    assert db.session.scalar(sa.select(Answer.value).where(Answer.user_id == qworld.reviewer.id)) == 7
    assert 'value="7"' in client.get(path).text
