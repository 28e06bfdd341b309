"""Two-factor pages: set up (QR code, confirm with a code), recovery codes, turn off, and the
login's second step."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub.accounts import bp, forms, services, signin, twofactor
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.permissions import require
from reviewhub.security.recorder import note_refusal


def _page(code_form=None, disable_form=None, codes=None, status=200):
    return render_template(
        "accounts/two_factor.html", code_form=code_form or forms.TwoFactorCodeForm(),
        disable_form=disable_form or forms.TwoFactorDisableForm(), codes=codes,
        qr=twofactor.qr_svg(current_user) if current_user.totp_secret and not current_user.has_two_factor else None,
        secret=twofactor.secret_of(current_user) if not current_user.has_two_factor else None,
    ), status


@bp.route("/two-factor")
@login_required
def two_factor():
    require(current_user.is_authenticated)
    return _page()


@bp.route("/two-factor/setup", methods=["POST"])
@login_required
def two_factor_setup():
    require(current_user.is_authenticated)
    try:
        twofactor.start_setup(current_user)
    except DomainError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
    return redirect(url_for("accounts.two_factor"))


@bp.route("/two-factor/confirm", methods=["POST"])
@login_required
def two_factor_confirm():
    require(current_user.is_authenticated)
    form = forms.TwoFactorCodeForm()
    if form.validate_on_submit():
        try:
            codes = twofactor.confirm_setup(current_user, form.code.data)
        except DomainError as error:
            form.code.errors.append(str(error))
        else:
            db.session.commit()
            flash("Two-factor sign-in is on.", "success")
            return _page(codes=codes)  # shown this once; only their digests are kept
    return _page(code_form=form, status=400)


@bp.route("/two-factor/recovery-codes", methods=["POST"])
@login_required
def two_factor_recovery_codes():
    require(current_user.has_two_factor)
    form = forms.TwoFactorCodeForm()
    if form.validate_on_submit() and twofactor.accept_code(current_user, form.code.data):
        codes = twofactor.new_recovery_codes(current_user)
        db.session.commit()
        flash("New recovery codes; the old ones no longer work.", "success")
        return _page(codes=codes)
    form.code.errors.append("This code is not right.")
    return _page(code_form=form, status=400)


@bp.route("/two-factor/disable", methods=["POST"])
@login_required
def two_factor_disable():
    require(current_user.has_two_factor)
    form = forms.TwoFactorDisableForm()
    if form.validate_on_submit():
        try:
            twofactor.disable(current_user, password_ok=services.check_password(current_user, form.password.data),
                              code=form.code.data)
        except DomainError as error:
            (form.password if "password" in str(error) else form.code).errors.append(str(error))
        else:
            db.session.commit()
            flash("Two-factor sign-in is off.", "info")
            return redirect(url_for("accounts.two_factor"))
    return _page(disable_form=form, status=400)


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    require(True)  # the pending login in this browser's session is the permission
    user = signin.pending_user()
    if user is None:
        raise services.BadToken("No sign-in is waiting for a code in this browser (or the password was "
                                "given over five minutes ago): log in with your password again.")
    form = forms.TwoFactorCodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            twofactor.check_second_step(user, form.code.data, address=request.remote_addr or "?")
        except twofactor.TwoFactorRateLimited as error:
            note_refusal("rate_limited", "two_factor")
            form.code.errors.append(str(error))
            status = 429
        except DomainError as error:
            db.session.commit()  # the wrong code counts toward the limit
            form.code.errors.append(str(error))
            status = 400
        else:
            db.session.commit()
            return redirect(signin.finish_pending(user))
    return render_template("accounts/login_code.html", form=form), status
