"""The owner's publication list: upload, preview, import, remove."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.permissions import can_manage_own_publications, require
from reviewhub.publications import bp, forms, services
from reviewhub.publications.formats import FORMATS, title_key
from reviewhub.publications.models import Publication, PublicationImport


def _own(model, object_id):
    row = db.session.get(model, object_id)
    require(row is not None and row.user_id == current_user.id, hide=True)
    return row


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    require(can_manage_own_publications(current_user))
    form = forms.UploadForm()
    if form.validate_on_submit():
        try:
            staged = services.stage(current_user, form.data_bytes(), form.file.data.filename or "")
        except DomainError as error:
            form.file.errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for("publications.preview", import_id=staged.id))
    papers = list(db.session.scalars(sa.select(Publication).where(Publication.user_id == current_user.id)
                                     .order_by(Publication.year.desc().nulls_last(), Publication.title)))
    return render_template("publications/index.html", form=form, papers=papers, formats=FORMATS,
                           confirm_form=forms.ConfirmForm()), 400 if form.errors else 200


@bp.route("/imports/<int:import_id>")
@login_required
def preview(import_id):
    require(can_manage_own_publications(current_user))
    staged = _own(PublicationImport, import_id)
    known = services.known_titles(current_user)
    rows = [(paper, title_key(paper["title"]) in known) for paper in staged.papers]
    return render_template("publications/preview.html", staged=staged, rows=rows, formats=FORMATS,
                           new_count=sum(1 for _, old in rows if not old), confirm_form=forms.ConfirmForm())


@bp.route("/imports/<int:import_id>/apply", methods=["POST"])
@login_required
def apply(import_id):
    require(can_manage_own_publications(current_user))
    staged = _own(PublicationImport, import_id)
    if not forms.ConfirmForm().validate_on_submit():
        flash("The form expired; import again.", "error")
        return redirect(url_for("publications.preview", import_id=import_id))
    try:
        added = services.apply(current_user, staged)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("publications.index"))
    db.session.commit()
    flash(f"{added} paper{'s' if added != 1 else ''} added to your publications and past papers.", "success")
    return redirect(url_for("publications.index"))


@bp.route("/<int:publication_id>/remove", methods=["POST"])
@login_required
def remove(publication_id):
    require(can_manage_own_publications(current_user))
    publication = _own(Publication, publication_id)
    if forms.ConfirmForm().validate_on_submit():
        services.remove(current_user, publication)
        db.session.commit()
        flash("The paper is removed from your publications (your past-papers text stays as you wrote it).", "info")
    return redirect(url_for("publications.index"))
