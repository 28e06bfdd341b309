"""Event pages: the list of events, the public event page, and the organizer's settings."""

import sqlalchemy as sa
from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from reviewhub import jobs
from reviewhub.accounts.services import get_user_by_email
from reviewhub.errors import DomainError
from reviewhub.events import bp, forms, queries, services
from reviewhub.events.checklist import setup_checklist
from reviewhub.events.models import Role
from reviewhub.extensions import db
from reviewhub.permissions import (
    can_close_event,
    can_create_event,
    can_manage_event,
    can_rerun_job,
    can_see_job,
    require,
)
from reviewhub.timeutil import from_local, to_local


@bp.route("/")
def index():
    require(True)  # public
    return render_template("events/index.html", events=queries.list_events())


@bp.route("/<slug>/")
def show(slug):
    require(True)  # public; the program section asks can_see_program itself
    event = queries.get_event_or_404(slug)
    from reviewhub.events.page import event_page_context

    response = make_response(render_template("events/show.html", event=event, **event_page_context(event)))
    response.add_etag()  # from the body: a browser's copy is revalidated with a 304, no re-download
    response.headers["Cache-Control"] = "private, no-cache" if current_user.is_authenticated else "public, no-cache"
    response.vary.add("Cookie")
    return response.make_conditional(request)


def _form_data(form: forms.EventEditForm, zone: str) -> dict:
    data = {name: field.data for name, field in form._fields.items() if name not in ("csrf_token", "topic_lines")}
    for name in forms.DATE_FIELDS:
        data[name] = from_local(data[name], zone)
    data["description_md"] = data["description_md"] or ""
    data["call_md"] = data["call_md"] or ""
    return data


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def new():
    require(can_create_event(current_user))
    form = forms.EventEditForm()
    if form.validate_on_submit():
        try:
            event = services.create_event(
                by=current_user, topics=form.topic_names(),
                **_form_data(form, form.timezone.data),
            )
        except DomainError as error:
            form.slug.errors.append(str(error))
        else:
            db.session.commit()
            flash("The event is created.", "success")
            return redirect(url_for("events.edit", slug=event.slug))
    return render_template("events/edit.html", form=form, event=None)


@bp.route("/<slug>/manage/settings", methods=["GET", "POST"])
@login_required
def edit(slug):
    event = queries.get_event_or_404(slug)
    require(can_manage_event(current_user, event))
    # A POST is judged on what it carries: with obj, an empty body would pass validation with
    # the stored values and re-read the UTC deadlines as local times (shifting them).
    form = forms.EventEditForm(obj=None if request.method == "POST" else event)
    if not form.is_submitted():
        for name in forms.DATE_FIELDS:
            local = to_local(getattr(event, name), event.timezone)
            getattr(form, name).data = local.replace(tzinfo=None) if local else None
        form.topic_lines.data = "\n".join(t.name for t in event.topics)
    if form.validate_on_submit():
        try:
            services.update_event(
                event, by=current_user, topics=form.topic_names(),
                **_form_data(form, form.timezone.data),
            )
        except DomainError as error:
            form.slug.errors.append(str(error))
        else:
            db.session.commit()
            flash("The event settings are saved.", "success")
            return redirect(url_for("events.edit", slug=event.slug))
    return render_template("events/edit.html", form=form, event=event, closing=queries.closing_of(event),
                           checklist=setup_checklist(queries.setup_facts(event)))


def _close_or_reopen(slug, change, done: str):
    event = queries.get_event_or_404(slug)
    require(can_close_event(current_user, event))
    if FlaskForm().validate_on_submit():  # the CSRF token is the whole form
        try:
            change(event, by=current_user)
        except DomainError as error:
            flash(str(error), "info")
        else:
            db.session.commit()
            flash(done, "success")
    return redirect(url_for("events.edit", slug=slug) + "#closing")


@bp.route("/<slug>/manage/close", methods=["POST"])
@login_required
def close(slug):
    return _close_or_reopen(slug, services.close_event,
                            "The event is closed: reviewers no longer reach its submissions and reviews.")


@bp.route("/<slug>/manage/reopen", methods=["POST"])
@login_required
def reopen(slug):
    return _close_or_reopen(slug, services.reopen_event, "The event is open again.")


@bp.route("/<slug>/manage/organizers", methods=["GET", "POST"])
@login_required
def organizers(slug):
    event = queries.get_event_or_404(slug)
    require(can_manage_event(current_user, event))
    form = forms.OrganizerAddForm()
    if form.validate_on_submit():
        user = get_user_by_email(form.email.data)
        if user is None:
            form.email.errors.append("No account uses this address; ask them to register first.")
        else:
            services.add_member(event, user, Role.organizer, by=current_user)
            db.session.commit()
            flash(f"{user.name} is now an organizer.", "success")
            return redirect(url_for("events.organizers", slug=slug))
    members = queries.list_members(event, Role.organizer)
    return render_template("events/organizers.html", event=event, form=form, organizers=members)


@bp.route("/<slug>/manage/organizers/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_organizer(slug, user_id):
    event = queries.get_event_or_404(slug)
    require(can_manage_event(current_user, event))
    from reviewhub.accounts.models import User

    user = db.session.get(User, user_id)
    require(user is not None, hide=True)
    try:
        services.remove_member(event, user, Role.organizer, by=current_user)
        db.session.commit()
        flash(f"{user.name} is no longer an organizer.", "info")
    except DomainError as error:
        flash(str(error), "error")
    return redirect(url_for("events.organizers", slug=slug))


def _event_job(slug: str, job_id: int):
    """The event and one of its jobs, 404 unless the user may see the job."""
    event = queries.get_event_or_404(slug)
    row = db.session.scalar(sa.select(jobs.Job).where(jobs.Job.id == job_id, jobs.Job.event_id == event.id))
    require(row is not None and can_see_job(current_user, row), hide=True)
    if jobs.refresh(row):  # its worker died: say so to every web worker from now on
        db.session.commit()
    return event, row


@bp.route("/<slug>/jobs/<int:job_id>")
@login_required
def job(slug, job_id):
    event, row = _event_job(slug, job_id)
    return render_template("events/job.html", event=event, job=row)


@bp.route("/<slug>/jobs/<int:job_id>/rerun", methods=["POST"])
@login_required
def rerun_job(slug, job_id):
    event, row = _event_job(slug, job_id)
    require(can_rerun_job(current_user, row))
    try:
        jobs.retry(row, by=current_user)
    except DomainError as error:
        flash(str(error), "error")
        return render_template("events/job.html", event=event, job=row), error.status_code
    db.session.commit()
    jobs.start(row)  # inline without a queue: by the redirect it has run
    flash("The job is running again.", "info")
    return redirect(url_for("events.job", slug=slug, job_id=job_id))


@bp.route("/<slug>/jobs/<int:job_id>.json")
@login_required
def job_status(slug, job_id):
    _, row = _event_job(slug, job_id)
    return {"status": row.status, "error": row.error if row.status == "failed" else "", "done": row.done, "total": row.total,
            "percent": row.percent, "message": row.message}
