"""Organizer pages to invite reviewers and set loads; the public invitation answer page."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub import jobs
from reviewhub.assignment import bp, forms, queries
from reviewhub.assignment.models import ReviewerInvitation
from reviewhub.assignment.services import invitations
from reviewhub.errors import DomainError
from reviewhub.events.models import Role
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.permissions import (
    can_manage_reviewers,
    has_event_role,
    require,
)
from reviewhub.search.language import REVIEWER_HELP, SearchError
from reviewhub.tags import core as tag_core
from reviewhub.tags import queries as tag_queries


def _page(event, invite_form=None, import_form=None, import_errors=(), status=200):
    q, page = request.args.get("q", "")[:1000], max(request.args.get("page", 1, type=int) or 1, 1)
    try:  # the search box (reviewhub/search's reviewers language) filters both tables
        reviewers, total = queries.search_reviewers(event, current_user, q, page=page)
        invited, invited_total = queries.search_invitations(event, current_user, q)
        search_error = None
    except SearchError as error:
        (reviewers, total, invited, invited_total), search_error = ([], 0, [], 0), error
        status = 400
    return render_template(
        "assignment/reviewers.html", event=event, invitations=invited, invitations_total=invited_total,
        reviewers=reviewers, total=total, q=q, page=page, pages=max(1, -(-total // queries.REVIEWERS_PER_PAGE)),
        search_error=search_error, search_help=REVIEWER_HELP,
        tags_on=tag_queries.tags_on_reviewers(current_user, event, [r.user.id for r in reviewers]),
        tag_names=tag_queries.visible_names(event, current_user), tag_colours=tag_core.COLOURS,
        invite_form=invite_form or forms.ReviewerInviteForm(),
        import_form=import_form or forms.ReviewerImportForm(), import_errors=import_errors,
        load_form=forms.ReviewerLoadForm(), confirm_form=forms.ConfirmForm()), status


@bp.route("/reviewers", methods=["GET", "POST"])
@login_required
def reviewers(slug):
    event = get_event_or_404(slug)
    require(can_manage_reviewers(current_user, event))
    form = forms.ReviewerInviteForm()
    if form.validate_on_submit():
        try:
            invitations.invite(event, email=form.email.data, name=form.name.data,
                               affiliation=form.affiliation.data, by=current_user)
        except DomainError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            send_pending()
            flash(f"{form.email.data} is invited.", "success")
            return redirect(url_for("assignment.reviewers", slug=slug))
    return _page(event, invite_form=form, status=400 if form.errors else 200)


@bp.route("/reviewers/import", methods=["POST"])
@login_required
def import_reviewers(slug):
    event = get_event_or_404(slug)
    require(can_manage_reviewers(current_user, event))
    form = forms.ReviewerImportForm()
    if form.validate_on_submit():
        try:
            job = invitations.start_import(event, form.list_text(), by=current_user)
        except invitations.ListInvalid as error:
            db.session.rollback()
            return _page(event, import_form=form, import_errors=error.errors, status=400)
        db.session.commit()
        jobs.start(job)  # without a queue it runs now, before the redirect
        return redirect(url_for("events.job", slug=slug, job_id=job.id))
    return _page(event, import_form=form, status=400)


def _invitation(event, invitation_id) -> ReviewerInvitation:
    invitation = db.session.get(ReviewerInvitation, invitation_id)
    require(invitation is not None and invitation.event_id == event.id, hide=True)
    return invitation


def _back(event, invitation):
    """Back to the page that lists the invitation: reviewers, or the committee's members."""
    if invitation.role == Role.reviewer:
        return redirect(url_for("assignment.reviewers", slug=event.slug))
    return redirect(url_for("committee.members", slug=event.slug))


@bp.route("/invitations/<int:invitation_id>/remind", methods=["POST"])
@login_required
def remind(slug, invitation_id):
    event = get_event_or_404(slug)
    require(can_manage_reviewers(current_user, event))
    invitation = _invitation(event, invitation_id)
    if forms.ConfirmForm().validate_on_submit():
        sent = invitations.remind(invitation, by=current_user)
        db.session.commit()
        send_pending()
        flash(f"Reminded {invitation.email}." if sent else
              f"{invitation.email} was reminded today already; nothing sent.", "info")
    return _back(event, invitation)


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@login_required
def revoke(slug, invitation_id):
    event = get_event_or_404(slug)
    require(can_manage_reviewers(current_user, event))
    invitation = _invitation(event, invitation_id)
    if forms.ConfirmForm().validate_on_submit():
        invitations.revoke(invitation, by=current_user)
        db.session.commit()
        flash(f"The invitation of {invitation.email} is revoked.", "info")
    return _back(event, invitation)


@bp.route("/reviewers/<int:user_id>/load", methods=["POST"])
@login_required
def set_load(slug, user_id):
    event = get_event_or_404(slug)
    require(can_manage_reviewers(current_user, event))
    membership = queries.get_reviewer_membership(event, user_id)
    require(membership is not None, hide=True)
    form = forms.ReviewerLoadForm()
    if not form.validate_on_submit():
        flash("Load cap: " + " ".join(form.max_load.errors or ["enter a whole number."]), "error")
        return _page(event, status=400)
    invitations.set_max_load(membership, form.max_load.data, by=current_user)
    db.session.commit()
    flash(f"Load cap of {membership.user.name} saved.", "success")
    return redirect(url_for("assignment.reviewers", slug=slug))


def _by_token(event, token) -> ReviewerInvitation:
    invitation = invitations.get_invitation_by_token(token)
    require(invitation is not None and invitation.event_id == event.id, hide=True)
    return invitation


@bp.route("/invitation/<token>")
def invitation(slug, token):
    require(True)  # the token is the permission
    event = get_event_or_404(slug)
    invitation = _by_token(event, token)
    already = has_event_role(current_user, event, invitation.role)
    return render_template("assignment/invitation.html", event=event, invitation=invitation,
                           role_label=invitations.role_label(invitation.role),
                           answer=request.args.get("answer", ""), already=already,
                           form=forms.ConfirmForm(), next_path=request.path)


@bp.route("/invitation/<token>/accept", methods=["POST"])
@login_required
def accept(slug, token):
    require(True)  # the token is the permission; an account is needed to review
    event = get_event_or_404(slug)
    invitation = _by_token(event, token)
    if forms.ConfirmForm().validate_on_submit():
        invitations.accept(invitation, current_user)
        db.session.commit()
        if invitation.role != Role.reviewer:
            flash(f"Welcome to the committee of {event.name} as "
                  f"{invitations.role_label(invitation.role)}.", "success")
            return redirect(url_for("committee.console", slug=slug))
        flash(f"Welcome to the reviewers of {event.name}. Please fill in your profile.", "success")
        return redirect(url_for("assignment.profile", slug=slug))
    return redirect(url_for("assignment.invitation", slug=slug, token=token))


@bp.route("/invitation/<token>/decline", methods=["POST"])
def decline(slug, token):
    require(True)  # the token is the permission; no account needed
    event = get_event_or_404(slug)
    invitation = _by_token(event, token)
    if forms.ConfirmForm().validate_on_submit():
        invitations.decline(invitation, user=current_user if current_user.is_authenticated else None)
        db.session.commit()
        flash("You declined the invitation. Thank you for letting us know.", "info")
    return redirect(url_for("assignment.invitation", slug=slug, token=token))
