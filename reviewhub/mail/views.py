"""Mail pages: the outbox with retries, a submission's mail log, and the template editor."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub import audit
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail import bp, delivery, editing, queries
from reviewhub.mail.forms import TemplateEditForm
from reviewhub.mail.models import OutboxState
from reviewhub.mail.rendering import TemplateProblem, render_message
from reviewhub.mail.services import count_by_status, send_pending
from reviewhub.permissions import can_manage_decisions, can_see_mail_log, can_send_mail, require


@bp.route("/")
@login_required
def outbox(slug):
    event = get_event_or_404(slug)
    require(can_send_mail(current_user, event))
    status = request.args.get("status") if request.args.get("status") in set(OutboxState) else None
    page = request.args.get("page", 1, type=int) or 1
    rows, total = queries.list_outbox(event, current_user, status=status, page=max(1, page))
    return render_template("mail/outbox.html", event=event, rows=rows, total=total, status=status,
                           page=max(1, page), page_size=queries.PAGE_SIZE, counts=count_by_status(event.id))


@bp.route("/<int:row_id>/retry", methods=["POST"])
@login_required
def retry(slug, row_id):
    event = get_event_or_404(slug)
    require(can_send_mail(current_user, event))
    row = queries.get_row(event, row_id)
    require(row is not None, hide=True)
    if row.status != OutboxState.failed:
        flash("Only failed messages can be retried.", "info")
    else:
        delivery.retry(row)
        audit.record("mail.retried", event=event, actor=current_user, obj=row)
        db.session.commit()
        send_pending()
        flash(f"The message to {row.to_email} is queued again.", "success")
    return redirect(url_for("mail.outbox", slug=slug, status=request.args.get("status")))


@bp.route("/submissions/<int:sid>")
@login_required
def log(slug, sid):
    from reviewhub.decisions.queries import get_submission

    event = get_event_or_404(slug)
    require(can_manage_decisions(current_user, event))
    submission = get_submission(event, sid)
    # A conflicted organizer gets the answer of a missing id: walking ids tells nothing.
    require(submission is not None and can_see_mail_log(current_user, submission), hide=True)
    return render_template("mail/log.html", event=event, submission=submission,
                           rows=queries.for_submission(submission))


@bp.route("/templates")
@login_required
def templates(slug):
    event = get_event_or_404(slug)
    require(can_manage_decisions(current_user, event))
    return render_template("mail/templates.html", event=event, keys=editing.template_keys(event))


@bp.route("/templates/<path:key>", methods=["GET", "POST"])
@login_required
def edit_template(slug, key):
    event = get_event_or_404(slug)
    require(can_manage_decisions(current_user, event))
    if not editing.is_known_key(event, key):
        abort(404)
    subject, body, custom = editing.current_source(event, key)
    form = TemplateEditForm(data={"subject": subject, "body": body})
    form.allowed = editing.allowed_placeholders(event, key)
    preview = None
    if form.validate_on_submit():
        if form.save.data:
            try:
                editing.save_template(event, key, subject=form.subject.data, body=form.body.data, by=current_user)
            except TemplateProblem as error:
                form.body.errors.append(str(error))
            else:
                db.session.commit()
                flash("The template is saved.", "success")
                return redirect(url_for("mail.edit_template", slug=slug, key=key))
        else:
            preview = _preview(event, key, form)
    return render_template("mail/template_edit.html", event=event, key=key, form=form, custom=custom,
                           preview=preview, allowed=sorted(form.allowed)), 400 if form.errors else 200


@bp.route("/templates/<path:key>/reset", methods=["POST"])
@login_required
def reset_template(slug, key):
    event = get_event_or_404(slug)
    require(can_manage_decisions(current_user, event))
    if not editing.is_known_key(event, key):
        abort(404)
    editing.reset_template(event, key, by=current_user)
    db.session.commit()
    flash("The template is back to the shipped version.", "info")
    return redirect(url_for("mail.edit_template", slug=slug, key=key))


def _preview(event, key, form) -> dict | None:
    """Render the typed template for the chosen submission and recipient."""
    context = editing.sample_context(form.allowed)
    recipient = "[recipient_name]"
    if form.preview_number.data:
        submission = _submission_by_number(event, form.preview_number.data)
        if submission is None or not can_see_mail_log(current_user, submission):
            form.preview_number.errors.append("No submission you may see has this number.")
            return None
        author = _author(submission, form.preview_email.data)
        if author is None:
            form.preview_email.errors.append("This is not the address of one of its authors.")
            return None
        recipient = author.name
        if key.startswith("decisions/"):
            from reviewhub.decisions.services import preview_context

            context.update(preview_context(event, submission, key))
    try:
        subject, text, html = render_message(form.subject.data, form.body.data,
                                             {**context, "recipient_name": recipient})
    except TemplateProblem as error:
        form.body.errors.append(str(error))
        return None
    return {"subject": subject, "text": text}


def _submission_by_number(event, number):
    import sqlalchemy as sa

    from reviewhub.submissions.models import Submission

    return db.session.scalar(sa.select(Submission).where(Submission.event_id == event.id,
                                                         Submission.number == number))


def _author(submission, email):
    if not submission.authors:
        return None
    if not email:
        return submission.authors[0]
    return next((a for a in submission.authors if a.email.lower() == email.lower()), None)
