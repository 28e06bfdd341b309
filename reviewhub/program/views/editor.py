"""The organizer's schedule editor: slots, talks, posters, releases and visibility (no JS needed)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.permissions import conflicted_submission_ids, require
from reviewhub.program import bp, queries, services
from reviewhub.program.editor_state import editor_state
from reviewhub.program.forms import (
    PosterPlaceForm,
    ProgramVisibilityForm,
    ReleaseCreateForm,
    SlotEditForm,
)
from reviewhub.program.views.common import managed_event
from reviewhub.timeutil import from_local, to_local
from reviewhub.words import label


def _editor(slug):
    return redirect(url_for("program.editor", slug=slug))


@bp.route("/manage/schedule")
@login_required
def editor(slug):
    event = managed_event(slug)
    state = editor_state(event, hidden=conflicted_submission_ids(current_user))
    return render_template("program/editor.html", event=event, state=state,
                           slot_form=_slot_form(event, state), release_form=ReleaseCreateForm(),
                           visibility_form=ProgramVisibilityForm(program_public=event.program_public))


def _slot_form(event, state=None, slot=None) -> SlotEditForm:
    """The slot form with speaker and talk choices; a slot's times shown in the event's zone."""
    state = state or editor_state(event, hidden=conflicted_submission_ids(current_user))
    form = SlotEditForm(obj=slot)
    form.speaker_ids.choices = [(s.id, f"{s.name} ({label(s.kind)})") for s in state.speakers]
    form.submission_id.choices = [(0, "(none)")] + [
        (w.submission.id, f"#{w.submission.number} {w.submission.title} ({label(w.format, 'presentation_format')})")
        for w in state.schedulable]
    held = slot.submission_id if slot is not None else None
    if held and held not in {value for value, _ in form.submission_id.choices}:
        # A work left out for this organizer (their conflict, decision unreleased): the slot
        # keeps it when they edit the rest, without its title.
        form.submission_id.choices.append((held, "(a submission you are conflicted with)"))
    if slot is not None and not form.is_submitted():
        form.start_at.data = to_local(slot.start_at, event.timezone).replace(tzinfo=None)
        form.end_at.data = to_local(slot.end_at, event.timezone).replace(tzinfo=None)
        form.speaker_ids.data = [s.id for s in slot.speakers]
        form.submission_id.data = slot.submission_id or 0
    return form


def _save_slot(event, slot, form) -> bool:
    """Apply a valid form through the service; a refused rule lands next to the form."""
    try:
        services.save_slot(
            event, slot, by=current_user, kind=form.kind.data, title=form.title.data,
            start_at=from_local(form.start_at.data, event.timezone),
            end_at=from_local(form.end_at.data, event.timezone), room=form.room.data,
            speaker_ids=form.speaker_ids.data or [], submission_id=form.submission_id.data or None)
    except DomainError as error:
        form.title.errors.append(str(error))
        return False
    db.session.commit()
    return True


@bp.route("/manage/schedule/slots/new", methods=["GET", "POST"])
@login_required
def slot_new(slug):
    event = managed_event(slug)
    form = _slot_form(event)
    if form.validate_on_submit() and _save_slot(event, None, form):
        flash("The slot is added.", "success")
        return _editor(slug)
    return render_template("program/slot_form.html", event=event, form=form, slot=None)


@bp.route("/manage/schedule/slots/<int:slot_id>", methods=["GET", "POST"])
@login_required
def slot_edit(slug, slot_id):
    event = managed_event(slug)
    slot = queries.get_slot(event, slot_id)
    require(slot is not None, hide=True)
    form = _slot_form(event, slot=slot)
    background = request.headers.get("X-Requested-With") == "fetch"  # program.js: drag and drop
    if form.validate_on_submit() and _save_slot(event, slot, form):
        flash("The slot is saved.", "success")
        if background:  # the page reloads to show the flash and the draft's warnings
            return {"ok": True, "warnings": [w.message for w in editor_state(event).warnings]}
        return _editor(slug)
    if background and form.is_submitted():
        errors = {name: list(field.errors) for name, field in form._fields.items() if field.errors}
        return {"ok": False, "errors": errors}, 400
    return render_template("program/slot_form.html", event=event, form=form, slot=slot)


@bp.route("/manage/schedule/slots/<int:slot_id>/delete", methods=["POST"])
@login_required
def slot_delete(slug, slot_id):
    event = managed_event(slug)
    slot = queries.get_slot(event, slot_id)
    if slot is None:  # a repeated click: already gone
        flash("That slot was already deleted.", "info")
        return _editor(slug)
    services.delete_slot(event, slot, by=current_user)
    db.session.commit()
    flash("The slot is deleted.", "info")
    return _editor(slug)


@bp.route("/manage/schedule/seed", methods=["POST"])
@login_required
def seed_day(slug):
    event = managed_event(slug)
    try:
        services.start_from_seed_day(event, by=current_user)
    except DomainError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash("The draft now holds the seed day's slots.", "success")
    return _editor(slug)


@bp.route("/manage/schedule/slots/<int:slot_id>/posters", methods=["GET", "POST"])
@login_required
def poster_place(slug, slot_id):
    event = managed_event(slug)
    slot = queries.get_slot(event, slot_id)
    require(slot is not None and slot.kind == "poster_session", hide=True)
    form = PosterPlaceForm()
    form.submission_id.choices = [(w.submission.id, f"#{w.submission.number} {w.submission.title}")
                                  for w in editor_state(event, hidden=conflicted_submission_ids(current_user)).schedulable]
    if form.validate_on_submit():
        try:
            services.place_poster(event, slot, by=current_user, submission_id=form.submission_id.data,
                                  board_number=form.board_number.data)
        except DomainError as error:
            form.board_number.errors.append(str(error))
        else:
            db.session.commit()
            flash("The poster is placed.", "success")
            return _editor(slug)
    return render_template("program/poster_form.html", event=event, form=form, slot=slot)


@bp.route("/manage/schedule/posters/<int:board_id>/delete", methods=["POST"])
@login_required
def poster_remove(slug, board_id):
    event = managed_event(slug)
    board = queries.get_board(event, board_id)
    if board is None:  # a repeated click: already gone
        flash("That poster was already removed.", "info")
        return _editor(slug)
    services.remove_poster(event, board, by=current_user)
    db.session.commit()
    flash("The poster is taken off its board.", "info")
    return _editor(slug)


@bp.route("/manage/schedule/release", methods=["GET", "POST"])
@login_required
def release(slug):
    event = managed_event(slug)
    form = ReleaseCreateForm()
    if form.validate_on_submit():
        made = services.release_schedule(event, by=current_user, comment=form.comment.data or "",
                                         note=form.note.data or "")
        db.session.commit()
        send_pending()
        flash(f"Version {made.version} of the schedule is released.", "success")
        return _editor(slug)
    return render_template("program/release.html", event=event, form=form,
                           changes=services.pending_changes(event),
                           latest=queries.latest_release(event))


@bp.route("/manage/visibility", methods=["POST"])
@login_required
def visibility(slug):
    event = managed_event(slug)
    form = ProgramVisibilityForm()
    if form.validate_on_submit():
        services.set_program_public(event, bool(form.program_public.data), by=current_user)
        db.session.commit()
        flash("The program is public." if event.program_public else "The program is hidden.", "info")
    return _editor(slug)
