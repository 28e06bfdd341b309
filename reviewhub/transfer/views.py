"""Transfer pages: a person's own data and account deletion; organizers' HotCRP and CSV
imports, each previewed with its problems line by line before anything is written."""

import json

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from reviewhub import storage
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_import_into_event, can_manage_own_account, require
from reviewhub.transfer import bp, forms, personal, services

PREVIEW_MAX_AGE = 3600  # a previewed HotCRP upload may be applied within the hour


@bp.route("/account/data")
@login_required
def my_data():
    require(can_manage_own_account(current_user))
    body = json.dumps(personal.personal_data(current_user), indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="reviewhub-my-data.json"', "Cache-Control": "no-store"})


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    require(can_manage_own_account(current_user))
    form = forms.AccountDeleteForm()
    if form.validate_on_submit():
        try:
            personal.delete_account(current_user, password=form.password.data)
            db.session.commit()
            logout_user()
            flash("Your account is deleted. Your reviews stay, anonymised.", "success")
            return redirect(url_for("events.index"))
        except DomainError as error:
            db.session.rollback()
            form.password.errors.append(str(error))
    return render_template("transfer/delete_account.html", form=form), 400 if form.errors else 200


def _event(slug):
    event = get_event_or_404(slug)
    require(can_import_into_event(current_user, event))
    return event


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="transfer-hotcrp-preview")


@bp.route("/<slug>/manage/import/hotcrp", methods=["GET", "POST"])
@login_required
def hotcrp(slug):
    event = _event(slug)
    form, preview, token = forms.HotcrpImportForm(), None, ""
    if form.validate_on_submit():
        try:
            if form.token.data:
                return _apply_hotcrp(event, form.token.data)
            preview, token = _preview_hotcrp(event, form)
        except services.ImportInvalid as error:
            db.session.rollback()
            preview = services.Preview([], error.errors)
        except DomainError as error:
            db.session.rollback()
            form.upload.errors = [str(error)]
    status = 400 if form.errors or (preview and preview.errors) else 200
    return render_template("transfer/hotcrp.html", event=event, form=form, preview=preview, token=token), status


def _preview_hotcrp(event, form):
    upload = form.upload.data
    if upload is None or not getattr(upload, "filename", ""):
        raise DomainError("Choose HotCRP's submission JSON (or a zip of it with the documents).")
    data = upload.read()
    text, files = services.read_hotcrp_upload(upload.filename, data)
    preview, _parsed = services.preview_hotcrp(event, text, files)
    token = ""
    if not preview.errors:
        key = storage.save_bytes(data).key
        token = _signer().dumps({"k": key, "e": event.id, "u": current_user.id, "n": upload.filename})
    return preview, token


def _apply_hotcrp(event, token: str):
    try:
        held = _signer().loads(token, max_age=PREVIEW_MAX_AGE)
    except BadSignature as error:
        raise DomainError("The preview has expired or is not valid; upload the file again.") from error
    if held.get("e") != event.id or held.get("u") != current_user.id:
        raise DomainError("The preview has expired or is not valid; upload the file again.")
    try:
        data = storage.read_bytes(held["k"])
    except (OSError, ValueError) as error:
        raise DomainError("The preview has expired; upload the file again.") from error
    text, files = services.read_hotcrp_upload(held.get("n", "upload"), data)
    created = services.apply_hotcrp(event, text, files, by=current_user)
    db.session.commit()
    storage.delete(held["k"])
    flash(f"{len(created)} submissions imported from HotCRP.", "success")
    return redirect(url_for("transfer.hotcrp", slug=event.slug))


@bp.route("/<slug>/manage/import/csv", methods=["GET", "POST"])
@login_required
def csv(slug):
    event = _event(slug)
    form, preview = forms.CsvImportForm(), None
    if form.validate_on_submit():
        try:
            if request.form.get("action") == "apply":
                count = services.apply_csv(event, form.kind.data, form.text.data, by=current_user)
                db.session.commit()
                from reviewhub.mail.services import send_pending

                send_pending()
                flash(f"{count} lines applied.", "success")
                return redirect(url_for("transfer.csv", slug=slug))
            preview = services.preview_csv(event, form.kind.data, form.text.data, by=current_user)
        except services.ImportInvalid as error:
            db.session.rollback()
            preview = services.Preview([], error.errors)
        except DomainError as error:
            db.session.rollback()
            form.text.errors.append(str(error))
    status = 400 if form.errors or (preview and preview.errors) else 200
    return render_template("transfer/csv.html", event=event, form=form, preview=preview), status
