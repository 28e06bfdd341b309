"""Organizer pages: the committee settings, recruiting ACs and SACs, their load caps."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.assignment import queries as assignment_queries
from reviewhub.assignment.forms import ConfirmForm
from reviewhub.assignment.services import invitations
from reviewhub.committee import bp, forms
from reviewhub.committee.services import settings as committee
from reviewhub.errors import DomainError
from reviewhub.events.models import Role
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.permissions import can_manage_committee, require


def _organizer_event(slug):
    event = get_event_or_404(slug)
    require(can_manage_committee(current_user, event))
    return event


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings(slug):
    event = _organizer_event(slug)
    current = committee.settings_or_default(event)
    form = forms.CommitteeSettingsForm(obj=current)
    if form.validate_on_submit():
        try:
            committee.save_settings(event, by=current_user, **{
                name: getattr(form, name).data for name in (
                    "area_chairs", "senior_area_chairs", "area_chair_load", "meta_reviews",
                    "meta_review_writers", "meta_review_to_authors")})
        except DomainError as error:
            form.area_chairs.errors.append(str(error))
        else:
            db.session.commit()
            flash("The committee settings are saved.", "success")
            return redirect(url_for("committee.settings", slug=slug))
    return render_template("committee/settings.html", event=event, form=form), 400 if form.errors else 200


def _members_page(event, invite_form=None, import_form=None, import_errors=(), status=200):
    return render_template(
        "committee/members.html", event=event, settings=committee.settings_or_default(event),
        area_chairs=committee.list_members(event, Role.area_chair),
        senior_area_chairs=committee.list_members(event, Role.senior_area_chair),
        invitations=assignment_queries.list_invitations(event, roles=committee.COMMITTEE_ROLES),
        invite_form=invite_form or forms.CommitteeInviteForm(),
        import_form=import_form or forms.CommitteeImportForm(), import_errors=import_errors,
        confirm_form=ConfirmForm(), role_label=invitations.role_label), status


@bp.route("/members", methods=["GET", "POST"])
@login_required
def members(slug):
    event = _organizer_event(slug)
    form = forms.CommitteeInviteForm()
    if form.validate_on_submit():
        try:
            invitations.invite(event, email=form.email.data, name=form.name.data,
                               affiliation=form.affiliation.data, by=current_user, role=form.role.data)
        except DomainError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            send_pending()
            flash(f"{form.email.data} is invited as {invitations.role_label(form.role.data)}.", "success")
            return redirect(url_for("committee.members", slug=slug))
    return _members_page(event, invite_form=form, status=400 if form.errors else 200)


@bp.route("/members/import", methods=["POST"])
@login_required
def import_members(slug):
    event = _organizer_event(slug)
    form = forms.CommitteeImportForm()
    if form.validate_on_submit():
        try:
            # A committee is hundreds of people, not thousands: invited within the request.
            created = invitations.import_list(event, form.list_text(), by=current_user, role=form.role.data)
        except invitations.ListInvalid as error:
            db.session.rollback()
            return _members_page(event, import_form=form, import_errors=error.errors, status=400)
        db.session.commit()
        send_pending()
        flash(f"{len(created)} people are invited as {invitations.role_label(form.role.data)}.", "success")
        return redirect(url_for("committee.members", slug=slug))
    return _members_page(event, import_form=form, status=400)


@bp.route("/members/<role>/<int:user_id>/load", methods=["POST"])
@login_required
def set_load(slug, role, user_id):
    event = _organizer_event(slug)
    require(role in committee.COMMITTEE_ROLES, hide=True)
    membership = assignment_queries.get_reviewer_membership(event, user_id, role)
    require(membership is not None, hide=True)
    form = forms.MemberLoadForm()
    if not form.validate_on_submit():
        flash("Load cap: " + " ".join(form.max_load.errors or ["enter a whole number."]), "error")
        return _members_page(event, status=400)
    invitations.set_max_load(membership, form.max_load.data, by=current_user)
    db.session.commit()
    flash(f"Load cap of {membership.user.name} saved.", "success")
    return redirect(url_for("committee.members", slug=slug))
