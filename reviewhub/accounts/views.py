"""Account pages: register, confirm, log in and out, reset and change the password."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from reviewhub.accounts import bp, forms, services, signin
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.permissions import require
from reviewhub.security.recorder import note_refusal

signin.connect_signals()  # a new CSRF secret at every login and logout


def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect would make the login page a phishing tool."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("events.index")


@bp.route("/register", methods=["GET", "POST"])
def register():
    require(True)  # public
    form = forms.RegisterForm()
    if form.validate_on_submit():
        next_path = _safe_next(request.args.get("next"))
        services.register(email=form.email.data, name=form.name.data, affiliation=form.affiliation.data,
                          password=form.password.data, next_path=next_path)
        db.session.commit()
        send_pending()
        # The same answer whether the address was new or had an account (which got a mail
        # saying so): nobody learns from it which addresses have accounts.
        flash(REGISTERED, "success")
        return redirect(url_for("accounts.login", next=request.args.get("next") or None))
    return render_template("accounts/register.html", form=form)


REGISTERED = ("Thank you. We sent a message to that address: open its link to confirm the address "
              "and sign in.")


@bp.route("/confirm/<token>")
def confirm(token):
    require(True)  # the token is the permission
    confirmation = services.confirm_email(token)
    db.session.commit()
    flash(f"Thank you, {confirmation.user.name}: your email address is confirmed.", "success")
    if confirmation.first and not current_user.is_authenticated:
        # The first use of the link proves the mailbox, as a reset link does: it signs in.
        return redirect(signin.sign_in(confirmation.user, _safe_next(confirmation.next_path)))
    return redirect(url_for("events.index"))


@bp.route("/confirm/resend", methods=["POST"])
@login_required
def resend_confirmation():
    require(current_user.email_confirmed_at is None)
    services.send_confirmation(current_user)
    db.session.commit()
    send_pending()
    flash("We sent you a new confirmation link.", "info")
    return redirect(url_for("accounts.profile"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    require(True)  # public
    form = forms.LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                email=form.email.data, password=form.password.data, address=request.remote_addr or "?"
            )
        except services.RateLimited as error:
            note_refusal("rate_limited", "login")
            form.password.errors.append(str(error))
            status = 429
        except DomainError as error:
            db.session.commit()  # keep the failed attempt: it counts toward the limit
            form.password.errors.append(str(error))
        else:
            target = signin.sign_in(user, _safe_next(request.args.get("next")))
            if not request.args.get("next") and current_user.is_authenticated:
                from reviewhub.committee.queries import console_landing

                landing = console_landing(user)  # an area chair starts on their console
                if landing:
                    return redirect(url_for("committee.console", slug=landing))
            return redirect(target)
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    require(current_user.is_authenticated)
    services.end_all_sessions(current_user)
    db.session.commit()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("events.index"))


@bp.route("/reset", methods=["GET", "POST"])
def reset_request():
    require(True)  # public
    form = forms.ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        send_pending()
        flash("If an account uses this address, a reset link is on its way.", "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token):
    require(True)  # the token is the permission
    services.user_for_reset_token(token)
    form = forms.ResetForm()
    if form.validate_on_submit():
        user = services.reset_password(token, form.password.data)
        db.session.commit()
        flash("Your password is changed.", "success")
        return redirect(signin.sign_in(user, url_for("events.index")))  # with its second step
    return render_template("accounts/reset.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    require(current_user.is_authenticated)
    form = forms.ProfileEditForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, name=form.name.data, affiliation=form.affiliation.data)
        db.session.commit()
        flash("Your profile is saved.", "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=forms.PasswordChangeForm())


@bp.route("/password", methods=["POST"])
@login_required
def change_password():
    require(current_user.is_authenticated)
    form = forms.PasswordChangeForm()
    if form.validate_on_submit() and not services.check_password(current_user, form.current_password.data):
        form.current_password.errors.append("This is not your current password.")
    elif form.validate_on_submit():
        services.change_password(current_user, form.password.data)
        db.session.commit()
        login_user(current_user)  # this browser stays logged in; every other session ends
        flash("Your password is changed; other sessions were logged out.", "success")
        return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html", form=forms.ProfileEditForm(obj=current_user), password_form=form
    ), 400


from reviewhub.accounts import twofactor_views  # noqa: E402,F401  (its routes join this blueprint)
