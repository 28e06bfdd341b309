"""Organizer page of the committee's assignment: the automatic AC run (the shared solver,
preview and apply), each submission's AC by hand, and the SACs over the ACs."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub import jobs
from reviewhub.accounts.models import User
from reviewhub.assignment import queries as assignment_queries
from reviewhub.assignment.forms import ConfirmForm
from reviewhub.assignment.services import runs as run_services
from reviewhub.committee import bp, forms, queries
from reviewhub.committee.services import chairs
from reviewhub.committee.services.settings import settings_or_default
from reviewhub.errors import DomainError
from reviewhub.events.models import Role
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_manage_committee, can_organize_submission, require


def _event(slug):
    event = get_event_or_404(slug)
    require(can_manage_committee(current_user, event))
    return event


def _page(event, run_form=None, set_form=None, link_form=None, status=200):
    settings = settings_or_default(event)
    run_form = run_form or forms.AreaChairRunForm(default_load=settings.area_chair_load)
    set_form = set_form or forms.AreaChairSetForm()
    set_form.area_chair.choices = queries.area_chair_choices(event)
    link_form = link_form or forms.SeniorLinkForm()
    link_form.area_chair.choices = set_form.area_chair.choices
    link_form.senior_area_chair.choices = queries.senior_chair_choices(event)
    hidden = assignment_queries.conflicted_submission_ids(current_user, event)
    pairs = sorted(p for p in chairs.current_pairs(event) if p[0] not in hidden)
    subs = assignment_queries.submissions_by_id({s for s, _ in pairs[:500]})
    names = dict(set_form.area_chair.choices)
    return render_template(
        "committee/chairs.html", event=event, settings=settings, run_form=run_form, set_form=set_form,
        link_form=link_form, runs=assignment_queries.list_runs(event, role=Role.area_chair),
        pairs=[(subs[s], names.get(u, "?")) for s, u in pairs[:500]], total=len(pairs), hidden=len(hidden),
        loads=queries.area_chair_loads(event), links=chairs.sac_links(event), names=names,
        seniors=dict(link_form.senior_area_chair.choices), confirm_form=ConfirmForm()), status


@bp.route("/chairs")
@login_required
def chairs_page(slug):
    return _page(_event(slug))


@bp.route("/chairs/run", methods=["POST"])
@login_required
def start_run(slug):
    event = _event(slug)
    form = forms.AreaChairRunForm()
    if not form.validate_on_submit():
        return _page(event, run_form=form, status=400)
    params = {**chairs.default_run_params(event), "mode": form.mode.data, "default_load": form.default_load.data}
    run = run_services.start_run(event, by=current_user, params=params, role=Role.area_chair)
    db.session.commit()
    job = db.session.get(jobs.Job, run.job_id)
    jobs.start(job)
    return redirect(url_for("events.job", slug=slug, job_id=job.id))


@bp.route("/chairs/set", methods=["POST"])
@login_required
def set_chair(slug):
    event = _event(slug)
    form = forms.AreaChairSetForm()
    form.area_chair.choices = queries.area_chair_choices(event)
    if form.validate_on_submit():
        submission = assignment_queries.get_submission_by_number(event, form.number.data)
        if submission is None or not can_organize_submission(current_user, submission):
            form.number.errors.append("No submission of yours to manage has this number.")
        else:
            try:
                chairs.set_area_chair(submission, db.session.get(User, form.area_chair.data), by=current_user)
            except DomainError as error:
                form.area_chair.errors.append(str(error))
            else:
                db.session.commit()
                flash(f"Area chair of #{submission.number} set.", "success")
                return redirect(url_for("committee.chairs_page", slug=slug))
    return _page(event, set_form=form, status=400)


@bp.route("/chairs/seniors", methods=["POST"])
@login_required
def assign_seniors(slug):
    event = _event(slug)
    if ConfirmForm().validate_on_submit():
        count = chairs.assign_senior_chairs(event, by=current_user)
        db.session.commit()
        flash(f"{count} area chair(s) put under a senior area chair.", "success")
    return redirect(url_for("committee.chairs_page", slug=slug) + "#seniors")


@bp.route("/chairs/senior", methods=["POST"])
@login_required
def set_senior(slug):
    event = _event(slug)
    form = forms.SeniorLinkForm()
    form.area_chair.choices = queries.area_chair_choices(event)
    form.senior_area_chair.choices = queries.senior_chair_choices(event)
    if form.validate_on_submit():
        try:
            chairs.set_senior_chair(event, db.session.get(User, form.area_chair.data),
                                    db.session.get(User, form.senior_area_chair.data), by=current_user)
        except DomainError as error:
            form.senior_area_chair.errors.append(str(error))
        else:
            db.session.commit()
            flash("Senior area chair set.", "success")
            return redirect(url_for("committee.chairs_page", slug=slug) + "#seniors")
    return _page(event, link_form=form, status=400)
