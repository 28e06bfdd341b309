"""Organizers' tag pages: the event's tags, a new tag, deleting one, the list's bulk tagging."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_manage_tags, can_tag_reviewers, require
from reviewhub.submissions.views.bulk import targets as bulk_targets
from reviewhub.tags import bp, core, forms, queries, services
from reviewhub.words import plural


def _load(slug):
    event = get_event_or_404(slug)
    require(can_manage_tags(current_user, event))
    return event


@bp.route("/", methods=["GET", "POST"])
@login_required
def index(slug):
    event = _load(slug)
    form = forms.TagCreateForm()
    status = 200
    if form.validate_on_submit():
        try:
            tag = services.create_tag(event, by=current_user, name=form.name.data, colour=form.colour.data,
                                      private=form.private.data)
            db.session.commit()
            flash(f"Tag #{tag.name} created.", "success")
            return redirect(url_for("tags.index", slug=slug))
        except DomainError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
    if form.errors:
        status = 400
    return render_template("tags/index.html", event=event, form=form, tags=queries.list_tags(event, current_user),
                           reviewer_counts=queries.reviewer_counts(event, current_user),
                           colours=core.COLOURS, delete_form=forms.TagDeleteForm()), status


@bp.route("/<int:tag_id>/delete", methods=["POST"])
@login_required
def delete(slug, tag_id):
    event = _load(slug)
    tag = queries.get_tag(event, current_user, tag_id)
    if tag is None:  # deleted meanwhile (or another organizer's private one: the same answer)
        flash("That tag does not exist (any more).", "info")
        return redirect(url_for("tags.index", slug=slug))
    if forms.TagDeleteForm().validate_on_submit():
        services.delete_tag(event, tag, by=current_user)
        db.session.commit()
        flash(f"Tag #{tag.name} deleted.", "success")
    return redirect(url_for("tags.index", slug=slug))


@bp.route("/apply", methods=["POST"])
@login_required
def apply(slug):
    """Bulk tagging from the submissions list: the checked rows or the search's whole result
    (only those the organizer may see; conflicted ones are left out)."""
    event = _load(slug)
    form = forms.TagApplyForm()
    back = request.form.get("next", "")
    back = back if back.startswith(f"/{slug}/manage/submissions") else url_for("submissions.list", slug=slug)
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    ids = [s.id for s in bulk_targets(event)]  # the ticked rows, or the whole search result
    if not ids:
        flash("Tick the submissions to tag first.", "error")
        return redirect(back)
    tag = _named_tag(event, form.tag.data)
    if isinstance(tag, str):
        flash(tag, "error")
        return redirect(back)
    changed = services.tag_submissions(event, tag, ids, by=current_user, add=form.action.data == "add")
    db.session.commit()
    verb = "tagged" if form.action.data == "add" else "untagged"
    flash(f"{plural(changed, 'submission')} {verb} #{tag.name}.", "success")
    return redirect(back)


@bp.route("/apply-reviewers", methods=["POST"])
@login_required
def apply_reviewers(slug):
    """Bulk tagging from the reviewers list: the ticked reviewers of this event."""
    from reviewhub.assignment.queries import reviewer_ids_of

    event = get_event_or_404(slug)
    require(can_tag_reviewers(current_user, event))
    form = forms.TagApplyForm()
    back = request.form.get("next", "")
    back = back if back.startswith(f"/{slug}/assignment/reviewers") else url_for("assignment.reviewers", slug=slug)
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    ids = reviewer_ids_of(event, [int(v) for v in request.form.getlist("uid") if v.isdigit()])
    if not ids:
        flash("Tick the reviewers to tag first.", "error")
        return redirect(back)
    tag = _named_tag(event, form.tag.data)
    if isinstance(tag, str):
        flash(tag, "error")
        return redirect(back)
    changed = services.tag_reviewers(event, tag, ids, by=current_user, add=form.action.data == "add")
    db.session.commit()
    verb = "tagged" if form.action.data == "add" else "untagged"
    flash(f"{plural(changed, 'reviewer')} {verb} #{tag.name}.", "success")
    return redirect(back)


def _named_tag(event, raw: str):
    """The tag the organizer named, or what is wrong with the name (a message)."""
    try:
        name = core.normalise_name(raw)
    except ValueError as error:
        return str(error)
    tag = queries.find_by_name(event, current_user, name)
    return tag if tag is not None else f"There is no tag #{name}: create it first on the tags page."
