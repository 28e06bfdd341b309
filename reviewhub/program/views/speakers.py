"""Organizer pages for speakers: keynotes, invited speakers, panelists, organizers, presenters."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.permissions import require
from reviewhub.program import bp, queries, services
from reviewhub.program.forms import SpeakerEditForm
from reviewhub.program.views.common import managed_event


def _speakers_page(event, form):
    speakers = queries.list_speakers(event)
    with_page = {s.submission_id for s in speakers if s.submission_id}
    candidates = [w for w in queries.list_accepted(event)
                  if w.confirmed and not w.withdrawn and w.submission.id not in with_page]
    return render_template("program/speakers.html", event=event, form=form, speakers=speakers,
                           candidates=candidates)


@bp.route("/manage/speakers", methods=["GET", "POST"])
@login_required
def speakers(slug):
    event = managed_event(slug)
    form = SpeakerEditForm()
    if form.validate_on_submit():
        try:
            services.create_speaker(event, by=current_user, photo=form.photo_bytes, **form.service_data())
        except DomainError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{form.name.data} is added.", "success")
            return redirect(url_for("program.speakers", slug=slug))
    return _speakers_page(event, form)


@bp.route("/manage/speakers/<int:speaker_id>", methods=["GET", "POST"])
@login_required
def speaker_edit(slug, speaker_id):
    event = managed_event(slug)
    person = queries.get_speaker(event, speaker_id)
    require(person is not None, hide=True)
    form = SpeakerEditForm(obj=person)
    if form.validate_on_submit():
        try:
            services.update_speaker(event, person, by=current_user, photo=form.photo_bytes,
                                    remove_photo=form.remove_photo.data, **form.service_data())
        except DomainError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash("The speaker is saved.", "success")
            return redirect(url_for("program.speakers", slug=slug))
    return render_template("program/speaker_form.html", event=event, form=form, person=person)


@bp.route("/manage/speakers/<int:speaker_id>/delete", methods=["POST"])
@login_required
def speaker_delete(slug, speaker_id):
    event = managed_event(slug)
    person = queries.get_speaker(event, speaker_id)
    if person is None:  # a repeated click: already gone
        flash("That speaker was already removed.", "info")
        return redirect(url_for("program.speakers", slug=slug))
    services.delete_speaker(event, person, by=current_user)
    db.session.commit()
    flash(f"{person.name} is removed.", "info")
    return redirect(url_for("program.speakers", slug=slug))


@bp.route("/manage/speakers/presenters/<int:submission_id>", methods=["POST"])
@login_required
def presenter_add(slug, submission_id):
    event = managed_event(slug)
    work = queries.get_accepted(event, submission_id)
    require(work is not None, hide=True)
    try:
        person = services.add_presenter(event, work, by=current_user)
    except DomainError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"{person.name} now has a presenter page.", "success")
    return redirect(url_for("program.speakers", slug=slug))
