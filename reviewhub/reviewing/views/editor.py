"""The organizer's review form editor: one form per submission type, ordered questions."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_edit_review_forms, require
from reviewhub.reviewing import bp, form_services, forms, queries


def _load(slug, form_id):
    event = get_event_or_404(slug)
    require(can_edit_review_forms(current_user, event))
    review_form = queries.get_form(event, form_id)
    require(review_form is not None, hide=True)
    return event, review_form


@bp.route("/forms", methods=["GET", "POST"], endpoint="forms")
@login_required
def forms_list(slug):
    event = get_event_or_404(slug)
    require(can_edit_review_forms(current_user, event))
    action = forms.ActionForm()
    if action.validate_on_submit():
        form_services.ensure_default_forms(event)
        db.session.commit()
        flash("Every submission type has a review form.", "success")
        return redirect(url_for("reviewing.forms", slug=slug))
    return render_template("reviewing/forms.html", event=event, forms=queries.list_forms(event), action_form=action)


@bp.route("/forms/<int:form_id>", methods=["GET", "POST"])
@login_required
def form_edit(slug, form_id):
    event, review_form = _load(slug, form_id)
    add = forms.QuestionAddForm()
    if add.validate_on_submit():
        try:
            form_services.add_question(
                review_form, by=current_user, kind=add.kind.data, label=add.label.data,
                description=add.description.data or "", required=add.required.data,
                visibility=add.visibility.data, min_score=add.min_score.data, max_score=add.max_score.data,
                level_labels=add.level_labels(), choices=add.choices())
        except DomainError as error:
            add.label.errors = [*add.label.errors, str(error)]
        else:
            db.session.commit()
            flash("The question is added.", "success")
            return redirect(url_for("reviewing.form_edit", slug=slug, form_id=form_id))
    return render_template("reviewing/form_edit.html", event=event, review_form=review_form, add=add,
                           answered=form_services.answered_keys(review_form), action_form=forms.ActionForm())


@bp.route("/forms/<int:form_id>/questions/<int:question_id>", methods=["GET", "POST"])
@login_required
def question_edit(slug, form_id, question_id):
    event, review_form = _load(slug, form_id)
    question = queries.get_question(review_form, question_id)
    require(question is not None, hide=True)
    form = forms.QuestionEditForm(obj=question)
    if not form.is_submitted():
        form.fill_from(question)
    if form.validate_on_submit():
        try:
            form_services.update_question(
                question, by=current_user, label=form.label.data, description=form.description.data or "",
                required=form.required.data, visibility=form.visibility.data, level_labels=form.level_labels(),
                min_score=form.min_score.data, max_score=form.max_score.data, choices=form.choices())
        except DomainError as error:
            form.label.errors = [*form.label.errors, str(error)]
        else:
            db.session.commit()
            flash("The question is saved.", "success")
            return redirect(url_for("reviewing.form_edit", slug=slug, form_id=form_id))
    return render_template("reviewing/question_edit.html", event=event, review_form=review_form,
                           question=question, form=form)


@bp.route("/forms/<int:form_id>/questions/<int:question_id>/<any(remove, reactivate, up, down):op>",
          methods=["POST"])
@login_required
def question_action(slug, form_id, question_id, op):
    _event, review_form = _load(slug, form_id)
    question = queries.get_question(review_form, question_id)
    require(question is not None, hide=True)
    if forms.ActionForm().validate_on_submit():
        if op == "remove":
            outcome = form_services.remove_question(question, by=current_user)
            flash("The question is deleted." if outcome == "deleted" else
                  "Reviews answer this question, so it is retired: its answers stay visible to organizers.",
                  "success")
        elif op == "reactivate":
            form_services.reactivate_question(question, by=current_user)
        else:
            form_services.move_question(question, by=current_user, offset=-1 if op == "up" else 1)
        db.session.commit()
    return redirect(url_for("reviewing.form_edit", slug=slug, form_id=form_id))
