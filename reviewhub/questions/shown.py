"""What the other domains' pages need of the questions: the form's inputs and their checked
answers, and the answers a reader may see (permissions decide which)."""

from flask import request, url_for

from reviewhub.permissions import can_read_answer_file, can_see_answer, can_see_public_answer
from reviewhub.questions import queries
from reviewhub.questions.forms import AnswersInput, initial_raw, read_answers


def read_question_answers(event, kind, submission, *, submitting: bool):
    """The submission type's questions and what the request answered to them (checked)."""
    questions = queries.questions_for_type(event, kind)
    stored = queries.answers_of(submission) if submission is not None else {}
    answered = frozenset(qid for qid, answer in stored.items() if answer.value)
    return questions, read_answers(questions, request.form, request.files, required=submitting, answered=answered)


def question_fields(event, kind, submission, answers: AnswersInput | None) -> dict:
    """The template values of questions/_fields.html: the input shown back on a refused save,
    else the stored answers."""
    questions = queries.questions_for_type(event, kind)
    stored = queries.answers_of(submission) if submission is not None else {}
    files = {qid: a.value.get("name", "file") for qid, a in stored.items() if isinstance(a.value, dict)}
    return {"questions": questions, "answer_raw": answers.raw if answers else initial_raw(questions, stored),
            "answer_errors": answers.errors if answers else {}, "answered_files": files}


def answers_shown(user, submission) -> list:
    """[(question, answer or None)] the user may read on the submission's pages: every
    question of its type that is asked, plus any retired one it answered."""
    stored = queries.answers_of(submission)
    questions = [q for q in queries.list_questions(submission.event, target="submission")
                 if (q.type_id in (None, submission.type_id) and not q.retired) or q.id in stored]
    return [(q, stored.get(q.id)) for q in questions if can_see_answer(user, submission, q)]


def file_link_for(user, submission):
    """The download link of a file answer, for those who may read it (else None)."""
    if not can_read_answer_file(user, submission):
        return None
    return lambda q: url_for("questions.download", slug=submission.event.slug, sid=submission.id, question_id=q.id)


def public_answers(submission) -> list:
    """[(question, answer)] of an accepted work's public page: the answered public questions."""
    stored = queries.answers_of(submission)
    return [(q, stored[q.id]) for q in queries.list_questions(submission.event, target="submission")
            if q.id in stored and can_see_public_answer(q)]


def question_columns(event, rows, chosen_keys: list[str]) -> dict:
    """The submissions list's optional columns: the questions to choose from, the chosen ones,
    and their answers on the page's rows (one query whatever the number of rows)."""
    questions = queries.list_questions(event, target="submission")
    chosen = [q for q in questions if q.key in set(chosen_keys)]
    answers = queries.answers_for([s.id for s in rows], [q.id for q in chosen]) if rows else {}
    return {"column_questions": questions, "chosen_columns": chosen, "column_answers": answers}


def question_csv(event, ids_select):
    """The CSV's question columns (every submission question, retired included) and a function
    giving a submission's cells; the answers are read in one query joined to `ids_select`."""
    from reviewhub.questions.core import display

    questions = queries.list_questions(event, target="submission")
    answers = queries.answers_in(ids_select, [q.id for q in questions])

    def cells(submission_id: int) -> list[str]:
        mine = answers.get(submission_id, {})
        return [display(q.kind, mine[q.id].value) if q.id in mine else "" for q in questions]

    return [f"qa:{q.key}" for q in questions], cells


def public_answers_map(event, submission_ids) -> dict[int, list]:
    """{submission id: [(question, answer)]} of the public questions on accepted works' public
    pages, in one query; the pages' ETags include digest_of(it), so a changed answer shows."""
    questions = [q for q in queries.list_questions(event, target="submission") if can_see_public_answer(q)]
    answers = queries.answers_for(list(submission_ids), [q.id for q in questions])
    return {sid: [(q, mine[q.id]) for q in questions if q.id in mine] for sid, mine in answers.items()}


def digest_of(answers_map: dict[int, list]) -> str:
    import hashlib

    text = repr(sorted((sid, [(q.id, q.label, repr(a.value)) for q, a in rows]) for sid, rows in answers_map.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
