"""The authors' response page: the reviews released for response and the response form."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError, StaleEdit
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.models_base import utcnow
from reviewhub.permissions import can_respond, require
from reviewhub.reviewing import bp, queries
from reviewhub.reviewing.process import forms
from reviewhub.reviewing.process import response as responses
from reviewhub.reviewing.process.rounds import response_of, submission_stage
from reviewhub.reviewing.process.settings import settings_of


@bp.route("/<int:sid>/response", methods=["GET", "POST"])
@login_required
def response(slug, sid):
    event = get_event_or_404(slug)
    sub = queries.get_submission(event, sid)
    require(sub is not None and can_respond(current_user, sub), hide=True)
    saved = response_of(sub)
    form = forms.ResponseEditForm(data={"body": saved.body_md if saved else "",
                                        "version": str(saved.version if saved else 0)})
    replies = dict(saved.replies or {}) if saved else {}
    errors, stale, status = {}, None, 200
    if form.validate_on_submit():
        replies = forms.ResponseEditForm.replies(request.form)
        try:
            responses.save_response(sub, by=current_user, body=form.body.data or "", replies=replies,
                                    expected_version=form.version_number())
        except responses.InvalidResponse as error:
            errors, status = error.errors, 400
            flash(str(error), "error")
        except StaleEdit as error:
            stale, status = error, 409
        except DomainError as error:
            flash(str(error), "error")
            status = error.status_code
        else:
            db.session.commit()
            send_pending()
            flash("Your response is saved; you may edit it until the deadline.", "success")
            return redirect(url_for("reviewing.response", slug=slug, sid=sid))
    elif form.is_submitted():
        status = 400
    return render_template(
        "reviewing/process/response.html", event=event, submission=sub, form=form, saved=saved,
        replies=replies, errors=errors, stale=stale, reviews=responses.released_reviews(sub),
        settings=settings_of(event), stage=submission_stage(sub, now=utcnow())), status
