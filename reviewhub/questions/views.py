"""Pages of custom questions: the organizer's editor, a file answer's download, and the
reviewer's own answers to the reviewer questions."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import (
    can_answer_reviewer_questions,
    can_manage_questions,
    can_read_answer_file,
    require,
)
from reviewhub.questions import bp, core, queries, services
from reviewhub.questions.forms import QuestionEditForm, initial_raw, read_answers
from reviewhub.submissions import queries as submission_queries
from reviewhub.submissions.serving import file_response

TARGETS = ("submission", "reviewer")


def _event(slug):
    event = get_event_or_404(slug)
    require(can_manage_questions(current_user, event))
    return event


@bp.route("/manage/questions")
@login_required
def index(slug):
    event = _event(slug)
    questions = queries.list_questions(event)
    answered = {q.id: queries.count_answers(q) for q in questions}  # a few dozen questions at most
    return render_template("questions/index.html", event=event, questions=questions, answered=answered,
                           kind_labels=core.KIND_LABELS, types={t.id: t.name for t in submission_queries.list_types(event)})


def _edit(event, question, target):
    form = QuestionEditForm(obj=question)
    types = submission_queries.list_types(event)
    form.type_id.choices = [("", "every submission type")] + [(str(t.id), t.name) for t in types]
    if question is not None and not form.is_submitted():
        form.type_id.data = str(question.type_id or "")
        form.options_text.data = "\n".join(question.options or [])
    if target == "reviewer":
        form.type_id.choices, form.type_id.data = [("", "reviewers")], ""
    if form.validate_on_submit():
        taken = {q.key for q in queries.list_questions(event) if q is not question}
        try:
            services.save_question(event, question, by=current_user, target=target, **form.service_data(taken))
        except DomainError as error:
            db.session.rollback()
            form.key.errors.append(str(error))
        else:
            db.session.commit()
            flash("The question is saved.", "success")
            return redirect(url_for("questions.index", slug=event.slug))
    return render_template("questions/edit.html", event=event, question=question, form=form, target=target), (
        400 if form.errors else 200)


@bp.route("/manage/questions/new", methods=["GET", "POST"])
@login_required
def new(slug):
    event = _event(slug)
    target = request.args.get("target", "submission")
    if target not in TARGETS:
        abort(400, description="target is submission or reviewer.")
    return _edit(event, None, target)


@bp.route("/manage/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug, question_id):
    event = _event(slug)
    question = queries.get_question_or_404(event, question_id)
    return _edit(event, question, question.target)


@bp.route("/manage/questions/<int:question_id>/<any(up, down, retire, restore, delete):op>", methods=["POST"])
@login_required
def change(slug, question_id, op):
    event = _event(slug)
    question = queries.get_question_or_404(event, question_id)

    try:
        if op in ("up", "down"):
            services.move_question(event, question, by=current_user, step=-1 if op == "up" else 1)
        elif op == "delete":
            services.delete_question(event, question, by=current_user)
        else:
            services.retire_question(event, question, by=current_user, retired=op == "retire")
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash({"delete": "The question is deleted.", "retire": "The question is retired: no longer asked, "
               "its answers kept.", "restore": "The question is asked again."}.get(op, "The order is saved."),
              "success")
    return redirect(url_for("questions.index", slug=slug))


@bp.route("/submissions/<int:sid>/answers/<int:question_id>/file")
@login_required
def download(slug, sid, question_id):
    event = get_event_or_404(slug)
    submission = submission_queries.get_submission_or_404(event, sid)
    require(can_read_answer_file(current_user, submission), hide=True)
    answer = queries.answers_of(submission).get(question_id)
    require(answer is not None and answer.question.kind == "file", hide=True)
    try:
        path = services.file_of(answer)
    except OSError:
        abort(404)
    return file_response(path, answer.value.get("name", "answer.pdf"), inline=False)


@bp.route("/reviewer-questions", methods=["GET", "POST"])
@login_required
def profile(slug):
    event = get_event_or_404(slug)
    require(can_answer_reviewer_questions(current_user, event))
    questions = queries.list_questions(event, target="reviewer", retired=False)
    answers = queries.answers_of_user(event, current_user)
    raw, errors, status = initial_raw(questions, answers), {}, 200
    if request.method == "POST":
        given = read_answers(questions, request.form, None, required=True)
        if not given.errors:
            services.save_reviewer_answers(event, current_user, questions, given.values, by=current_user)
            db.session.commit()
            flash("Your answers are saved.", "success")
            return redirect(url_for("questions.profile", slug=slug))
        raw, errors, status = given.raw, given.errors, 400
    return render_template("questions/profile.html", event=event, questions=questions, raw=raw,
                           errors=errors), status


@bp.app_template_filter("answer_text")
def answer_text(value, kind: str) -> str:
    return core.display(kind, value)
